#pragma once
// `acasim run`: one scenario, round by round (decide → rewrite data → train → measure → pay), into an output folder.
#include <filesystem>
#include <string>
#include <vector>

#include "config/scenario.hpp"

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
};

/// A fixed point of one collective's participation map α ↦ Pr[join | S(α)].
struct Equilibrium {
  std::string collective;   ///< collective name
  double alpha = 0.0;       ///< α at the fixed point
  double slope = 0.0;       ///< F'(α)
  std::string stability;    ///< stable, unstable or neutral
  bool tipping_point = false;  ///< unstable between two stable fixed points
};

/// A fixed point of two collectives' joint participation map (α_1, α_2) ↦ shares choosing each collective.
struct JointEquilibrium {
  double alpha_1 = 0.0, alpha_2 = 0.0;  ///< location
  std::string stability;                ///< stable, saddle (separates two basins), unstable or neutral
};

/// What a finished run reports back to the caller.
struct RunSummary {
  long rounds = 0;                        ///< rounds executed
  std::string mode;                       ///< simulation mode
  std::vector<std::string> collectives;   ///< collective names
  std::vector<double> final_alpha;        ///< α_k after the last round
  std::vector<double> final_success;      ///< S_k in the last round
  std::vector<double> critical_mass;      ///< α*_k for analysis.target_success from the curve (NaN in learned mode)
  std::vector<double> critical_mass_lower;  ///< α*_k of the band's upper edge (reaches the target first; NaN if never)
  std::vector<double> critical_mass_upper;  ///< α*_k of the band's lower edge (NaN if never)
  std::vector<long> crossed_round;        ///< first round α_k ≥ α*_k (−1: never or no α*)
  std::vector<long> crossed_round_lower;  ///< first round α_k ≥ critical_mass_lower (−1: never)
  std::vector<long> crossed_round_upper;  ///< first round α_k ≥ critical_mass_upper (−1: never)
  bool stopped = false;                   ///< ended by stop_after before the last round
  long converged_round = -1;              ///< first round of the converged window, or -1
  long period = 0;                        ///< period of a detected cycle (0 when none or converged)
  std::vector<Equilibrium> equilibria;    ///< fixed points of the participation maps (curve modes)
  std::vector<JointEquilibrium> joint_equilibria;  ///< response_curve mode with K = 2: of the joint map
  std::filesystem::path out_dir;          ///< where the outputs are
};

/// Runs the scenario and writes scenario.resolved.toml, metrics.csv, summary.json (and equilibria.csv,
/// response_curve.csv in the curve modes) and manifest.json into opts.out_dir. metrics.csv holds, besides the
/// per-collective series, the agents' flows between options each round: metric `flow_from_<option>` on the row of
/// the destination option (`none` is outside every collective), the count of agents that switched.
/// With opts.resume_from it continues the checkpoint's run from the round after it (bit-identically when the
/// scenario is the checkpoint's own; a fork otherwise). With opts.stop_after it ends after that round with
/// metrics.csv and manifest.json (status "stopped") but no summary.
/// Throws config::ScenarioError for settings that cannot run, std::runtime_error on failures.
RunSummary run(const config::Scenario& scenario, const RunOptions& opts);

}  // namespace aca::sim
