#pragma once
// A small CSV reader for the tables acasim writes (results.csv, points.csv, equilibria.csv, response_curve.csv):
// header row, RFC 4180 quoting, every row as text.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace aca::analysis {

/// A CSV file as text fields.
struct CsvTable {
  std::vector<std::string> header;             ///< column names
  std::vector<std::vector<std::string>> rows;  ///< fields per row, each of the header's size

  /// Index of column `name`; throws std::out_of_range naming it when absent.
  std::size_t column(const std::string& name) const;
  /// True when the table has column `name`.
  bool has(const std::string& name) const;
};

/// Calls `record(fields, number)` for every record of `path` in order, the header first (number 1), until it
/// returns false, reading the file in pieces so that a table is never held whole; throws RunReadError when
/// unreadable.
void for_each_csv_record(const std::filesystem::path& path,
                         const std::function<bool(std::vector<std::string>& fields, long number)>& record);

/// Reads `path`; throws RunReadError (file:line) when unreadable or when a row's field count differs from the header's.
CsvTable read_csv_table(const std::filesystem::path& path);

/// Parses a decimal number written by util::format_number ("nan", "inf" included); NaN for anything else.
double parse_number(const std::string& text);

}  // namespace aca::analysis
