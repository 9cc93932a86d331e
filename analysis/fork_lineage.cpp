#include "analysis/fork_lineage.hpp"

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "analysis/run_reader.hpp"
#include "util/csv_writer.hpp"

namespace aca::analysis {

namespace fs = std::filesystem;

namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

// "section.key" → value of acasim's resolved TOML: one key per line, [table] and [[array]] headers (the n-th
// element of an array of tables is "array.n"), arrays possibly continued over lines until their brackets close.
std::vector<std::pair<std::string, std::string>> flat_keys(const std::string& text) {
  std::vector<std::pair<std::string, std::string>> out;
  std::map<std::string, int> array_count;
  std::string section, line, pending_key, pending_value;
  int depth = 0;
  std::istringstream in(text);
  while (std::getline(in, line)) {
    const std::string t = trim(line);
    if (depth > 0) {
      pending_value += " " + t;
    } else if (t.empty() || t[0] == '#') {
      continue;
    } else if (t.rfind("[[", 0) == 0) {
      const std::string name = trim(t.substr(2, t.find("]]") - 2));
      section = name + "." + std::to_string(array_count[name]++);
      continue;
    } else if (t[0] == '[') {
      section = trim(t.substr(1, t.find(']') - 1));
      // A sub-table of an array of tables ([collective.signal] after [[collective]]) belongs to its last element.
      const std::string head = section.substr(0, section.find('.'));
      if (head != section && array_count.count(head))
        section = head + "." + std::to_string(array_count[head] - 1) + section.substr(head.size());
      continue;
    } else {
      const auto eq = t.find('=');
      if (eq == std::string::npos) continue;
      pending_key = (section.empty() ? "" : section + ".") + trim(t.substr(0, eq));
      pending_value = trim(t.substr(eq + 1));
      depth = 0;
    }
    for (char c : (depth > 0 ? t : pending_value)) depth += (c == '[') - (c == ']');
    if (depth <= 0) {
      out.push_back({pending_key, pending_value});
      depth = 0;
    }
  }
  return out;
}

// A number as a person wrote it: the resolved scenario spells 0.3 as 0.29999999999999999 (round-trip digits).
std::string readable(const std::string& value) {
  double v = 0.0;
  if (!util::read_double(value, v)) return value;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> changed_settings(const std::string& base, const std::string& fork) {
  std::map<std::string, std::string> before;
  for (auto& [k, v] : flat_keys(base)) before[k] = v;
  std::vector<std::pair<std::string, std::string>> out;
  for (auto& [k, v] : flat_keys(fork)) {
    if (k == "simulation.name") continue;
    const auto it = before.find(k);
    if (it == before.end() || it->second != v) out.push_back({k, readable(v)});
  }
  return out;
}

std::optional<ForkLineage> read_fork_lineage(const fs::path& run_dir) {
  const fs::path file = run_dir / "manifest.json";
  if (!fs::exists(file)) return std::nullopt;
  const Manifest m = read_manifest(file);
  if (!m.doc.contains("parent") || !m.doc.at("parent").is_object()) return std::nullopt;
  const auto& p = m.doc.at("parent");
  if (!p.contains("folder") || !p.at("folder").is_string() || !p.contains("fork_round") ||
      !p.at("fork_round").is_number_integer())
    throw RunReadError(file.string(), 0, 0, "`parent` needs a string `folder` and an integer `fork_round`");
  ForkLineage l;
  l.base = p.at("folder").get<std::string>();
  l.round = p.at("fork_round").get<long>();
  auto slurp = [](const fs::path& f) {
    std::ifstream in(f);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  };
  const fs::path base_toml = l.base / "scenario.resolved.toml", fork_toml = run_dir / "scenario.resolved.toml";
  if (fs::exists(base_toml) && fs::exists(fork_toml)) l.changed = changed_settings(slurp(base_toml), slurp(fork_toml));
  return l;
}

}  // namespace aca::analysis
