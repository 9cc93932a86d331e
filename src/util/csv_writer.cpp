#include "util/csv_writer.hpp"

#include <charconv>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

namespace aca::util {

std::string format_number(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  // Try increasing precision until the text round-trips; 17 digits always do. to_chars with a precision is
  // printf's %.*g in the "C" locale, so the text never depends on LC_NUMERIC.
  char buf[40];
  std::to_chars_result r{};
  for (int prec = 6; prec <= 17; ++prec) {
    r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, prec);
    double back = 0.0;
    std::from_chars(buf, r.ptr, back);
    if (back == v) break;
  }
  return std::string(buf, r.ptr);
}

bool read_double(std::string_view text, double& value) {
  std::size_t i = 0;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  // from_chars takes no '+', which strtod (and so every file acasim read before) accepts.
  if (i < text.size() && text[i] == '+' && i + 1 < text.size() && text[i + 1] != '-') ++i;
  const char* end = text.data() + text.size();
  const auto r = std::from_chars(text.data() + i, end, value);
  return r.ec == std::errc() && r.ptr == end;
}

bool read_doubles(const std::string& line, std::vector<double>& values) {
  values.clear();
  std::stringstream ss(line);
  std::string cell;
  while (std::getline(ss, cell, ',')) {
    double x = 0.0;
    if (!read_double(cell, x)) return false;
    values.push_back(x);
  }
  return true;
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
