#pragma once
// A small ordered JSON object builder for manifests and `--json` outputs.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace aca::util {

/// Escapes `s` as a JSON string literal, quotes included.
std::string json_quote(const std::string& s);

/// An ordered JSON object; keys appear in insertion order.
class JsonObject {
 public:
  /// Adds a string member.
  JsonObject& add(const std::string& key, const std::string& value);
  JsonObject& add(const std::string& key, const char* value) { return add(key, std::string(value)); }
  /// Adds a number member (non-finite numbers become null, as JSON has no inf/nan).
  JsonObject& add(const std::string& key, double value);
  JsonObject& add(const std::string& key, std::int64_t value);
  JsonObject& add(const std::string& key, int value) { return add(key, static_cast<std::int64_t>(value)); }
  /// Adds a boolean member.
  JsonObject& add(const std::string& key, bool value);
  /// Adds an array of strings.
  JsonObject& add(const std::string& key, const std::vector<std::string>& values);
  /// Adds a nested object.
  JsonObject& add(const std::string& key, const JsonObject& value);
  /// Adds a member whose value is already JSON text (an array, say).
  JsonObject& add_raw(const std::string& key, std::string json);
  /// The object as JSON text; `indent` > 0 pretty-prints.
  std::string str(int indent = 2) const;

 private:
  std::vector<std::pair<std::string, std::string>> members_;  // key, JSON text of value
};

}  // namespace aca::util
