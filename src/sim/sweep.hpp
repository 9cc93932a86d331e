#pragma once
// `acasim sweep`: a designed experiment over scenario keys, one run per point × replicate, resumable.
#include <filesystem>
#include <string>
#include <vector>

#include "config/scenario.hpp"

namespace aca::sim {

/// One point of a sweep: the overrides that define it and its replicate index.
struct SweepPoint {
  std::string id;                          ///< stable id from the overrides and replicate ("p" + 12 hex digits)
  std::vector<config::Override> settings;  ///< axis key = value (TOML text), in axis order
  long replicate = 0;                      ///< replicate index; replicate r > 0 gets its own derived seed
};

/// The points of the scenario's [sweep] design (grid: every combination; list: i-th values together).
/// Throws config::ScenarioError when the design is inconsistent (list axes of unequal length, no axes).
std::vector<SweepPoint> sweep_points(const config::Scenario& scenario);

/// How a sweep is executed.
struct SweepOptions {
  std::filesystem::path out_dir;   ///< sweep folder: points/<id>/ per run, points.csv as the index
  std::string command;             ///< command line, for the manifests
  bool progress = false;           ///< print a progress line with rate and ETA
};

/// What a sweep did.
struct SweepSummary {
  long points = 0;    ///< points in the design (× replicates)
  long skipped = 0;   ///< points already complete on disk (resume)
  long ran = 0;       ///< points run now
};

/// Runs every point not yet complete (a point is complete when its manifest.json says so) into
/// points/<id>/ and writes points.csv (one row per point: id, replicate, axis values) atomically.
SweepSummary run_sweep(const std::filesystem::path& scenario_file, const std::vector<config::Override>& base,
                       const SweepOptions& opts);

}  // namespace aca::sim
