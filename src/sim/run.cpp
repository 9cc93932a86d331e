#include "sim/run.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>

#include <Eigen/Core>

#include "agents/type_distribution.hpp"
#include "data/theory_bounds.hpp"
#include "sim/manifest.hpp"
#include "sim/recorder.hpp"
#include "util/atomic_file.hpp"
#include "util/rng.hpp"

namespace aca::sim {

namespace {

struct Collective {
  std::string name;
  double gamma = 0.0;  // share of the benefit that reaches non-members
};

// The closed-form success curve of `mode = "theory"` for collective `c`.
double theory_success(const config::View& root, double alpha) {
  const config::View cat = root.sub("data").sub("categorical");
  return data::feature_label_bound(alpha, cat.real("xi"), cat.real("delta0"));
}

void require_supported(const config::Scenario& scenario) {
  const config::View root = scenario.root();
  config::Diagnostics d;
  const std::string mode = root.sub("simulation").string("mode");
  if (mode != "theory")
    d.add(root.sub("simulation").diag("mode", "mode = \"" + mode + "\" needs the platform learners, which this "
                                                  "build does not have yet; use mode = \"theory\""));
  for (const auto& c : root.elements("collective"))
    if (c.string("strategy") != "feature_label")
      d.add(c.diag("strategy", "mode = \"theory\" supports strategy = \"feature_label\" only in this build"));
  if (root.elements("collective").empty())
    d.add(root.diag("collective", "the scenario declares no [[collective]]"));
  if (!d.empty()) throw config::ScenarioError(std::move(d));
}

}  // namespace

RunSummary run(const config::Scenario& scenario, const RunOptions& opts) {
  require_supported(scenario);
  const auto start = std::chrono::system_clock::now();
  const config::View root = scenario.root();
  const config::View simc = root.sub("simulation");
  const config::View popc = root.sub("population");
  const std::uint64_t seed = static_cast<std::uint64_t>(simc.integer("seed"));
  const long rounds = static_cast<long>(simc.integer("rounds"));
  const std::string mode = simc.string("mode");

  std::filesystem::create_directories(opts.out_dir);
  util::write_file_atomic(opts.out_dir / "scenario.resolved.toml", scenario.resolved_toml());

  std::vector<Collective> cols;
  for (const auto& c : root.elements("collective")) {
    const std::string name = c.string("name");
    cols.push_back({name.empty() ? "c" + std::to_string(cols.size()) : name, c.string("good") == "public" ? 1.0 : 0.0});
  }
  const std::size_t K = cols.size();

  // Types come from the population stream; decisions from the decisions stream (counter-based, so the
  // draw of agent i in round t is the same whatever the evaluation order).
  const auto n = static_cast<std::size_t>(popc.integer("size"));
  util::Engine pop_rng = util::make_stream(seed, util::streams::population);
  const Eigen::ArrayXd benefit = agents::sample(popc.distribution("benefit"), n, pop_rng, scenario.base_dir());
  const Eigen::ArrayXd cost = agents::sample(popc.distribution("participation_cost"), n, pop_rng, scenario.base_dir());
  const Eigen::ArrayXd inertia = agents::sample(popc.distribution("inertia"), n, pop_rng, scenario.base_dir());
  const std::uint64_t decision_key = util::derive_seed(seed, util::streams::decisions);

  // Interim dynamics of the foundation build: myopic logit / best response in the mean field. The agents
  // module (decision rules, networks, expectations) replaces this when the engine is wired.
  Eigen::ArrayXi choice = Eigen::ArrayXi::Constant(static_cast<Eigen::Index>(n), -1);
  const auto initial = popc.integers("initial_members");
  for (std::size_t k = 0, next = 0; k < std::min(K, initial.size()); ++k)
    for (std::int64_t j = 0; j < initial[k] && next < n; ++j) choice[static_cast<Eigen::Index>(next++)] = static_cast<int>(k);

  const std::string rule = root.sub("decision").string("rule");
  const double temperature = root.sub("decision").real("temperature");
  const double tol = simc.real("convergence_tolerance");
  const long window = static_cast<long>(simc.integer("convergence_window"));
  const bool stop_on_convergence = simc.string("stop_when") == "converged";

  Recorder rec(opts.out_dir);
  RunSummary summary;
  summary.out_dir = opts.out_dir;
  for (const auto& c : cols) summary.collectives.push_back(c.name);
  std::vector<double> alpha(K), success(K), prev_alpha(K, -1.0);
  long stable_rounds = 0;
  long t = 0;
  for (t = 0; t < rounds; ++t) {
    std::vector<double> members(K, 0.0);
    for (Eigen::Index i = 0; i < choice.size(); ++i)
      if (choice[i] >= 0) members[static_cast<std::size_t>(choice[i])] += 1.0;
    double churn_base = 0.0;
    for (std::size_t k = 0; k < K; ++k) {
      alpha[k] = members[k] / static_cast<double>(n);
      success[k] = theory_success(root, alpha[k]);
      rec.record(t, cols[k].name, "alpha", alpha[k], mode);
      rec.record(t, cols[k].name, "members", members[k], mode);
      rec.record(t, cols[k].name, "success", success[k], mode);
      churn_base = std::max(churn_base, std::abs(alpha[k] - prev_alpha[k]));
    }
    stable_rounds = churn_base < tol ? stable_rounds + 1 : 0;
    if (stable_rounds >= window && summary.converged_round < 0) summary.converged_round = t - window + 1;
    if (opts.progress)
      std::fprintf(stderr, "\rround %ld/%ld  α=%.4f  S=%.3f", t + 1, rounds, alpha[0], success[0]);
    prev_alpha = alpha;
    if (stop_on_convergence && summary.converged_round >= 0) {
      ++t;
      break;
    }

    // Each agent compares joining collective k (u·S_k − c) with staying out (Σ_k γ_k·u·S_k).
    Eigen::ArrayXi next = choice;
    long switches = 0;
    for (Eigen::Index i = 0; i < choice.size(); ++i) {
      const std::uint64_t ctr = static_cast<std::uint64_t>(t) * n + static_cast<std::uint64_t>(i);
      if (util::counter_uniform(decision_key, 2 * ctr) < inertia[i]) continue;
      double outside = 0.0;
      for (std::size_t k = 0; k < K; ++k) outside += cols[k].gamma * benefit[i] * success[k];
      std::vector<double> payoff(K + 1);
      payoff[0] = outside;
      for (std::size_t k = 0; k < K; ++k) payoff[k + 1] = benefit[i] * success[k] - cost[i];
      std::size_t best = 0;
      if (rule == "logit") {
        double mx = *std::max_element(payoff.begin(), payoff.end()), z = 0.0;
        std::vector<double> w(K + 1);
        for (std::size_t o = 0; o <= K; ++o) z += (w[o] = std::exp((payoff[o] - mx) / temperature));
        double u = util::counter_uniform(decision_key, 2 * ctr + 1) * z;
        for (best = 0; best < K && u >= w[best]; ++best) u -= w[best];
      } else {
        for (std::size_t o = 1; o <= K; ++o)
          if (payoff[o] > payoff[best]) best = o;
      }
      next[i] = static_cast<int>(best) - 1;
      switches += next[i] != choice[i];
    }
    rec.record(t, "", "churn", static_cast<double>(switches) / static_cast<double>(n), mode);
    choice = next;
  }
  if (opts.progress) std::fprintf(stderr, "\n");
  rec.commit();

  summary.rounds = t;
  summary.final_alpha = alpha;
  summary.final_success = success;

  ManifestInfo info;
  info.command = opts.command;
  info.scenario_file = scenario.file();
  info.scenario_hash = scenario.hash();
  info.seed = seed;
  info.mode = mode;
  info.device = root.sub("platform").string("device");
  info.threads = 1;
  info.start = start;
  info.end = std::chrono::system_clock::now();
  info.status = "complete";
  write_manifest(opts.out_dir, info);
  return summary;
}

}  // namespace aca::sim
