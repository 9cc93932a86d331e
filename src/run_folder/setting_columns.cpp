#include "run_folder/setting_columns.hpp"

#include <algorithm>
#include <cmath>

#include "util/column_name.hpp"
#include "util/csv_writer.hpp"

namespace aca::run_folder {

namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

bool is_array(const std::string& t) { return t.size() >= 2 && t.front() == '[' && t.back() == ']'; }

// Basic strings may hold escapes; a design table's strings are names and choices, so the common ones suffice.
std::string unescape_basic(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      const char c = s[++i];
      out += c == 'n' ? '\n' : c == 't' ? '\t' : c;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

bool per_collective_key(const std::string& key) {
  static const char* const keys[] = {"population.initial_members", "population.leakage", "population.beneficiaries"};
  return std::find(std::begin(keys), std::end(keys), key) != std::end(keys);
}

std::vector<std::string> list_elements(const std::string& toml_text) {
  const std::string t = trim(toml_text);
  if (!is_array(t)) return {t};
  std::vector<std::string> out;
  std::string cur;
  int depth = 0;
  char quote = 0;
  // Commas split only at the top level and outside strings: [[1, 2], [3, 4]] and ['a,b'] keep their elements.
  for (std::size_t i = 1; i + 1 < t.size(); ++i) {
    const char c = t[i];
    if (quote) {
      if (c == '\\' && quote == '"' && i + 2 < t.size()) {
        cur += c;
        cur += t[++i];
        continue;
      }
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '[') {
      ++depth;
    } else if (c == ']') {
      --depth;
    } else if (c == ',' && depth == 0) {
      out.push_back(trim(cur));
      cur.clear();
      continue;
    }
    cur += c;
  }
  if (!trim(cur).empty()) out.push_back(trim(cur));
  return out;
}

std::string setting_cell(const std::string& toml_text) {
  const std::string t = trim(toml_text);
  if (t.size() >= 2 && (t.front() == '"' || t.front() == '\'') && t.back() == t.front()) {
    const std::string inner = t.substr(1, t.size() - 2);
    return t.front() == '"' ? unescape_basic(inner) : inner;
  }
  if (t == "inf" || t == "+inf") return "inf";
  if (t == "-inf") return "-inf";
  std::string digits = t;
  digits.erase(std::remove(digits.begin(), digits.end(), '_'), digits.end());  // TOML's 1_000
  double x = 0.0;
  return util::read_double(digits, x) && std::isfinite(x) ? util::format_number(x) : t;
}

SettingColumns::SettingColumns(const std::vector<std::string>& axes, const std::vector<std::vector<Setting>>& points,
                               const std::vector<std::string>& collectives) {
  for (const auto& key : axes) {
    Axis a{key, false, 1};
    std::size_t longest = 0;
    for (const auto& settings : points)
      for (const auto& [k, v] : settings)
        if (k == key && is_array(trim(v))) {
          a.list = true;
          longest = std::max(longest, list_elements(v).size());
        }
    if (a.list) a.width = std::max<std::size_t>(longest, 1);
    const std::string base = util::column_name(key);
    const bool by_collective = a.list && per_collective_key(key) && a.width <= collectives.size();
    for (std::size_t i = 0; i < a.width; ++i)
      header_.push_back(!a.list         ? base
                        : by_collective ? base + "_" + util::column_name(collectives[i])
                                        : base + "_" + std::to_string(i + 1));
    axes_.push_back(std::move(a));
  }
}

std::vector<std::string> SettingColumns::cells(const std::vector<Setting>& settings) const {
  std::vector<std::string> out;
  for (const auto& a : axes_) {
    const auto it = std::find_if(settings.begin(), settings.end(), [&](const Setting& s) { return s.first == a.key; });
    std::vector<std::string> values;
    if (it != settings.end()) values = a.list ? list_elements(it->second) : std::vector<std::string>{it->second};
    for (std::size_t i = 0; i < a.width; ++i) out.push_back(i < values.size() ? setting_cell(values[i]) : "");
  }
  return out;
}

std::vector<std::string> with_setting_columns(std::vector<std::string> before, const SettingColumns& columns,
                                              const std::vector<std::string>& after) {
  before.insert(before.end(), columns.header().begin(), columns.header().end());
  before.insert(before.end(), after.begin(), after.end());
  return before;
}

}  // namespace aca::run_folder
