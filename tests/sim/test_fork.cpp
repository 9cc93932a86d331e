// Issue 15 §4: for every key a fork accepts, the fork applies the change from round R+1 on, and whatever the
// scenario derives when the world is built equals what a fresh world with that setting computes.
#include <catch2/catch.hpp>

#include "support/slurp.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <set>

#include "sim/checkpoint.hpp"
#include "sim/fork.hpp"
#include "sim/run.hpp"

namespace fs = std::filesystem;
using namespace aca;

namespace {

const std::string scenarios = std::string(ACASIM_SOURCE_DIR) + "/scenarios/";
using Overrides = std::vector<config::Override>;

/// What changing the key does to the fork's outputs.
enum class Effect {
  rounds,     ///< the rounds after the fork differ from the base's
  summary,    ///< only what summary.json concludes differs (the rounds are the same)
  none,       ///< nothing may differ (simulation.name, threads: results do not depend on them)
  unchecked,  ///< equal up to rounding by design (ensemble batching) or needs a GPU (device): derived values only
};

/// A base setting (a small run with checkpoints), named so that each base runs once.
struct Base {
  std::string name;
  std::string file;
  Overrides overrides;
};

struct ForkCase {
  std::string key;
  std::string value;
  Effect effect;
  const Base* base;
};

Overrides small(Overrides extra) {
  Overrides o = {{"simulation.rounds", "6"},      {"simulation.stop_when", "\"never\""}, {"population.size", "400"},
                 {"population.initial_members", "[40]"}, {"data.test_size", "200"},    {"platform.epochs", "1"}};
  o.insert(o.end(), extra.begin(), extra.end());
  return o;
}

// dp_sgd at a target ε whose members care about privacy and plan with adaptive expectations.
const Base learned{"learned", "quickstart.toml",
                   small({{"platform.learner", "\"dp_sgd\""}, {"platform.privacy.target_epsilon", "2"},
                          {"population.privacy_sensitivity", "{ dist = \"uniform\", low = 0.0, high = 0.2 }"},
                          {"decision.expectations", "\"adaptive\""}})};
const Base loose_stop{"loose_stop", "quickstart.toml",
                      small({{"simulation.convergence_tolerance", "10"}, {"simulation.convergence_window", "3"}})};
const Base noise{"noise", "quickstart.toml",
                 small({{"platform.learner", "\"dp_sgd\""}, {"platform.privacy.noise_multiplier", "1.0"}})};
const Base mlp{"mlp", "quickstart.toml", small({{"platform.model.kind", "\"mlp\""}, {"platform.model.hidden", "[16]"}})};
const Base gdro{"gdro", "quickstart.toml",
                small({{"data.source", "\"spurious_groups\""}, {"platform.learner", "\"gdro\""}})};
const Base bayes{"bayes", "theory_tipping.toml",
                 small({{"simulation.mode", "\"learned\""}, {"platform.learner", "\"bayes_optimal\""}})};
const Base copula{"copula", "quickstart.toml",
                  small({{"population.benefit", "{ dist = \"uniform\", low = 0.5, high = 1.5 }"},
                         {"population.inertia", "{ dist = \"uniform\", low = 0.0, high = 0.5 }"},
                         {"population.correlated", "[\"benefit\", \"participation_cost\"]"},
                         {"population.correlation", "[[1.0, 0.9], [0.9, 1.0]]"}})};
const Base leaky{"leaky", "quickstart.toml", small({{"population.leakage", "[0.8]"}})};
const Base curve{"curve", "quickstart.toml",
                 small({{"simulation.mode", "\"response_curve\""}, {"response_curve.alphas", "[0.0, 0.05, 0.3, 0.9]"},
                        {"response_curve.replicates", "1"}})};
const Base threshold{"threshold", "quickstart.toml",
                     small({{"simulation.mode", "\"response_curve\""}, {"response_curve.alphas", "[0.0, 0.05, 0.3, 0.9]"},
                            {"response_curve.replicates", "1"}, {"decision.rule", "\"threshold\""},
                            {"population.threshold", "{ dist = \"uniform\", low = 0.0, high = 0.3 }"},
                            {"population.network.kind", "\"watts_strogatz\""}, {"population.network.k", "4"}})};

const std::vector<ForkCase>& cases() {
  static const std::vector<ForkCase> c = {
      {"simulation.name", "\"renamed\"", Effect::none, &learned},
      {"simulation.rounds", "8", Effect::rounds, &learned},
      {"simulation.stop_when", "\"converged\"", Effect::rounds, &loose_stop},
      {"simulation.convergence_tolerance", "1e-12", Effect::summary, &loose_stop},
      {"simulation.convergence_window", "100", Effect::summary, &loose_stop},
      {"simulation.threads", "2", Effect::none, &learned},
      // A raised limit lets more through; it changes nothing of a run that fitted under the old one.
      {"limits.network_edges", "100000000", Effect::none, &learned},
      {"limits.model_parameters", "200000000", Effect::none, &learned},
      {"limits.data_values", "1000000000", Effect::none, &learned},
      {"response_curve.alphas", "[0.0, 0.5]", Effect::rounds, &curve},
      {"response_curve.replicates", "2", Effect::rounds, &curve},
      {"population.benefit", "2.0", Effect::rounds, &learned},
      {"population.participation_cost", "{ dist = \"uniform\", low = 0.0, high = 0.3 }", Effect::rounds, &learned},
      {"population.privacy_sensitivity", "1.0", Effect::rounds, &learned},
      {"population.inertia", "0.9", Effect::rounds, &learned},
      {"population.threshold", "0.9", Effect::rounds, &threshold},
      {"population.correlated", "[\"benefit\", \"inertia\"]", Effect::rounds, &copula},
      {"population.correlation", "[[1.0, -0.9], [-0.9, 1.0]]", Effect::rounds, &copula},
      {"population.privacy_cost", "\"saturating\"", Effect::rounds, &learned},
      {"population.epsilon_cap", "0.5", Effect::rounds, &learned},
      {"population.leakage", "[0.8]", Effect::rounds, &learned},
      {"population.beneficiaries", "[\"none\"]", Effect::rounds, &leaky},
      {"decision.rule", "\"best_response\"", Effect::rounds, &learned},
      {"decision.temperature", "0.5", Effect::rounds, &learned},
      {"decision.expectations", "\"myopic\"", Effect::rounds, &learned},
      {"decision.smoothing", "0.95", Effect::rounds, &learned},
      {"decision.revision", "\"asynchronous\"", Effect::rounds, &learned},
      {"decision.switching_cost", "0.3", Effect::rounds, &learned},
      {"decision.share", "\"neighbours\"", Effect::rounds, &threshold},
      {"decision.threshold_source", "\"cost\"", Effect::rounds, &threshold},
      {"platform.learner", "\"sgd\"", Effect::rounds, &learned},
      {"platform.device", "\"cuda\"", Effect::unchecked, &learned},
      {"platform.retrain_every", "3", Effect::rounds, &learned},
      {"platform.epochs", "3", Effect::rounds, &learned},
      {"platform.batch_size", "32", Effect::rounds, &learned},
      {"platform.learning_rate", "1.0", Effect::rounds, &learned},
      {"platform.momentum", "0.9", Effect::rounds, &learned},
      {"platform.weight_decay", "0.5", Effect::rounds, &learned},
      {"platform.epsilon_suboptimal", "0.3", Effect::rounds, &bayes},
      {"platform.ensemble_size", "1", Effect::unchecked, &curve},
      {"platform.model.kind", "\"mlp\"", Effect::rounds, &learned},
      {"platform.model.hidden", "[4]", Effect::rounds, &mlp},
      {"platform.model.warm_start", "true", Effect::rounds, &learned},
      {"platform.privacy.noise_multiplier", "5.0", Effect::rounds, &noise},
      {"platform.privacy.target_epsilon", "0.3", Effect::rounds, &learned},
      {"platform.privacy.delta", "0.01", Effect::rounds, &learned},
      {"platform.privacy.clip", "0.05", Effect::rounds, &learned},
      {"platform.privacy.accountant", "\"prv\"", Effect::rounds, &learned},
      {"platform.privacy.sampling", "\"shuffle\"", Effect::rounds, &learned},
      {"platform.gdro.eta_q", "0.5", Effect::rounds, &gdro},
      {"platform.gdro.adjustment", "2.0", Effect::rounds, &gdro},
      {"platform.gdro.groups", "\"collective_vs_rest\"", Effect::rounds, &gdro},
      {"analysis.target_success", "0.5", Effect::summary, &curve},
  };
  return c;
}

constexpr long fork_round = 1;

fs::path tmp(const std::string& name) { return fs::temp_directory_path() / ("acasim_fork_keys_" + name); }

// Runs each base once (checkpoints every 2 rounds: the fork continues from round 1).
const fs::path& base_run(const Base& b) {
  static std::map<std::string, fs::path> done;
  auto it = done.find(b.name);
  if (it != done.end()) return it->second;
  sim::RunOptions o;
  o.out_dir = tmp("base_" + b.name);
  o.cache_dir = tmp("cache");
  o.checkpoint_every = 2;
  fs::remove_all(o.out_dir);
  sim::run(config::load_scenario(scenarios + b.file, b.overrides), o);
  return done.emplace(b.name, o.out_dir).first->second;
}

template <class T>
bool same(const Eigen::ArrayBase<T>& a, const Eigen::ArrayBase<T>& b) {
  return a.size() == b.size() && (a.size() == 0 || (a == b).all());
}

// Everything the world derives from the scenario, as the fork has it and as a fresh world has it.
void check_derived(const sim::RunContext& fork, const sim::RunContext& fresh) {
  const agents::Population& a = fork.world.population;
  const agents::Population& b = fresh.world.population;
  CHECK(same(a.benefit, b.benefit));
  CHECK(same(a.cost, b.cost));
  CHECK(same(a.privacy_sensitivity, b.privacy_sensitivity));
  CHECK(same(a.inertia, b.inertia));
  CHECK(same(a.threshold, b.threshold));
  CHECK(a.gamma == b.gamma);
  CHECK(a.leakage == b.leakage);
  for (double eps : {0.1, 1.0, 4.0, std::numeric_limits<double>::infinity()}) CHECK(a.privacy(eps) == b.privacy(eps));
  const agents::DecisionSpec& d = fork.world.dynamics->spec();
  const agents::DecisionSpec& e = fresh.world.dynamics->spec();
  CHECK(d.rule == e.rule);
  CHECK(d.expectations == e.expectations);
  CHECK(d.revision == e.revision);
  CHECK(d.share == e.share);
  CHECK(d.threshold_source == e.threshold_source);
  CHECK(d.temperature == e.temperature);
  CHECK(d.smoothing == e.smoothing);
  CHECK(d.switching_cost == e.switching_cost);
  CHECK_FALSE(fork.world.dynamics->state().thresholds_derived);  // cost thresholds come from the fork's curves
  const learn::LearnerSpec& l = fork.world.learner_spec;
  const learn::LearnerSpec& m = fresh.world.learner_spec;
  CHECK(fork.world.learner->name() == fresh.world.learner->name());
  CHECK((l.learner == m.learner && l.device == m.device && l.epochs == m.epochs && l.batch_size == m.batch_size));
  CHECK((l.learning_rate == m.learning_rate && l.momentum == m.momentum && l.weight_decay == m.weight_decay));
  CHECK((l.epsilon_suboptimal == m.epsilon_suboptimal && l.model.kind == m.model.kind &&
         l.model.hidden == m.model.hidden && l.model.warm_start == m.model.warm_start));
  CHECK((l.privacy.noise_multiplier == m.privacy.noise_multiplier && l.privacy.target_epsilon == m.privacy.target_epsilon &&
         l.privacy.delta == m.privacy.delta && l.privacy.clip == m.privacy.clip &&
         l.privacy.accountant == m.privacy.accountant && l.privacy.sampling == m.privacy.sampling));
  CHECK((l.gdro.eta_q == m.gdro.eta_q && l.gdro.adjustment == m.gdro.adjustment && l.gdro.groups == m.gdro.groups));
  const sim::SimulationSpec& s = fork.spec;
  const sim::SimulationSpec& t = fresh.spec;
  CHECK((s.rounds == t.rounds && s.retrain_every == t.retrain_every && s.stop_on_convergence == t.stop_on_convergence));
  CHECK((s.convergence_tolerance == t.convergence_tolerance && s.convergence_window == t.convergence_window));
  CHECK(s.target_success == t.target_success);
}

std::string after_fork(const fs::path& run, const std::string& history) {
  const std::string m = slurp(run / "metrics.csv");
  REQUIRE(m.compare(0, history.size(), history) == 0);  // the history up to the fork round is the base's
  return m.substr(history.size());
}

}  // namespace

TEST_CASE("the fork cases cover every key a fork accepts, and no frozen key", "[engine][fork]") {
  std::set<std::string> listed;
  for (const auto& c : cases()) listed.insert(c.key);
  const std::vector<std::string> keys = sim::forkable_keys();
  CHECK(listed == std::set<std::string>(keys.begin(), keys.end()));
  for (const char* frozen : {"population.size", "population.segment[].share", "population.network.kind",
                             "population.initial_members", "data.source", "collective[].target", "simulation.seed",
                             "simulation.mode", "sweep.design"})
    CHECK_FALSE(sim::fork_may_change(frozen));
}

TEST_CASE("every key a fork accepts changes the fork from round R+1 and is derived as a fresh world derives it",
          "[engine][fork]") {
  for (const auto& c : cases()) {
    INFO(c.key << " = " << c.value << " (base " << c.base->name << ")");
    if (c.key == "platform.device") continue;  // a CPU build cannot plan a cuda platform; see test_sim_cuda
    const fs::path base = base_run(*c.base);
    const fs::path cp = sim::checkpoint_dir(base, fork_round);
    const Overrides set = {{c.key, c.value}};
    const config::Scenario original = sim::checkpoint_scenario(cp);
    const config::Scenario changed = sim::checkpoint_scenario(cp, set);
    REQUIRE_NOTHROW(sim::check_fork(original, changed, fork_round, set));

    sim::RunContext forked = sim::plan_run(changed);
    sim::load_checkpoint(cp, forked);
    check_derived(forked, sim::plan_run(changed));

    sim::RunOptions o;
    o.out_dir = tmp("fork");
    o.cache_dir = tmp("cache");
    o.resume_from = cp;
    fs::remove_all(o.out_dir);
    sim::run(changed, o);
    const std::string history = slurp(cp / "metrics.csv");
    const bool rounds_differ = after_fork(o.out_dir, history) != after_fork(base, history);
    const bool summary_differs = slurp(o.out_dir / "summary.json") != slurp(base / "summary.json");
    switch (c.effect) {
      case Effect::rounds: CHECK(rounds_differ); break;
      case Effect::summary: CHECK_FALSE(rounds_differ); CHECK(summary_differs); break;
      case Effect::none: CHECK_FALSE(rounds_differ); CHECK_FALSE(summary_differs); break;
      case Effect::unchecked: break;
    }
  }
}

TEST_CASE("a fork to another learner starts that platform afresh, and the same learner keeps its privacy account",
          "[engine][fork]") {
  const fs::path cp = sim::checkpoint_dir(base_run(learned), fork_round);
  sim::RunContext sgd = sim::plan_run(sim::checkpoint_scenario(cp, {{"platform.learner", "\"sgd\""}}));
  sim::load_checkpoint(cp, sgd);
  CHECK(std::isinf(sgd.loop.epsilon));
  CHECK_FALSE(sgd.loop.privacy.is_private);
  sim::RunContext tighter = sim::plan_run(sim::checkpoint_scenario(cp, {{"platform.privacy.target_epsilon", "0.5"}}));
  sim::load_checkpoint(cp, tighter);
  CHECK(tighter.loop.privacy.is_private);  // ε spent so far stays spent ...
  CHECK(tighter.loop.epsilon == tighter.world.learner->privacy().epsilon);
  CHECK(tighter.loop.retrain_now);  // ... and the platform trains under the new target at round R+1
  CHECK(tighter.world.learner_spec.privacy.target_epsilon == 0.5);
}
