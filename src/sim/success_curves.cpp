#include "sim/success_curves.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "data/categorical.hpp"
#include "data/categorical_theory.hpp"
#include "data/theory_bounds.hpp"
#include "learn/blas_kernel.hpp"
#include "sim/batch_training.hpp"
#include "sim/input_files.hpp"
#include "sim/plan_checks.hpp"
#include "util/build_info.hpp"
#include "util/csv_writer.hpp"
#include "util/hash.hpp"

namespace aca::sim {

namespace {

agents::SuccessCurve tabulate_fit(const numerics::MonotoneCurve& curve) {
  // The agents need S on all of [0, 1]; outside the tested grid the curve is held at its end values (never
  // extrapolated upward), which the report states next to every number read off it.
  const double lo = curve.alphas.front(), hi = curve.alphas.back();
  return agents::SuccessCurve::tabulate([&](double a) { return curve(std::min(hi, std::max(lo, a))); }, 4097);
}

// A seeded choice of m members among n agents (partial Fisher–Yates).
std::vector<std::int32_t> random_membership(std::size_t n, std::size_t m, std::int32_t k, util::Engine& rng) {
  std::vector<std::size_t> idx(n);
  for (std::size_t i = 0; i < n; ++i) idx[i] = i;
  std::vector<std::int32_t> membership(n, -1);
  for (std::size_t j = 0; j < m; ++j) {
    const std::size_t pick = j + static_cast<std::size_t>(rng() % (n - j));
    std::swap(idx[j], idx[pick]);
    membership[idx[j]] = k;
  }
  return membership;
}

struct Measured {
  std::size_t collective;
  double alpha;
  long replicate;
  double success;
  double epsilon;
};

std::vector<Measured> read_cache(const std::filesystem::path& file) {
  std::vector<Measured> rows;
  std::ifstream in(file);
  if (!in) return rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    // Read field by field with util::read_double: sscanf's %lf and strtod follow LC_NUMERIC, and %lf does not
    // read "inf" everywhere. A row that does not parse makes the cache unusable (estimated afresh).
    std::vector<double> v;
    if (!util::read_doubles(line, v) || v.size() != 5 || v[0] < 0 || v[2] < 0) return {};
    rows.push_back({static_cast<std::size_t>(v[0]), v[1], static_cast<long>(v[2]), v[3], v[4]});
  }
  return rows;
}

}  // namespace

std::vector<CurveEstimate> theory_curves(const World& w) {
  config::Diagnostics d = theory_problems(w);
  if (!d.empty()) throw config::ScenarioError(std::move(d));
  const data::CategoricalModel* model = w.dataset->categorical();
  std::vector<CurveEstimate> out;
  for (const auto& c : w.collectives) {
    const data::CategoricalTheory th = data::categorical_theory(*model, c, 0.5);
    CurveEstimate e;
    e.epsilon = std::numeric_limits<double>::infinity();
    if (c.strategy == data::Strategy::feature_label)
      e.table = agents::SuccessCurve::tabulate([&](double a) { return data::feature_label_bound(a, th.xi, th.delta0); }, 4097);
    else
      e.table = agents::SuccessCurve::tabulate([&](double a) { return data::feature_only_bound(a, th.xi, th.p); }, 4097);
    out.push_back(std::move(e));
  }
  return out;
}

std::string response_curve_key(const config::Scenario& scenario) {
  return response_curve_key(scenario, learn::blas_kernel().kernel);
}

std::string response_curve_key(const config::Scenario& scenario, const std::string& blas_kernel) {
  // The cache outlives runs (it is shared by the runs of one folder and the points of a sweep): besides the sections
  // the curves read, the key holds the content of the data files and the exact build, so an edited CSV or a
  // rebuilt acasim never reuses curves estimated from something else; likewise the OpenBLAS kernel, whose summation
  // order moves every training a little (a cache shared between machines must not mix them).
  return util::hex64(util::fnv1a64(scenario.section_text({"data", "collective", "platform", "response_curve",
                                                          "population.size", "simulation.seed",
                                                          "simulation.threads"}) +
                                   input_files_identity(scenario) + util::build::version + " " +
                                   util::build::git_commit + " " + blas_kernel));
}

std::string response_curve_key(const World& w) { return response_curve_key(w.scenario); }

std::filesystem::path response_curve_cache_file(const config::Scenario& scenario,
                                                const std::filesystem::path& cache_dir) {
  return cache_dir / ("response_curve-" + response_curve_key(scenario) + ".csv");
}

std::size_t response_curve_trainings(const config::Scenario& scenario) {
  const config::View root = scenario.root();
  return root.elements("collective").size() * root.sub("response_curve").reals("alphas").size() *
         static_cast<std::size_t>(root.sub("response_curve").integer("replicates"));
}

bool response_curve_cached(const config::Scenario& scenario, const std::filesystem::path& cache_dir) {
  return read_cache(response_curve_cache_file(scenario, cache_dir)).size() == response_curve_trainings(scenario);
}

std::vector<TrainingTask> response_curve_tasks(const World& w) {
  const config::View rc = w.scenario.root().sub("response_curve");
  const std::vector<double> alphas = rc.reals("alphas");
  const long replicates = static_cast<long>(rc.integer("replicates"));
  const std::size_t n = w.population.size();
  std::vector<TrainingTask> tasks;
  tasks.reserve(w.collectives.size() * alphas.size() * static_cast<std::size_t>(replicates));
  for (std::size_t k = 0; k < w.collectives.size(); ++k)
    for (std::size_t j = 0; j < alphas.size(); ++j)
      for (long r = 0; r < replicates; ++r) {
        // Each training has its own streams keyed by (collective, α index, replicate): reordering or adding
        // grid points never changes the others.
        const std::uint64_t index = (k * 1000003ULL + j) * 1009ULL + static_cast<std::uint64_t>(r);
        util::Engine pick = util::make_stream(w.seed, "response_curve", index);
        const auto m = static_cast<std::size_t>(std::llround(alphas[j] * static_cast<double>(n)));
        tasks.push_back({random_membership(n, std::min(m, n), static_cast<std::int32_t>(k), pick), index,
                         util::make_stream(w.seed, util::streams::learner, index + 1), &w});
      }
  return tasks;
}

namespace {

std::vector<Measured> measured_rows(const World& w, const std::vector<PlatformOutcome>& outcomes) {
  const config::View rc = w.scenario.root().sub("response_curve");
  const std::vector<double> alphas = rc.reals("alphas");
  const long replicates = static_cast<long>(rc.integer("replicates"));
  if (outcomes.size() != response_curve_trainings(w.scenario))
    throw std::logic_error("response curve: outcomes do not match the world's response_curve_tasks");
  std::vector<Measured> rows;
  std::size_t i = 0;
  for (std::size_t k = 0; k < w.collectives.size(); ++k)
    for (std::size_t j = 0; j < alphas.size(); ++j)
      for (long r = 0; r < replicates; ++r, ++i) {
        const PlatformOutcome& o = outcomes[i];
        const double eps = o.privacy.is_private ? o.privacy.epsilon : std::numeric_limits<double>::infinity();
        rows.push_back({k, alphas[j], r, o.success[k].estimate, eps});
      }
  return rows;
}

void write_rows(const std::vector<Measured>& rows, const std::filesystem::path& file) {
  std::filesystem::create_directories(file.parent_path());
  util::CsvWriter csv(file, {"collective", "alpha", "replicate", "success", "epsilon"});
  for (const auto& m : rows)
    csv.row({std::to_string(m.collective), util::format_number(m.alpha), std::to_string(m.replicate),
             util::format_number(m.success), util::format_number(m.epsilon)});
  csv.commit();
}

}  // namespace

void write_response_curve_cache(const World& w, const std::vector<PlatformOutcome>& outcomes,
                                const std::filesystem::path& cache_dir) {
  write_rows(measured_rows(w, outcomes), response_curve_cache_file(w.scenario, cache_dir));
}

std::vector<CurveEstimate> estimate_response_curves(const World& w, const std::filesystem::path& cache_dir,
                                                    bool progress) {
  const std::filesystem::path cache = response_curve_cache_file(w.scenario, cache_dir);
  std::vector<Measured> rows = read_cache(cache);
  const bool cached = rows.size() == response_curve_trainings(w.scenario);
  if (!cached) {
    std::vector<TrainingTask> tasks = response_curve_tasks(w);
    const std::size_t total = tasks.size();
    const std::vector<PlatformOutcome> outcomes = train_independently(w, std::move(tasks), [&](std::size_t done) {
      if (progress) std::fprintf(stderr, "\rresponse curve: %zu/%zu trainings", done, total);
    });
    if (progress) std::fprintf(stderr, "\n");
    rows = measured_rows(w, outcomes);
    write_rows(rows, cache);
  }

  std::vector<CurveEstimate> out(w.collectives.size());
  std::vector<std::vector<numerics::Observation>> obs(w.collectives.size());
  for (const auto& m : rows) {
    obs[m.collective].push_back({m.alpha, m.success});
    out[m.collective].epsilon = m.epsilon;
  }
  for (std::size_t k = 0; k < out.size(); ++k) {
    out[k].replicates = numerics::group_by_alpha(obs[k]);
    out[k].fit = numerics::fit_monotone(out[k].replicates);
    out[k].table = tabulate_fit(out[k].fit.curve);
    out[k].from_cache = cached;
  }
  return out;
}

std::vector<double> joint_alphas(const config::Scenario& scenario) {
  std::vector<double> alphas = scenario.root().sub("response_curve").reals("alphas");
  std::sort(alphas.begin(), alphas.end());
  alphas.erase(std::unique(alphas.begin(), alphas.end()), alphas.end());
  return alphas;
}

namespace {

std::vector<std::array<double, 5>> read_joint_cache(const std::filesystem::path& file) {
  std::vector<std::array<double, 5>> rows;
  std::ifstream in(file);
  std::string line;
  if (in && std::getline(in, line))
    while (std::getline(in, line)) {
      std::vector<double> v;
      if (!util::read_doubles(line, v) || v.size() != 5) return {};
      rows.push_back({v[0], v[1], v[2], v[3], v[4]});
    }
  return rows;
}

std::vector<std::array<double, 5>> joint_rows(const World& w, const std::vector<PlatformOutcome>& outcomes) {
  const std::size_t A = joint_alphas(w.scenario).size();
  const long replicates = static_cast<long>(w.scenario.root().sub("response_curve").integer("replicates"));
  if (outcomes.size() != joint_curve_trainings(w.scenario))
    throw std::logic_error("joint response curve: outcomes do not match the world's joint_curve_tasks");
  std::vector<std::array<double, 5>> rows;
  std::size_t t = 0;
  for (std::size_t i = 0; i < A; ++i)
    for (std::size_t j = 0; j < A; ++j)
      for (long r = 0; r < replicates; ++r, ++t)
        rows.push_back({static_cast<double>(i), static_cast<double>(j), static_cast<double>(r),
                        outcomes[t].success[0].estimate, outcomes[t].success[1].estimate});
  return rows;
}

void write_joint_rows(const std::vector<std::array<double, 5>>& rows, const std::filesystem::path& file) {
  std::filesystem::create_directories(file.parent_path());
  util::CsvWriter csv(file, {"i", "j", "replicate", "success_1", "success_2"});
  for (const auto& r : rows)
    csv.row({util::format_number(r[0]), util::format_number(r[1]), util::format_number(r[2]),
             util::format_number(r[3]), util::format_number(r[4])});
  csv.commit();
}

}  // namespace

std::size_t joint_curve_trainings(const config::Scenario& scenario) {
  const std::size_t A = joint_alphas(scenario).size();
  return A * A * static_cast<std::size_t>(scenario.root().sub("response_curve").integer("replicates"));
}

std::filesystem::path joint_curve_cache_file(const config::Scenario& scenario, const std::filesystem::path& cache_dir) {
  return cache_dir / ("response_curve_joint-" + response_curve_key(scenario) + ".csv");
}

bool joint_curve_cached(const config::Scenario& scenario, const std::filesystem::path& cache_dir) {
  return read_joint_cache(joint_curve_cache_file(scenario, cache_dir)).size() == joint_curve_trainings(scenario);
}

std::vector<TrainingTask> joint_curve_tasks(const World& w) {
  if (w.collectives.size() != 2) throw std::invalid_argument("joint response curves need exactly two collectives");
  const std::vector<double> alphas = joint_alphas(w.scenario);
  const std::size_t A = alphas.size();
  const long replicates = static_cast<long>(w.scenario.root().sub("response_curve").integer("replicates"));
  const std::size_t n = w.population.size();
  std::vector<TrainingTask> tasks;
  tasks.reserve(A * A * static_cast<std::size_t>(replicates));
  for (std::size_t i = 0; i < A; ++i)
    for (std::size_t j = 0; j < A; ++j)
      for (long r = 0; r < replicates; ++r) {
        // Own streams per (grid point, replicate), apart from the one-collective curves' streams.
        const std::uint64_t index = (i * 1000003ULL + j) * 1009ULL + static_cast<std::uint64_t>(r);
        util::Engine pick = util::make_stream(w.seed, "response_curve_joint", index);
        const auto m1 = std::min(n, static_cast<std::size_t>(std::llround(alphas[i] * static_cast<double>(n))));
        const auto m2 = std::min(n - m1, static_cast<std::size_t>(std::llround(alphas[j] * static_cast<double>(n))));
        // One random draw of m1 + m2 agents: the first m1 picked join collective 0, the rest collective 1.
        std::vector<std::int32_t> membership = random_membership(n, m1 + m2, 0, pick);
        util::Engine split = util::make_stream(w.seed, "response_curve_joint_split", index);
        std::vector<std::size_t> members;
        for (std::size_t a = 0; a < n; ++a)
          if (membership[a] == 0) members.push_back(a);
        for (std::size_t q = 0; q < m2; ++q) {
          const std::size_t pickq = q + static_cast<std::size_t>(split() % (members.size() - q));
          std::swap(members[q], members[pickq]);
          membership[members[q]] = 1;
        }
        tasks.push_back({std::move(membership), index, util::make_stream(w.seed, "response_curve_joint_learner", index), &w});
      }
  return tasks;
}

void write_joint_curve_cache(const World& w, const std::vector<PlatformOutcome>& outcomes,
                             const std::filesystem::path& cache_dir) {
  write_joint_rows(joint_rows(w, outcomes), joint_curve_cache_file(w.scenario, cache_dir));
}

JointCurveEstimate estimate_joint_curves(const World& w, const std::filesystem::path& cache_dir, bool progress) {
  if (w.collectives.size() != 2) throw std::invalid_argument("estimate_joint_curves needs exactly two collectives");
  const std::vector<double> alphas = joint_alphas(w.scenario);
  const std::size_t A = alphas.size();
  const std::filesystem::path cache = joint_curve_cache_file(w.scenario, cache_dir);

  JointCurveEstimate out;
  out.replicates = read_joint_cache(cache);
  out.from_cache = out.replicates.size() == joint_curve_trainings(w.scenario);
  if (!out.from_cache) {
    std::vector<TrainingTask> tasks = joint_curve_tasks(w);
    const std::size_t total = tasks.size();
    const std::vector<PlatformOutcome> outcomes = train_independently(w, std::move(tasks), [&](std::size_t done) {
      if (progress) std::fprintf(stderr, "\rjoint response curve: %zu/%zu trainings", done, total);
    });
    if (progress) std::fprintf(stderr, "\n");
    out.replicates = joint_rows(w, outcomes);
    write_joint_rows(out.replicates, cache);
  }

  for (std::size_t k = 0; k < 2; ++k) {
    numerics::JointGrid g;
    g.alphas1 = g.alphas2 = alphas;
    g.values.assign(A * A, 0.0);
    out.mean.push_back(g);
    g.values.assign(A * A, std::numeric_limits<double>::infinity());
    out.lower.push_back(g);
    g.values.assign(A * A, -std::numeric_limits<double>::infinity());
    out.upper.push_back(g);
  }
  std::vector<double> count(A * A, 0.0);
  for (const auto& r : out.replicates) {
    const auto cell = static_cast<std::size_t>(r[0]) * A + static_cast<std::size_t>(r[1]);
    if (cell >= A * A) throw std::runtime_error("joint response-curve cache " + cache.string() + " is corrupt");
    count[cell] += 1.0;
    for (std::size_t k = 0; k < 2; ++k) {
      out.mean[k].values[cell] += r[3 + k];
      out.lower[k].values[cell] = std::min(out.lower[k].values[cell], r[3 + k]);
      out.upper[k].values[cell] = std::max(out.upper[k].values[cell], r[3 + k]);
    }
  }
  for (std::size_t k = 0; k < 2; ++k)
    for (std::size_t c = 0; c < A * A; ++c) out.mean[k].values[c] /= count[c];
  return out;
}

}  // namespace aca::sim
