#pragma once
// A validated scenario: the TOML document after overrides and defaults, read through typed accessors.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "config/diagnostics.hpp"

namespace toml {
inline namespace v3 {
class table;
class node;
}  // namespace v3
}  // namespace toml

namespace aca::config {

class Schema;

/// A type distribution as declared in a scenario (`distribution` keys).
struct Distribution {
  std::string dist;                        ///< constant, uniform, normal, lognormal, beta, empirical
  std::map<std::string, double> params;    ///< numeric parameters (value, low, high, mean, sd, ...)
  std::string file;                        ///< empirical: CSV file (resolved against the scenario's folder)
  std::string column;                      ///< empirical: column name
};

/// Read-only, typed access to one table of a validated scenario. Keys are relative to the table; every key
/// read must be declared in the schema (reading an undeclared key is a programming error and throws).
class View {
 public:
  View(const toml::table* table, std::string path, std::string normalized, const Schema* schema,
       std::string file);

  bool boolean(const std::string& key) const;
  std::int64_t integer(const std::string& key) const;
  double real(const std::string& key) const;
  std::string string(const std::string& key) const;
  std::vector<std::int64_t> integers(const std::string& key) const;
  std::vector<double> reals(const std::string& key) const;
  std::vector<std::string> strings(const std::string& key) const;
  std::vector<std::vector<double>> matrix(const std::string& key) const;
  Distribution distribution(const std::string& key) const;
  /// Each element of a list as TOML value text (strings quoted), e.g. for `value_list` keys.
  std::vector<std::string> value_texts(const std::string& key) const;

  /// True when the key (or sub-table) is present after defaults.
  bool has(const std::string& key) const;
  /// The sub-table `key` (may be absent: then every key reads its default... only if declared with one).
  View sub(const std::string& key) const;
  /// The elements of the array of tables `key`, in order.
  std::vector<View> elements(const std::string& key) const;

  /// Full path of this table, with indices, e.g. "collective[1]"; "" for the root.
  const std::string& path() const { return path_; }
  /// A diagnostic about `key` located at its source position (or the table's, if the key is absent).
  Diagnostic diag(const std::string& key, std::string message) const;

 private:
  const toml::node* find(const std::string& key) const;
  const toml::node& need(const std::string& key) const;
  std::string full(const std::string& key) const;
  std::string normalized(const std::string& key) const;

  const toml::table* table_;
  std::string path_;
  std::string normalized_;
  const Schema* schema_;
  std::string file_;
};

/// A `--set key=value` override, applied before validation.
struct Override {
  std::string key;    ///< dotted path; array elements as `collective.0.target` or `collective[0].target`
  std::string value;  ///< TOML value text (`5000`, `"logit"`, `[0.1, 0.2]`); bare words are taken as strings
};

/// A loaded, validated scenario with every default filled in.
class Scenario {
 public:
  /// The root table.
  View root() const;
  /// The scenario as TOML text (after overrides and defaults): what scenario.resolved.toml holds.
  std::string resolved_toml() const;
  /// TOML text of the named keys or tables (dotted paths; absent ones print as `path = <absent>`), in the order
  /// given: what cache keys hash so that unrelated edits do not invalidate a cache.
  std::string section_text(const std::vector<std::string>& paths) const;
  /// Stable hash of the resolved scenario (16 hex digits).
  std::string hash() const;
  /// The file it was read from ("<string>" when parsed from text).
  const std::string& file() const { return file_; }
  /// The folder relative paths in the scenario are resolved against.
  std::filesystem::path base_dir() const;

  Scenario(std::shared_ptr<toml::table> table, std::string file);

 private:
  std::shared_ptr<toml::table> table_;
  std::string file_;
};

/// The largest scenario file load_scenario reads (16 MiB); larger files are refused before they are read whole.
inline constexpr std::uintmax_t max_scenario_bytes = std::uintmax_t{16} << 20;

/// Reads, overrides, validates and resolves a scenario file; throws ScenarioError listing every problem (also for
/// a path that is missing, a folder, not a regular file, empty, or larger than max_scenario_bytes).
Scenario load_scenario(const std::filesystem::path& file, const std::vector<Override>& overrides = {});

/// The same from TOML text; `file` names it in diagnostics.
Scenario parse_scenario(const std::string& text, const std::string& file,
                        const std::vector<Override>& overrides = {});

/// Parses "key=value" into an Override; throws ScenarioError when there is no '='.
Override parse_override(const std::string& assignment);

}  // namespace aca::config
