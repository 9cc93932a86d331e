#pragma once
// Tidy CSV output with deterministic number formatting (same values → same bytes).
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "util/atomic_file.hpp"

namespace aca::util {

/// Shortest decimal text that reads back as exactly `v` ("nan", "inf", "-inf" for non-finite values), the same
/// bytes under every C locale (a decimal point, never a comma).
std::string format_number(double v);

/// Reads `text` as a whole decimal number as strtod does in the "C" locale (leading spaces and '+' allowed; "inf",
/// "nan"), whatever the process's locale; false when it is not one number or is out of double's range.
bool read_double(std::string_view text, double& value);

/// Reads a line of comma-separated numbers (read_double for each field) into `values`; false when a field is not a
/// number. For acasim's own numeric caches, whose fields are never quoted.
bool read_doubles(const std::string& line, std::vector<double>& values);

/// Quotes a CSV field when it contains a comma, quote or newline.
std::string csv_escape(const std::string& field);

/// A CSV file written atomically: rows are streamed to a temporary that is renamed on commit().
class CsvWriter {
 public:
  /// Opens `path` (as a temporary beside it) and writes the header row.
  CsvWriter(const std::filesystem::path& path, const std::vector<std::string>& header);
  /// Appends one row; its size must equal the header's.
  void row(const std::vector<std::string>& fields);
  /// Flushes and renames the file into place.
  void commit() { out_.commit(); }

 private:
  AtomicOutput out_;
  std::size_t columns_;
};

}  // namespace aca::util
