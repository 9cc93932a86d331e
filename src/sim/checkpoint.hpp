#pragma once
// Checkpoints of a run: the full state after a completed round (population, decision state, learner, learner
// stream, the engine's own loop state and the metrics so far), sealed with a format version and a CRC-32 of every
// file (checkpoint_seal.hpp), so that a run resumes bit-identically or forks under changed settings, and a damaged
// checkpoint is refused instead of resumed.
#include <filesystem>
#include <string>
#include <vector>

#include "config/scenario.hpp"
#include "sim/checkpoint_seal.hpp"
#include "sim/run.hpp"
#include "sim/run_context.hpp"
#include "sim/world.hpp"

namespace aca::sim {

/// The folder of round `round`'s checkpoint under a run's output folder: OUT/checkpoints/round-<round>.
std::filesystem::path checkpoint_dir(const std::filesystem::path& out_dir, long round);

/// True when `dir` holds a checkpoint (sealed, or of an older format that load_checkpoint refuses by name).
bool is_checkpoint(const std::filesystem::path& dir);

/// Rounds that have a checkpoint folder under `out_dir` (is_checkpoint), ascending.
std::vector<long> checkpoint_rounds(const std::filesystem::path& out_dir);

/// `path` itself when it is a checkpoint folder, else the latest checkpoint of the run folder `path`.
/// Throws std::runtime_error when there is none.
std::filesystem::path find_checkpoint(const std::filesystem::path& path);

/// Writes the checkpoint atomically (a temporary folder renamed into place): scenario.resolved.toml, origin.txt
/// (the scenario file, whose folder resolves relative paths), state.bin, population.bin, learner.bin,
/// learner_rng.txt and metrics.csv, then the seal checkpoint.txt recording the run's checkpoint interval, and a
/// fork's parent and rerun command, from `opts` (what a resume continues with). Throws std::runtime_error on I/O
/// failure or a learner that cannot be saved.
void save_checkpoint(const std::filesystem::path& dir, const World& w, const LoopState& s, const std::string& metrics,
                     const RunOptions& opts);

/// The scenario a checkpoint was taken under, with `overrides` applied (as `acasim fork --set` gives them).
/// Throws std::runtime_error for a damaged or unsealed checkpoint (checkpoint_seal.hpp).
config::Scenario checkpoint_scenario(const std::filesystem::path& dir, const std::vector<config::Override>& overrides = {});

/// Verifies every file of the checkpoint in `dir` and that a fork of it under `changed` can continue
/// (fork.hpp: fork_convergence), without building a world: what `acasim fork` checks before it takes its --out.
/// Throws std::runtime_error naming a damaged file, config::ScenarioError for a fork that cannot continue.
void check_fork_checkpoint(const std::filesystem::path& dir, const config::Scenario& changed);

/// Restores the checkpoint in `dir` into `ctx`, planned from the checkpoint's own scenario (a resume) or from a
/// changed one (a fork), and returns the metrics written up to it. Every file is verified first, and the metrics
/// must be rows of the rounds the checkpoint covers. State carries over: membership, payoffs, trajectories, last
/// success, adaptive expectations, the learner stream, and the learner's weights and privacy account when
/// platform.learner and platform.model are unchanged. On a fork what the scenario derives stays as the changed
/// scenario planned it and is rebuilt from the restored history (fork.hpp: rebuild_after_fork).
/// Throws std::runtime_error naming the file for a damaged, truncated, missing or inconsistent checkpoint.
std::string load_checkpoint(const std::filesystem::path& dir, RunContext& ctx);

}  // namespace aca::sim
