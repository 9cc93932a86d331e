#pragma once
// `acasim run`: one scenario, round by round, into an output folder.
#include <filesystem>
#include <string>
#include <vector>

#include "config/scenario.hpp"

namespace aca::sim {

/// How a run is executed (not part of the scenario: changing these never changes results).
struct RunOptions {
  std::filesystem::path out_dir;  ///< output folder (created if absent)
  std::string command;            ///< command line, for the manifest
  bool progress = false;          ///< print a progress line per round to stderr
};

/// What a finished run reports back to the caller.
struct RunSummary {
  long rounds = 0;                        ///< rounds executed
  std::vector<std::string> collectives;   ///< collective names
  std::vector<double> final_alpha;        ///< α_k after the last round
  std::vector<double> final_success;      ///< S_k in the last round
  long converged_round = -1;              ///< first round of the converged window, or -1
  std::filesystem::path out_dir;          ///< where the outputs are
};

/// Runs the scenario and writes scenario.resolved.toml, metrics.csv and manifest.json into opts.out_dir.
/// Throws config::ScenarioError for settings this build cannot run, std::runtime_error on failures.
RunSummary run(const config::Scenario& scenario, const RunOptions& opts);

}  // namespace aca::sim
