#pragma once
// manifest.json and sweep.json as typed records: what produced a run or a sweep, enough to rerun it.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "run_folder/json_file.hpp"

namespace aca::run_folder {

/// The manifest.json format this build writes (the version is written; readers take any).
constexpr int manifest_format_version = 2;

/// Everything manifest.json records about one run.
struct ManifestRecord {
  std::string acasim_version;   ///< acasim's version
  std::string git_commit;       ///< commit it was built from
  std::string status;           ///< "running" (written first), then "complete", "stopped" or "failed"
  std::string command;          ///< the command line that produced the run
  std::string scenario_file;    ///< scenario path as given
  std::string scenario_hash;    ///< hash of the resolved scenario
  std::uint64_t seed = 0;       ///< scenario seed
  std::string mode;             ///< simulation mode
  std::string device;           ///< where training ran
  int threads = 0;              ///< threads used
  std::uint64_t training_batch = 1;        ///< independent trainings fitted together
  std::vector<std::string> curve_sources;  ///< response_curve: "estimated" or "cache" per curve (omitted if empty)
  Json joint_trainings;         ///< K ≥ 3 response_curve: trainings of the joint surface trained on demand (null: omitted)
  std::string start_time, end_time;        ///< ISO 8601, UTC
  double wall_time_s = 0.0;     ///< end − start
  Json libraries;               ///< library versions (object)
  Json runtime;                 ///< BLAS, threads and devices (object)
  Json parent;                  ///< a fork: the run it continues (folder, fork round, scenario hash, commit); null otherwise
  std::string rerun;            ///< the command that reruns the result
};

/// The record as JSON, members in the order above after "format_version".
Json to_json(const ManifestRecord& m);
/// Writes `dir`/manifest.json atomically.
void write_manifest(const std::filesystem::path& dir, const ManifestRecord& m);

/// A data file a sweep's scenario reads, as sweep.json records it.
struct InputRecord {
  std::string key;   ///< the scenario key naming it
  std::string path;  ///< where it was read from
  std::string hash;  ///< content hash, or "absent"
};

/// What sweep.json records about a sweep's design.
struct SweepRecord {
  std::string scenario_file;       ///< the sweep's scenario as given
  std::string design;              ///< grid, list, lhs, ... or "quick"
  std::int64_t points = 0;         ///< points × replicates in the design
  std::vector<std::string> axes;   ///< the swept keys, in points.csv's column order
  /// The overrides common to every point, as key=value: the command line's --set, then sweep.quick.set (--quick).
  std::vector<std::string> set;
  std::string acasim_version;      ///< acasim's version ("" in folders written before it was recorded)
  std::string git_commit;          ///< commit acasim was built from ("" likewise)
  std::string blas_kernel;         ///< OpenBLAS kernel the points ran with ("" likewise, or not OpenBLAS)
  std::vector<InputRecord> inputs; ///< the base scenario's data files (empty likewise, or when it reads none)
};

/// The record as JSON.
Json to_json(const SweepRecord& s);
/// The record from JSON; throws FolderError naming `where`.
SweepRecord sweep_from_json(const Json& j, const std::string& where);
/// Writes `dir`/sweep.json atomically.
void write_sweep_record(const std::filesystem::path& dir, const SweepRecord& s);
/// Reads `dir`/sweep.json; throws FolderError.
SweepRecord read_sweep_record(const std::filesystem::path& dir);

}  // namespace aca::run_folder
