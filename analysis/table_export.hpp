#pragma once
// `acasim export`: the tidy tables of a sweep folder (panel.csv, points.csv and analysis/*.csv) as Stata .dta files
// beside them.
#include <cstddef>
#include <filesystem>
#include <vector>

#include "analysis/stata_file.hpp"

namespace aca::analysis {

/// One table exported.
struct ExportedTable {
  std::filesystem::path csv;        ///< the table read
  std::filesystem::path dta;        ///< the file written (the CSV's path with .dta)
  std::size_t rows = 0;             ///< data rows
  std::vector<StataColumn> columns;  ///< the variables written
};

/// Removes `csv`'s Stata copy (the same path with .dta), if any, before the CSV is rewritten: `acasim export` is the
/// only writer of .dta files, and one older than its CSV would be a silent stale copy. Returns whether one was removed.
bool remove_stata_copy(const std::filesystem::path& csv);

/// The tables `export_tables` must find in a folder: panel.csv and points.csv.
std::vector<std::filesystem::path> required_tables(const std::filesystem::path& dir);

/// Writes DIR/panel.dta, DIR/points.dta and, when DIR/analysis/ exists, a .dta beside each of its CSVs, with the
/// column descriptions as variable labels and "acasim <table> of <folder name>" as dataset label. Throws
/// std::runtime_error listing every missing required table and the commands that write them before anything is
/// written; a table's errors name its file.
std::vector<ExportedTable> export_tables(const std::filesystem::path& dir);

}  // namespace aca::analysis
