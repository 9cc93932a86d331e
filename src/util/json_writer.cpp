#include "util/json_writer.hpp"

#include <cmath>
#include <cstdio>

#include "util/csv_writer.hpp"

namespace aca::util {

std::string json_quote(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

JsonObject& JsonObject::add(const std::string& key, const std::string& value) {
  members_.emplace_back(key, json_quote(value));
  return *this;
}
JsonObject& JsonObject::add(const std::string& key, double value) {
  members_.emplace_back(key, std::isfinite(value) ? format_number(value) : "null");
  return *this;
}
JsonObject& JsonObject::add(const std::string& key, std::int64_t value) {
  members_.emplace_back(key, std::to_string(value));
  return *this;
}
JsonObject& JsonObject::add(const std::string& key, bool value) {
  members_.emplace_back(key, value ? "true" : "false");
  return *this;
}
JsonObject& JsonObject::add(const std::string& key, const JsonObject& value) {
  members_.emplace_back(key, value.str(0));
  return *this;
}
JsonObject& JsonObject::add(const std::string& key, const std::vector<std::string>& values) {
  std::string a = "[";
  for (std::size_t i = 0; i < values.size(); ++i) a += (i ? ", " : "") + json_quote(values[i]);
  return add_raw(key, a + "]");
}

JsonObject& JsonObject::add_raw(const std::string& key, std::string json) {
  members_.emplace_back(key, std::move(json));
  return *this;
}

std::string JsonObject::str(int indent) const {
  if (members_.empty()) return "{}";
  const std::string pad = indent > 0 ? std::string(static_cast<std::size_t>(indent), ' ') : "";
  const char* sep = indent > 0 ? ",\n" : ", ";
  std::string out = indent > 0 ? "{\n" : "{";
  for (std::size_t i = 0; i < members_.size(); ++i) {
    if (i) out += sep;
    out += pad + json_quote(members_[i].first) + ": " + members_[i].second;
  }
  out += indent > 0 ? "\n}" : "}";
  return out;
}

}  // namespace aca::util
