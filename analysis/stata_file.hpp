#pragma once
// A tidy CSV table as a Stata .dta file (format 118, Stata 14 and later), written through ReadStat: typed columns,
// legal variable names, variable labels and a dataset label.
#include <cstddef>
#include <ctime>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "analysis/csv_table.hpp"

namespace aca::analysis {

/// Storage type of a Stata variable.
enum class StataType {
  int32,    ///< Stata `long`: every value a whole number within ±2,147,483,620
  float64,  ///< Stata `double`: numbers, `inf` / `-inf` / `nan` or empty fields among them
  string,   ///< Stata `str#`: text up to 2045 bytes
  strl,     ///< Stata `strL`: text, some value longer than 2045 bytes
};

/// One column of the .dta file.
struct StataColumn {
  std::string column;             ///< name in the CSV header
  std::string name;               ///< Stata variable name (see stata_names)
  std::string label;              ///< variable label, at most 80 characters
  StataType type = StataType::float64;
  std::size_t width = 0;          ///< string columns: bytes of the longest value (at least 1)
};

/// Extended missing value standing for +∞ (`inf` in the CSV): Stata has no infinity.
inline constexpr char stata_plus_infinity = 'i';
/// Extended missing value standing for −∞ (`-inf` in the CSV).
inline constexpr char stata_minus_infinity = 'n';
/// Longest variable label Stata keeps.
inline constexpr std::size_t stata_label_max = 80;
/// Longest `str#` value; longer text makes the column `strL`.
inline constexpr std::size_t stata_str_max = 2045;

/// How to describe the table.
struct StataOptions {
  std::string dataset_label;                                ///< cut to 80 characters
  std::function<std::string(const std::string&)> describe;  ///< column → description ("" or unset: none)
  std::time_t timestamp = 0;  ///< the file's "saved" time (pass the CSV's time for reproducible bytes)
};

/// The columns `table` becomes, in order. A column is numeric when every non-empty field is a decimal number,
/// `inf`, `-inf` or `nan` (as pandas reads it); int32 when those are all whole numbers written without '.' or
/// exponent that Stata's `long` holds; otherwise text. A column of only empty fields is float64. The label is the
/// description, prefixed by the full column name when the Stata name had to differ.
std::vector<StataColumn> stata_columns(const CsvTable& table, const StataOptions& options);

/// What write_stata wrote.
struct StataWritten {
  std::vector<StataColumn> columns;  ///< the variables, in order
  std::size_t rows = 0;              ///< observations
};

/// Writes `table` to `path` atomically (temporary + rename): empty numeric fields and `nan` as Stata's `.`, `inf`
/// as `.i`, `-inf` as `.n` (documented in docs/user-guide.md, "Loading the tables"), empty text as "". Returns the
/// columns written; throws std::runtime_error naming `path` (and the column) when ReadStat or the disk refuses.
StataWritten write_stata(const CsvTable& table, const std::filesystem::path& path, const StataOptions& options);

/// The same for the CSV file `csv`, read twice (types, then values) and never held whole, so a panel larger than
/// memory exports; throws RunReadError (file:record) for a row whose field count differs from the header's.
StataWritten write_stata(const std::filesystem::path& csv, const std::filesystem::path& path,
                         const StataOptions& options);

}  // namespace aca::analysis
