#include "sim/fork.hpp"

#include <algorithm>
#include <cctype>
#include <limits>

#include "config/diagnostics.hpp"
#include "config/schema.hpp"
#include "util/csv_writer.hpp"

namespace aca::sim {

namespace {

// `collective.0.signal.kind`, `collective[0].signal.kind` → `collective.signal.kind`: what the frozen list names.
std::string without_indices(const std::string& key) {
  std::string out, part;
  const auto flush = [&] {
    const bool index = !part.empty() && std::all_of(part.begin(), part.end(), [](unsigned char c) { return std::isdigit(c); });
    if (!part.empty() && !index) out += (out.empty() ? "" : ".") + part;
    part.clear();
  };
  for (std::size_t i = 0; i < key.size(); ++i) {
    const char c = key[i];
    if (c == '.') flush();
    else if (c == '[') {
      flush();
      i = std::min(key.find(']', i), key.size() - 1);
    } else part += c;
  }
  flush();
  return out;
}

bool under(const std::string& key, const std::string& prefix) {
  return key == prefix || key.rfind(prefix + ".", 0) == 0;
}

const std::string why_frozen =
    "a fork continues the same simulated world, so its data, collectives, population size, segments and network, "
    "initial members, seed and mode stay as they were (sweep.* is not part of a run); start a new run to change it. "
    "A fork may change simulation.rounds and the stop rules, population types (costs, benefits, privacy "
    "sensitivity, inertia, thresholds, leakage), decision.*, platform.*, response_curve.* and analysis.*";

}  // namespace

const std::vector<std::string>& frozen_fork_keys() {
  static const std::vector<std::string> k = {
      "data",           "collective",       "population.size",  "population.segment", "population.network",
      "population.initial_members", "population.initial_placement", "simulation.seed", "simulation.mode", "sweep"};
  return k;
}

bool fork_may_change(const std::string& key) {
  const std::string k = without_indices(key);
  for (const auto& f : frozen_fork_keys())
    if (under(k, f)) return false;
  return true;
}

std::vector<std::string> forkable_keys() {
  std::vector<std::string> keys;
  for (const auto& d : config::scenario_schema().keys())
    if (fork_may_change(d.path)) keys.push_back(d.path);
  return keys;
}

void check_fork_keys(const std::vector<config::Override>& overrides) {
  config::Diagnostics diags;
  for (const auto& o : overrides)
    if (!fork_may_change(o.key)) diags.add({"--set", 0, 0, o.key, "`" + o.key + "` cannot change in a fork: " + why_frozen});
  if (!diags.empty()) throw config::ScenarioError(std::move(diags));
}

void check_fork(const config::Scenario& original, const config::Scenario& changed, long round,
                const std::vector<config::Override>& overrides) {
  check_fork_keys(overrides);
  config::Diagnostics diags;
    for (const auto& key : frozen_fork_keys())
      if (original.section_text({key}) != changed.section_text({key}))
        diags.add({"--set", 0, 0, key, "`" + key + "` cannot change in a fork: " + why_frozen});
  const auto rounds = changed.root().sub("simulation").integer("rounds");
  if (rounds <= round + 1)
    diags.add({"--set", 0, 0, "simulation.rounds",
               "simulation.rounds = " + std::to_string(rounds) + " leaves no round after the fork round " +
                   std::to_string(round) + " (rounds count from 0): give --set simulation.rounds=N with N ≥ " +
                   std::to_string(round + 2)});
  if (!diags.empty()) throw config::ScenarioError(std::move(diags));
}

numerics::ConvergenceTracker fork_convergence(const SimulationSpec& spec, const numerics::Trajectories& alpha,
                                              long last_round) {
  // Convergence is a reading of the trajectory under the tolerance and window: read it again under the new ones.
  numerics::ConvergenceTracker c;
  for (long t = 1; t <= last_round; ++t)
    c.observe(t, numerics::ConvergenceTracker::step(alpha, static_cast<std::size_t>(t)), spec.convergence_tolerance,
              spec.convergence_window);
  if (spec.stop_on_convergence && c.from >= 0) {
    config::Diagnostics d;
    d.add({"--set", 0, 0, "simulation.stop_when",
           "under simulation.convergence_tolerance = " + util::format_number(spec.convergence_tolerance) +
               " and convergence_window = " + std::to_string(spec.convergence_window) +
               " participation had converged from round " + std::to_string(c.from) + ", before the fork round " +
               std::to_string(last_round) +
               ": with simulation.stop_when = \"converged\" that run stopped there; fork from an earlier checkpoint "
               "or set simulation.stop_when = \"never\""});
    throw config::ScenarioError(std::move(d));
  }
  return c;
}

void rebuild_after_fork(RunContext& ctx, const config::Scenario& saved, bool learner_restored) {
  LoopState& s = ctx.loop;
  s.convergence = fork_convergence(ctx.spec, s.alpha, s.last_round);
  // The ε the agents pay privacy costs on is the platform's: a changed platform's (sgd: none, so ∞), never the
  // ε of the platform the checkpoint was taken under.
  if (saved.section_text({"platform"}) != ctx.world.scenario.section_text({"platform"})) {
    s.privacy = learner_restored ? ctx.world.learner->privacy() : learn::PrivacyReport{};
    s.epsilon = s.privacy.is_private ? s.privacy.epsilon : std::numeric_limits<double>::infinity();
    s.retrain_now = true;
  }
}

}  // namespace aca::sim
