#pragma once
// A sweep folder's design table (design.csv: point, replicate, one column per axis key with its TOML value text),
// and the folders written before it had that name, whose points.csv held it.
#include <filesystem>
#include <string>
#include <vector>

#include "config/scenario.hpp"

namespace aca::analysis {

/// One point × replicate of a sweep's design.
struct DesignPoint {
  std::string id;                          ///< folder name under points/
  long replicate = 0;                      ///< replicate index
  std::vector<config::Override> settings;  ///< axis key = TOML value text, in axis order
};

/// A sweep folder's design, in design order.
struct SweepDesign {
  std::filesystem::path file;       ///< the table it was read from
  std::vector<std::string> axes;    ///< the swept keys, dotted, in column order
  std::vector<DesignPoint> points;  ///< one per point × replicate
};

/// True when `dir` holds a sweep's design: design.csv, or an older folder's points.csv in the design's format.
bool is_sweep_folder(const std::filesystem::path& dir);

/// `dir`/design.csv, or an older folder's points.csv holding the design; throws RunReadError naming the folder
/// when it has neither.
std::filesystem::path design_file(const std::filesystem::path& dir);

/// Reads the design (design_file); throws RunReadError (file:line) for a malformed table.
SweepDesign read_sweep_design(const std::filesystem::path& dir);

/// In a folder written before design.csv existed (its points.csv is the design), renames points.csv to design.csv,
/// so that points.csv can hold the table of outcomes; returns true when it did.
bool adopt_older_design(const std::filesystem::path& dir);

}  // namespace aca::analysis
