#include <cctype>
#include <limits>

#include "config/loader_detail.hpp"
#include "util/json_writer.hpp"

namespace aca::config {

Override parse_override(const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) {
    Diagnostics d;
    d.add({"--set", 0, 0, assignment, "--set expects key=value, got `" + assignment + "`"});
    throw ScenarioError(std::move(d));
  }
  return {assignment.substr(0, eq), assignment.substr(eq + 1)};
}

namespace detail {
namespace {

struct Segment {
  std::string name;
  long index = -1;         // element of an array of tables, or -1
  std::string index_text;  // the index as the user wrote it, for messages
};

// An index too long for a long is out of range of any array; stol would throw an error naming itself.
long parse_index(const std::string& digits) {
  return digits.size() > 18 ? std::numeric_limits<long>::max() : std::stol(digits);
}

bool all_digits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

// "collective.0.target" and "collective[0].target" both become {collective,0}, {target}.
bool split_path(const std::string& key, std::vector<Segment>& out) {
  std::size_t start = 0;
  while (start <= key.size()) {
    const auto dot = key.find('.', start);
    std::string part = key.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (part.empty()) return false;
    if (all_digits(part)) {
      if (out.empty() || out.back().index >= 0) return false;
      out.back().index = parse_index(part);
      out.back().index_text = part;
    } else if (auto lb = part.find('['); lb != std::string::npos) {
      if (part.back() != ']' || !all_digits(part.substr(lb + 1, part.size() - lb - 2))) return false;
      const std::string digits = part.substr(lb + 1, part.size() - lb - 2);
      out.push_back({part.substr(0, lb), parse_index(digits), digits});
    } else {
      out.push_back({part, -1});
    }
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return !out.empty();
}

}  // namespace

Origins apply_overrides(toml::table& root, const std::vector<Override>& overrides, Diagnostics& out) {
  Origins origins;
  for (const auto& ov : overrides) {
    std::string shown = ov.value;  // a line break in a message would look like two messages
    for (std::size_t p = shown.find_first_of("\n\r"); p != std::string::npos; p = shown.find_first_of("\n\r", p))
      shown.replace(p, 1, shown[p] == '\n' ? "\\n" : "\\r");
    const std::string origin = "--set " + ov.key + "=" + shown;
    auto fail = [&](const std::string& msg) { out.add({origin, 0, 0, ov.key, msg}); };
    if (ov.value.find_first_of("\n\r") != std::string::npos) {
      // A line break would end the TOML value early or land in a string unnoticed: refuse it.
      fail("a --set value cannot contain a line break");
      continue;
    }
    std::vector<Segment> segs;
    if (!split_path(ov.key, segs)) {
      fail("malformed key `" + ov.key + "` (use dots, e.g. population.size or collective.0.target)");
      continue;
    }
    // A value that is not valid TOML on its own (a bare word like logit) is taken as a string.
    toml::table parsed;
    try {
      parsed = toml::parse("v = " + ov.value, std::string_view(origin));
    } catch (const toml::parse_error&) {
      // JSON's string escapes are all valid in a TOML basic string.
      try {
        parsed = toml::parse("v = " + util::json_quote(ov.value), std::string_view(origin));
      } catch (const toml::parse_error&) {
        parsed.insert_or_assign("v", ov.value);
      }
    }
    toml::table* t = &root;
    bool ok = true;
    for (std::size_t i = 0; i + 1 < segs.size() && ok; ++i) {
      const auto& s = segs[i];
      toml::node* child = t->get(s.name);
      if (s.index >= 0) {
        auto* arr = child ? child->as_array() : nullptr;
        if (!arr || !arr->is_array_of_tables()) {
          fail("`" + s.name + "` is not an array of tables in this scenario");
          ok = false;
        } else if (static_cast<std::size_t>(s.index) >= arr->size()) {
          fail("`" + s.name + "` has " + std::to_string(arr->size()) + " element(s); index " +
               s.index_text + " is out of range");
          ok = false;
        } else {
          t = arr->get(static_cast<std::size_t>(s.index))->as_table();
        }
      } else {
        if (!child) child = &t->insert(s.name, toml::table{}).first->second;
        if (!child->is_table()) {
          fail("`" + s.name + "` is a value, not a table");
          ok = false;
        } else {
          t = child->as_table();
        }
      }
    }
    if (!ok) continue;
    if (segs.back().index >= 0) {
      fail("an override must name a key, not a whole array element");
      continue;
    }
    // Moved, not copied: a moved node keeps its source ("--set k=v"), so later diagnostics name the override.
    parsed.get("v")->visit([&](auto& v) { t->insert_or_assign(segs.back().name, std::move(v)); });
    std::string path;
    for (const auto& s : segs)
      path += (path.empty() ? "" : ".") + s.name + (s.index >= 0 ? "[" + std::to_string(s.index) + "]" : "");
    origins[path] = origin;
  }
  return origins;
}

}  // namespace detail
}  // namespace aca::config
