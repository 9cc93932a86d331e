#include "analysis/csv_table.hpp"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <stdexcept>

#include "analysis/run_reader.hpp"

namespace aca::analysis {

namespace {

// RFC 4180 records, fed a piece at a time: a quoted field may hold commas, doubled quotes and line breaks, and a
// piece may end anywhere (inside a quoted field, between the two quotes of "" or the \r and \n of a line break).
class RecordSplitter {
 public:
  using Sink = std::function<bool(std::vector<std::string>&)>;  ///< false: stop
  explicit RecordSplitter(Sink sink) : sink_(std::move(sink)) {}

  /// False once the sink asked to stop.
  bool feed(const char* text, std::size_t n) {
    for (std::size_t i = 0; i < n && !stopped_; ++i) put(text[i]);
    return !stopped_;
  }
  void finish() {
    if (!stopped_ && (any_ || !field_.empty())) end_record();
  }

 private:
  void put(char c) {
    if (skip_lf_) {
      skip_lf_ = false;
      if (c == '\n') return;
    }
    if (quote_seen_) {  // a quote inside a quoted field: doubled, or the field's closing quote
      quote_seen_ = false;
      if (c == '"') {
        field_ += '"';
        return;
      }
      quoted_ = false;
    } else if (quoted_) {
      if (c == '"') quote_seen_ = true;
      else field_ += c;
      return;
    }
    if (c == '"') {
      quoted_ = true;
      any_ = true;
    } else if (c == ',') {
      row_.push_back(std::move(field_));
      field_.clear();
      any_ = true;
    } else if (c == '\n' || c == '\r') {
      skip_lf_ = c == '\r';
      if (any_ || !field_.empty()) end_record();
    } else {
      field_ += c;
      any_ = true;
    }
  }
  void end_record() {
    row_.push_back(std::move(field_));
    stopped_ = !sink_(row_);
    row_.clear();
    field_.clear();
    any_ = false;
  }

  Sink sink_;
  std::vector<std::string> row_;
  std::string field_;
  bool quoted_ = false, quote_seen_ = false, any_ = false, skip_lf_ = false, stopped_ = false;
};

}  // namespace

std::size_t CsvTable::column(const std::string& name) const {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  throw std::out_of_range("no column `" + name + "`");
}

bool CsvTable::has(const std::string& name) const {
  for (const auto& h : header)
    if (h == name) return true;
  return false;
}

void for_each_csv_record(const std::filesystem::path& path,
                         const std::function<bool(std::vector<std::string>& fields, long number)>& record) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw RunReadError(path.string(), 0, 0, "cannot read file");
  long number = 0;
  RecordSplitter split([&](std::vector<std::string>& fields) { return record(fields, ++number); });
  std::vector<char> piece(1 << 20);
  while (in) {
    in.read(piece.data(), static_cast<std::streamsize>(piece.size()));
    if (!split.feed(piece.data(), static_cast<std::size_t>(in.gcount()))) return;
  }
  if (in.bad()) throw RunReadError(path.string(), number, 0, "read error");
  split.finish();
}

CsvTable read_csv_table(const std::filesystem::path& path) {
  CsvTable t;
  bool header = false;
  for_each_csv_record(path, [&](std::vector<std::string>& fields, long number) {
    if (!header) {
      t.header = std::move(fields);
      header = true;
      return true;
    }
    if (fields.size() != t.header.size())
      throw RunReadError(path.string(), number, 0,
                         "row has " + std::to_string(fields.size()) + " fields, header has " +
                             std::to_string(t.header.size()));
    t.rows.push_back(std::move(fields));
    return true;
  });
  if (!header) throw RunReadError(path.string(), 1, 0, "empty file (no header row)");
  return t;
}

double parse_number(const std::string& text) {
  if (text == "nan" || text.empty()) return std::numeric_limits<double>::quiet_NaN();
  if (text == "inf") return std::numeric_limits<double>::infinity();
  if (text == "-inf") return -std::numeric_limits<double>::infinity();
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || *end != '\0') return std::numeric_limits<double>::quiet_NaN();
  return v;
}

}  // namespace aca::analysis
