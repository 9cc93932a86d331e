#pragma once
// Reading CSV text as util::csv_escape writes it (RFC 4180: quoted fields may hold commas, doubled quotes and
// line breaks), for every reader of acasim's tables.
#include <stdexcept>
#include <string>
#include <vector>

namespace aca::util {

/// One CSV record and the line it starts on.
struct CsvRecord {
  long line = 0;                    ///< 1-based line where the record starts
  std::vector<std::string> fields;  ///< the fields, unquoted
};

/// A CSV syntax error; what() is the message without a position, `line` and `field` locate it (1-based).
class CsvSyntaxError : public std::runtime_error {
 public:
  /// Builds the error.
  CsvSyntaxError(long line, long field, const std::string& message);
  long line;   ///< line of the defect
  long field;  ///< field of the defect within its record
};

/// Splits `text` into records (blank lines skipped); throws CsvSyntaxError for an unterminated quoted field or
/// text after a closing quote.
std::vector<CsvRecord> split_csv_records(const std::string& text);

}  // namespace aca::util
