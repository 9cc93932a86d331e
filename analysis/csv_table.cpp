#include "analysis/csv_table.hpp"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "analysis/run_reader.hpp"

namespace aca::analysis {

namespace {

// Splits CSV text into records; a quoted field may hold commas, doubled quotes and line breaks.
std::vector<std::vector<std::string>> records(const std::string& text) {
  std::vector<std::vector<std::string>> out;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, any = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
      continue;
    }
    if (c == '"') {
      quoted = true;
      any = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
      any = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      if (any || !field.empty()) {
        row.push_back(std::move(field));
        out.push_back(std::move(row));
      }
      row.clear();
      field.clear();
      any = false;
    } else {
      field += c;
      any = true;
    }
  }
  if (any || !field.empty()) {
    row.push_back(std::move(field));
    out.push_back(std::move(row));
  }
  return out;
}

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

CsvTable read_csv_table(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw RunReadError(path.string(), 0, 0, "cannot read file");
  std::stringstream ss;
  ss << in.rdbuf();
  auto recs = records(ss.str());
  if (recs.empty()) throw RunReadError(path.string(), 1, 0, "empty file (no header row)");
  CsvTable t;
  t.header = std::move(recs.front());
  for (std::size_t i = 1; i < recs.size(); ++i) {
    if (recs[i].size() != t.header.size())
      throw RunReadError(path.string(), static_cast<long>(i + 1), 0,
                         "row has " + std::to_string(recs[i].size()) + " fields, header has " +
                             std::to_string(t.header.size()));
    t.rows.push_back(std::move(recs[i]));
  }
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
