#pragma once
// `acasim run`: one scenario planned (run_context.hpp), its success model settled, then round by round
// (round_engine.hpp: members rewrite their data → the platform trains → measure → agents are paid and revise) into
// an output folder (recorder.hpp, run_writer.hpp).
#include <filesystem>
#include <string>
#include <vector>

#include "config/scenario.hpp"
#include "sim/run_outcome.hpp"

namespace aca::sim {

/// How a run is executed (not part of the scenario: changing these never changes results).
struct RunOptions {
  std::filesystem::path out_dir;    ///< output folder (created if absent)
  std::filesystem::path cache_dir;  ///< response-curve cache (default: out_dir/../.acasim-cache)
  std::string command;              ///< command line, for the manifest
  bool progress = false;            ///< print a progress line per round to stderr
  long checkpoint_every = 0;        ///< save OUT/checkpoints/round-<t>/ after every N-th round (0: never)
  long stop_after = -1;             ///< end cleanly after round R (0-based) as an interruption would (−1: never)
  std::filesystem::path resume_from;  ///< checkpoint folder to continue from (a resume or a fork; empty: fresh)
  bool keep_complete = false;       ///< refuse an out_dir that holds a complete run (acasim run without --overwrite)
  /// A fork: its parent record as one-line JSON (sim::fork_parent), which the manifest and the fork's own
  /// checkpoints carry; empty for a run from round 0. A resume takes it from the checkpoint.
  std::string parent;
  std::string rerun;  ///< the manifest's rerun command (empty: acasim run OUT/scenario.resolved.toml; a resume: the checkpoint's)
  std::string label;                ///< names the run in its stderr warnings ("warning: <label>: ..."; empty: none)
};

/// Runs the scenario and writes scenario.resolved.toml, metrics.csv, summary.json (and equilibria.csv,
/// response_curve.csv in the curve modes) and manifest.json into opts.out_dir. metrics.csv holds, besides the
/// per-collective series, the agents' flows between options each round: metric `flow_from_<option>` on the row of
/// the destination option (`none` is outside every collective), the count of agents that switched.
/// With opts.resume_from it continues the checkpoint's run from the round after it (bit-identically when the
/// scenario is the checkpoint's own; a fork otherwise). With opts.stop_after it ends after that round with
/// metrics.csv and manifest.json (status "stopped") but no summary.
/// The folder is a transaction: locked against other processes for the whole run (FOLDER/.acasim.lock), its
/// manifest.json says "running" before anything else is written, an earlier run's outputs are then removed (its
/// checkpoints stay when the run resumes one of them in place), and a run that throws leaves "failed".
/// Throws config::ScenarioError for settings that cannot run, run_folder::FolderRefused for a folder in use, a
/// complete run with opts.keep_complete, or a path that cannot be a folder, std::runtime_error on failures.
RunSummary run(const config::Scenario& scenario, const RunOptions& opts);

}  // namespace aca::sim
