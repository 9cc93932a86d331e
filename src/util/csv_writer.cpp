#include "util/csv_writer.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace aca::util {

std::string format_number(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  // Try increasing precision until the text round-trips; %.17g always does.
  char buf[40];
  for (int prec = 6; prec <= 17; ++prec) {
    std::snprintf(buf, sizeof buf, "%.*g", prec, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

std::string csv_escape(const std::string& field) {
  if (field.find_first_of(",\"\n\r") == std::string::npos) return field;
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

CsvWriter::CsvWriter(const std::filesystem::path& path, const std::vector<std::string>& header)
    : out_(path), columns_(header.size()) {
  row(header);
}

void CsvWriter::row(const std::vector<std::string>& fields) {
  if (fields.size() != columns_)
    throw std::logic_error("CSV row has " + std::to_string(fields.size()) + " fields, header has " +
                           std::to_string(columns_));
  auto& s = out_.stream();
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) s << ',';
    s << csv_escape(fields[i]);
  }
  s << '\n';
}

}  // namespace aca::util
