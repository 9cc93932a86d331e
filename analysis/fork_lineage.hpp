#pragma once
// Where a fork comes from: its base run and fork round (manifest.json's `parent`) and the settings it changed
// (its scenario.resolved.toml against the base's).
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace aca::analysis {

/// A fork's base run, the round it continues from and what it changed.
struct ForkLineage {
  std::filesystem::path base;  ///< the base run's folder (as the fork recorded it)
  long round = 0;              ///< the fork round
  /// Dotted keys whose resolved value differs between the base and the fork, with the fork's value, in file order
  /// (simulation.name left out: it names the run, it is not a setting).
  std::vector<std::pair<std::string, std::string>> changed;
};

/// The lineage of the run in `run_dir` when its manifest.json records a parent; nullopt otherwise. Throws
/// RunReadError when the parent record lacks its folder or round.
std::optional<ForkLineage> read_fork_lineage(const std::filesystem::path& run_dir);

/// The keys of resolved-scenario text `fork` whose value differs from `base` (or that `base` lacks), with the
/// fork's value; keys are dotted ("platform.privacy.target_epsilon", "collective.1.target").
std::vector<std::pair<std::string, std::string>> changed_settings(const std::string& base, const std::string& fork);

}  // namespace aca::analysis
