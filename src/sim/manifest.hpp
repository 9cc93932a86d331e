#pragma once
// manifest.json: everything needed to rerun a result and to know what produced it.
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "config/scenario.hpp"

namespace aca::sim {

/// What the manifest records about one run.
struct ManifestInfo {
  std::string command;                  ///< the command line that produced the run
  std::string scenario_file;            ///< scenario path as given
  std::string scenario_hash;            ///< hash of the resolved scenario
  std::uint64_t seed = 0;               ///< scenario seed
  std::string mode;                     ///< simulation mode
  std::string device;                   ///< where training ran
  int threads = 0;                      ///< threads used
  std::chrono::system_clock::time_point start, end;  ///< wall-clock start and end
  std::string status;                   ///< "complete", "stopped" or "failed"
  /// response_curve mode: "estimated" or "cache" per curve (joint curve last); empty in the other modes.
  std::vector<std::string> curve_sources;
  std::size_t training_batch = 1;       ///< independent trainings fitted together (sim::training_batch_size)
};

/// Library versions and build facts, as one JSON object (also used by `acasim info --json`).
std::string build_info_json();

/// Writes `dir`/manifest.json atomically.
void write_manifest(const std::filesystem::path& dir, const ManifestInfo& info);

}  // namespace aca::sim
