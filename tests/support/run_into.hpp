#pragma once
// Test helper: run a shipped scenario into a fresh temporary folder (with its own response-curve cache).
#include <filesystem>
#include <string>
#include <vector>

#include "config/scenario.hpp"
#include "sim/run.hpp"

/// Runs scenarios/`scenario` with overrides `ov` into $TMP/`dir` (emptied first); returns the run's summary.
inline aca::sim::RunSummary run_into(const std::string& scenario, const std::string& dir,
                                     const std::vector<aca::config::Override>& ov = {}) {
  namespace fs = std::filesystem;
  aca::sim::RunOptions o;
  o.out_dir = fs::temp_directory_path() / dir;
  o.cache_dir = fs::temp_directory_path() / (dir + "-cache");
  fs::remove_all(o.out_dir);
  fs::remove_all(o.cache_dir);
  return aca::sim::run(aca::config::load_scenario(std::string(ACASIM_SOURCE_DIR) + "/scenarios/" + scenario, ov), o);
}
