#pragma once
// Checkpoints of a run: the full state after a completed round (population, decision state, learner, learner
// stream, the engine's own loop state and the metrics so far), so that a run resumes bit-identically or forks
// under changed settings.
#include <filesystem>
#include <string>
#include <vector>

#include "config/scenario.hpp"
#include "learn/learner.hpp"
#include "sim/run_context.hpp"
#include "sim/world.hpp"

namespace aca::sim {

/// A checkpoint as loaded: the loop state and the metrics written up to it.
struct Checkpoint {
  LoopState loop;       ///< the round loop's state after the checkpoint's round
  std::string metrics;  ///< metrics.csv up to and including that round (header first)
};

/// The folder of round `round`'s checkpoint under a run's output folder: OUT/checkpoints/round-<round>.
std::filesystem::path checkpoint_dir(const std::filesystem::path& out_dir, long round);

/// Rounds that have a complete checkpoint under `out_dir`, ascending.
std::vector<long> checkpoint_rounds(const std::filesystem::path& out_dir);

/// `path` itself when it is a checkpoint folder, else the latest checkpoint of the run folder `path`.
/// Throws std::runtime_error when there is none.
std::filesystem::path find_checkpoint(const std::filesystem::path& path);

/// Writes the checkpoint atomically (a temporary folder renamed into place): scenario.resolved.toml, origin.txt
/// (the scenario file, whose folder resolves relative paths), state.txt, population.bin, learner.bin and
/// metrics.csv. Throws std::runtime_error on I/O failure or a learner that cannot be saved.
void save_checkpoint(const std::filesystem::path& dir, const World& w, const LoopState& s, const std::string& metrics);

/// The scenario a checkpoint was taken under, with `overrides` applied (as `acasim fork --set` gives them).
config::Scenario checkpoint_scenario(const std::filesystem::path& dir, const std::vector<config::Override>& overrides = {});

/// Scenario keys a fork may not change: they define the world itself (its data, agents, network, seed and mode),
/// not a policy. Everything else (platform, decision, population types such as costs and benefits, rounds,
/// analysis, response_curve) may change.
const std::vector<std::string>& frozen_fork_keys();

/// Throws config::ScenarioError naming every frozen key on which `changed` differs from `original`.
void check_fork(const config::Scenario& original, const config::Scenario& changed);

/// Restores the checkpoint in `dir` into `w` (built from the same or a forked scenario) and returns the loop state
/// and metrics.
/// The population's agent types stay as `w` drew them; membership and payoffs come from the checkpoint, and
/// cost-derived thresholds and the decision state too unless the fork changed [population] or [decision] (then
/// thresholds are derived afresh from the new settings). The learner's weights and privacy account are restored
/// when platform.learner and platform.model are unchanged; otherwise the forked platform starts untrained.
Checkpoint load_checkpoint(const std::filesystem::path& dir, World& w);

}  // namespace aca::sim
