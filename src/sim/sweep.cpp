#include "sim/sweep.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <fcntl.h>
#include <unistd.h>

#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include "run_folder/folder_lock.hpp"
#include "run_folder/manifest_record.hpp"
#include "run_folder/run_status.hpp"
#include "run_folder/summary_record.hpp"
#include "sim/curve_prefetch.hpp"
#include "sim/recorder.hpp"
#include "sim/run.hpp"
#include "util/atomic_file.hpp"
#include "util/csv_writer.hpp"
#include "util/hash.hpp"
#include "util/threads.hpp"

namespace aca::sim {

namespace {

std::string point_id(const std::vector<config::Override>& common, const std::vector<config::Override>& settings,
                     long replicate) {
  // The id depends only on what defines the point, so a rerun finds the same folder whatever the order.
  std::string key = "r=" + std::to_string(replicate);
  for (const auto& s : common) key += "\nset " + s.key + "=" + s.value;
  for (const auto& s : settings) key += "\n" + s.key + "=" + s.value;
  return "p" + util::hex64(util::fnv1a64(key)).substr(0, 12);
}

struct Axis {
  std::string key;
  std::vector<std::string> values;  // empty for a range axis
  double low = 0, high = 0;
  bool log = false, integer = false;
};

std::vector<Axis> read_axes(const std::vector<config::View>& views) {
  std::vector<Axis> axes;
  for (const auto& a : views) {
    Axis x;
    x.key = a.string("key");
    if (a.has("values")) x.values = a.boolean("toml") ? a.strings("values") : a.value_texts("values");
    if (a.has("low")) {
      x.low = a.real("low");
      x.high = a.real("high");
    }
    x.log = a.boolean("log");
    x.integer = a.boolean("integer");
    axes.push_back(std::move(x));
  }
  return axes;
}

std::vector<std::vector<config::Override>> grid_combos(const std::vector<Axis>& axes) {
  std::vector<std::vector<config::Override>> combos(1);
  for (const auto& a : axes) {
    std::vector<std::vector<config::Override>> next;
    for (const auto& c : combos)
      for (const auto& v : a.values) {
        next.push_back(c);
        next.back().push_back({a.key, v});
      }
    combos = std::move(next);
  }
  return combos;
}

std::string range_value(const Axis& a, double u) {
  const double x = a.log ? std::exp(std::log(a.low) + u * (std::log(a.high) - std::log(a.low)))
                         : a.low + u * (a.high - a.low);
  if (a.integer) return std::to_string(std::llround(x));
  return util::format_number(x);
}

std::vector<SweepPoint> with_replicates(const std::vector<std::vector<config::Override>>& combos, long replicates,
                                        const std::vector<config::Override>& common) {
  std::vector<SweepPoint> points;
  for (const auto& c : combos)
    for (long r = 0; r < replicates; ++r) points.push_back({point_id(common, c, r), c, r});
  return points;
}

std::vector<std::vector<config::Override>> design_combos(const config::Scenario& scenario) {
  const config::View sw = scenario.root().sub("sweep");
  const auto views = sw.elements("axis");
  config::Diagnostics d;
  if (views.empty()) d.add(scenario.root().diag("sweep", "acasim sweep needs at least one [[sweep.axis]]"));
  const std::vector<Axis> axes = read_axes(views);
  const std::string design = sw.string("design");
  if (design == "list")
    for (std::size_t i = 1; i < axes.size(); ++i)
      if (axes[i].values.size() != axes[0].values.size())
        d.add(views[i].diag("values", "design = \"list\" needs every axis to have the same number of values (" +
                                          std::to_string(axes[0].values.size()) + ")"));
  if (!d.empty()) throw config::ScenarioError(std::move(d));

  std::vector<std::vector<config::Override>> combos;
  if (design == "list") {
    for (std::size_t i = 0; i < axes[0].values.size(); ++i) {
      combos.emplace_back();
      for (const auto& a : axes) combos.back().push_back({a.key, a.values[i]});
    }
  } else if (design == "latin_hypercube") {
    const auto n = static_cast<std::size_t>(sw.integer("points"));
    util::Engine rng = util::make_stream(static_cast<std::uint64_t>(scenario.root().sub("simulation").integer("seed")),
                                         latin_hypercube_stream);
    const auto u = latin_hypercube(n, axes.size(), rng);
    for (std::size_t i = 0; i < n; ++i) {
      combos.emplace_back();
      for (std::size_t k = 0; k < axes.size(); ++k) {
        const Axis& a = axes[k];
        if (a.values.empty()) {
          combos.back().push_back({a.key, range_value(a, u[i][k])});
        } else {
          // Stratum s of n maps to value floor(s·m/n) of m: with n = m every value is used exactly once.
          const auto m = a.values.size();
          const auto j = std::min(m - 1, static_cast<std::size_t>(std::floor(u[i][k] * static_cast<double>(m))));
          combos.back().push_back({a.key, a.values[j]});
        }
      }
    }
  } else {
    combos = grid_combos(axes);
  }
  return combos;
}

std::vector<config::Override> quick_overrides(const config::Scenario& scenario) {
  std::vector<config::Override> ov;
  for (const auto& s : scenario.root().sub("sweep").sub("quick").strings("set")) ov.push_back(config::parse_override(s));
  return ov;
}

const std::vector<std::string> result_columns = {"collective",     "mode",         "rounds",        "alpha0",
                                                 "success0",       "final_alpha",  "final_success", "critical_mass",
                                                 "converged_round", "period"};

}  // namespace

std::string sweep_result_rows(const SweepPoint& p, const std::filesystem::path& dir) {
  const run_folder::SummaryRecord summary = run_folder::read_summary(dir);
  const MetricsStart start = read_metrics_start(dir / "metrics.csv");
  const auto first = [&](const std::string& c, const std::string& metric) {
    const auto it = start.find({c, metric});
    return it == start.end() ? std::string("nan") : util::format_number(it->second);
  };
  std::string out;
  for (std::size_t k = 0; k < summary.collectives.size(); ++k) {
    const std::string& name = summary.collectives[k];
    const run_folder::CollectiveOutcome& o = summary.outcomes[k];
    std::string line = p.id + "," + std::to_string(p.replicate);
    for (const auto& s : p.settings) line += "," + util::csv_escape(s.value);
    const std::vector<std::string> fields = {name,
                                             summary.mode,
                                             std::to_string(summary.rounds),
                                             first(name, "alpha"),
                                             first(name, "success"),
                                             util::format_number(o.final_alpha),
                                             util::format_number(o.final_success),
                                             util::format_number(o.critical_mass),
                                             std::to_string(summary.converged_round.value_or(-1)),
                                             std::to_string(summary.period)};
    for (const auto& f : fields) line += "," + util::csv_escape(f);
    out += line + "\n";
  }
  return out;
}

std::string sweep_results_header(const std::vector<SweepPoint>& points) {
  std::vector<std::string> h = {"point", "replicate"};
  if (!points.empty())
    for (const auto& s : points.front().settings) h.push_back(s.key);
  h.insert(h.end(), result_columns.begin(), result_columns.end());
  std::string text;
  for (std::size_t i = 0; i < h.size(); ++i) text += (i ? "," : "") + util::csv_escape(h[i]);
  return text + "\n";
}

long write_sweep_results(const std::filesystem::path& out_dir, const std::vector<SweepPoint>& points) {
  std::string text = sweep_results_header(points);
  long merged = 0;
  for (const auto& p : points) {
    const auto dir = out_dir / "points" / p.id;
    if (!run_folder::run_complete(dir)) continue;
    text += sweep_result_rows(p, dir);
    ++merged;
  }
  util::write_file_atomic(out_dir / "results.csv", text);
  return merged;
}

namespace {

// Appends whole rows with one write() and fsync, so a killed sweep leaves only complete rows behind.
void append_durably(const std::filesystem::path& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT, 0644);
  if (fd < 0) throw std::runtime_error("cannot append to " + path.string());
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0) {
      ::close(fd);
      throw std::runtime_error("error while appending to " + path.string());
    }
    done += static_cast<std::size_t>(n);
  }
  ::fsync(fd);
  ::close(fd);
}

std::string format_seconds(double s) {
  char buf[32];
  if (s >= 3600) std::snprintf(buf, sizeof buf, "%.0fh%02.0fm", std::floor(s / 3600), std::fmod(s, 3600) / 60);
  else if (s >= 60) std::snprintf(buf, sizeof buf, "%.0fm%02.0fs", std::floor(s / 60), std::fmod(s, 60));
  else std::snprintf(buf, sizeof buf, "%.0fs", s);
  return buf;
}

}  // namespace

std::vector<std::vector<double>> latin_hypercube(std::size_t n, std::size_t dims, util::Engine& rng) {
  std::vector<std::vector<double>> u(n, std::vector<double>(dims));
  boost::random::uniform_real_distribution<double> within(0.0, 1.0);
  std::vector<std::size_t> perm(n);
  for (std::size_t d = 0; d < dims; ++d) {
    for (std::size_t i = 0; i < n; ++i) perm[i] = i;
    for (std::size_t i = n; i > 1; --i) {
      boost::random::uniform_int_distribution<std::size_t> pick(0, i - 1);
      std::swap(perm[i - 1], perm[pick(rng)]);
    }
    for (std::size_t i = 0; i < n; ++i) {
      // Clamp guards the rounding of (s + x)/n up to the next stratum's edge.
      const double v = (static_cast<double>(perm[i]) + within(rng)) / static_cast<double>(n);
      u[i][d] = std::min(v, std::nextafter((static_cast<double>(perm[i]) + 1.0) / static_cast<double>(n), 0.0));
    }
  }
  return u;
}

std::vector<SweepPoint> sweep_points(const config::Scenario& scenario) {
  return with_replicates(design_combos(scenario), static_cast<long>(scenario.root().sub("sweep").integer("replicates")),
                         {});
}

std::vector<SweepPoint> quick_sweep_points(const config::Scenario& scenario) {
  const config::View q = scenario.root().sub("sweep").sub("quick");
  const auto views = q.elements("axis");
  std::vector<std::vector<config::Override>> combos;
  if (!views.empty()) {
    combos = grid_combos(read_axes(views));
  } else {
    const auto full = design_combos(scenario);
    const auto want = std::min(full.size(), static_cast<std::size_t>(q.integer("points")));
    for (std::size_t i = 0; i < want; ++i) {
      const std::size_t j = want == 1 ? 0 : (i * (full.size() - 1) + (want - 1) / 2) / (want - 1);
      combos.push_back(full[j]);
    }
  }
  return with_replicates(combos, static_cast<long>(q.integer("replicates")), quick_overrides(scenario));
}

SweepPlan plan_sweep(const std::filesystem::path& scenario_file, const std::vector<config::Override>& base,
                     bool quick) {
  config::Scenario scenario = config::load_scenario(scenario_file, base);
  std::vector<SweepPoint> points = quick ? quick_sweep_points(scenario) : sweep_points(scenario);
  std::vector<config::Override> common = quick ? quick_overrides(scenario) : std::vector<config::Override>{};
  const std::uint64_t base_seed = static_cast<std::uint64_t>(scenario.root().sub("simulation").integer("seed"));

  // Validate every point before running any, so a typo in the last axis value fails in a second, not an hour.
  std::vector<config::Scenario> resolved;
  for (const auto& p : points) {
    std::vector<config::Override> ov = base;
    ov.insert(ov.end(), common.begin(), common.end());
    ov.insert(ov.end(), p.settings.begin(), p.settings.end());
    if (p.replicate > 0)
      ov.push_back({"simulation.seed",
                    std::to_string(util::derive_seed(base_seed, "replicate", static_cast<std::uint64_t>(p.replicate)) >> 11)});
    // Parallelism is across points: LibTorch/OpenBLAS inside each point stay single-threaded (no
    // oversubscription, and results cannot depend on --jobs through intra-op reduction order).
    ov.push_back({"simulation.threads", "1"});
    resolved.push_back(config::load_scenario(scenario_file, ov));
  }
  return SweepPlan{scenario_file, std::move(scenario), std::move(common), std::move(points), std::move(resolved),
                   quick};
}

void write_sweep_design(const SweepPlan& plan, const std::filesystem::path& out) {
  const auto& points = plan.points;
  const auto& common = plan.common;
  std::filesystem::create_directories(out / "points");
  util::write_file_atomic(out / "scenario.resolved.toml", plan.scenario.resolved_toml());
  run_folder::SweepRecord record;
  record.scenario_file = plan.scenario_file.string();
  record.design = plan.quick ? std::string("quick") : plan.scenario.root().sub("sweep").string("design");
  record.points = static_cast<std::int64_t>(points.size());
  if (!points.empty())
    for (const auto& st : points.front().settings) record.axes.push_back(st.key);
  for (const auto& c : common) record.set.push_back(c.key + "=" + c.value);
  run_folder::write_sweep_record(out, record);
  std::vector<std::string> header = {"point", "replicate"};
  if (!points.empty())
    for (const auto& s : points.front().settings) header.push_back(s.key);
  util::CsvWriter csv(out / "points.csv", header);
  for (const auto& p : points) {
    std::vector<std::string> row = {p.id, std::to_string(p.replicate)};
    for (const auto& st : p.settings) row.push_back(st.value);
    csv.row(row);
  }
  csv.commit();
}

std::vector<std::size_t> incomplete_sweep_points(const SweepPlan& plan, const std::filesystem::path& out) {
  std::vector<std::size_t> todo;
  for (std::size_t i = 0; i < plan.points.size(); ++i)
    if (!run_folder::run_complete(out / "points" / plan.points[i].id)) todo.push_back(i);
  return todo;
}

std::vector<std::size_t> restart_sweep_results(const SweepPlan& plan, const std::filesystem::path& out) {
  const std::vector<std::size_t> todo = incomplete_sweep_points(plan, out);
  std::string streamed = sweep_results_header(plan.points);
  std::vector<bool> pending(plan.points.size(), false);
  for (std::size_t i : todo) pending[i] = true;
  for (std::size_t i = 0; i < plan.points.size(); ++i)
    if (!pending[i]) streamed += sweep_result_rows(plan.points[i], out / "points" / plan.points[i].id);
  // Restart the streamed file from the finished points, so rows of an interrupted run never appear twice.
  util::write_file_atomic(out / "results.csv", streamed);
  return todo;
}

std::string run_sweep_point(const SweepPlan& plan, std::size_t i, const SweepOptions& opts,
                            const std::filesystem::path& cache_dir) {
  const SweepPoint& p = plan.points.at(i);
  const std::filesystem::path dir = opts.out_dir / "points" / p.id;
  std::filesystem::remove_all(dir);  // a crashed point's partial folder is redone from scratch
  RunOptions ro;
  ro.out_dir = dir;
  ro.command = opts.command + "  # point " + p.id;
  ro.cache_dir = cache_dir;
  ro.label = "point " + p.id;  // a sweep's warnings name the point they concern
  run(plan.resolved[i], ro);
  return sweep_result_rows(p, dir);
}

void append_sweep_rows(const std::filesystem::path& out_dir, const std::string& rows) {
  append_durably(out_dir / "results.csv", rows);
}

SweepSummary run_sweep(const std::filesystem::path& scenario_file, const std::vector<config::Override>& base,
                       const SweepOptions& opts) {
  const SweepPlan plan = plan_sweep(scenario_file, base, opts.quick);
  const std::filesystem::path& out = opts.out_dir;
  const run_folder::FolderLock lock(out, opts.command);  // the points/<id>/ runs lock their own folders
  write_sweep_design(plan, out);
  const std::vector<std::size_t> todo = restart_sweep_results(plan, out);

  SweepSummary summary;
  summary.points = static_cast<long>(plan.points.size());
  summary.skipped = summary.points - static_cast<long>(todo.size());

  unsigned jobs = opts.jobs ? opts.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(jobs, todo.size())));
  // Curve trainings batched across points first (when [sweep] batch_points asks for it), into the common cache.
  prefetch_response_curves(plan, todo, out / ".acasim-cache", opts.progress, jobs);

  summary.jobs = jobs;
  std::mutex mu;
  long finished_now = 0;
  const auto t0 = std::chrono::steady_clock::now();
  std::exception_ptr failure;
  try {
    util::for_each_index(todo.size(), jobs, [&](std::size_t t) {
      // One response-curve cache for all workers: points that differ only in what the curve does not depend
      // on (costs, decision rule, ...) estimate it once. Cache files are written atomically through per-writer
      // temporaries, and a cached curve equals an estimated one, so results do not depend on who ran a point.
      const std::string r = run_sweep_point(plan, todo[t], opts, out / ".acasim-cache");
      std::lock_guard<std::mutex> lock(mu);
      append_durably(out / "results.csv", r);
      ++finished_now;
      if (opts.progress) {
        const double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const double rate = el > 0 ? static_cast<double>(finished_now) / el : 0.0;
        const double eta = rate > 0 ? static_cast<double>(static_cast<long>(todo.size()) - finished_now) / rate : 0.0;
        std::fprintf(stderr, "\rsweep: %ld/%ld points (%ld resumed)  %.2f points/s  ETA %s   ",
                     summary.skipped + finished_now, summary.points, summary.skipped, rate,
                     format_seconds(eta).c_str());
        std::fflush(stderr);
      }
      if (opts.abort_after_points > 0 && finished_now >= opts.abort_after_points) std::_Exit(abort_exit_code);
    });
  } catch (...) {
    failure = std::current_exception();
  }
  if (opts.progress && !todo.empty()) std::fprintf(stderr, "\n");
  if (failure) std::rethrow_exception(failure);
  summary.ran = finished_now;

  // The final table is merged from the point folders alone, in design order: the same bytes whichever worker (or
  // process) ran a point and in whatever order points finished.
  write_sweep_results(out, plan.points);
  return summary;
}

}  // namespace aca::sim
