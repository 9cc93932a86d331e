#pragma once
// A sweep design's axis values (TOML text under dotted keys) as typed table columns: one column per scalar, a
// list split into one column per element, strings unquoted, reals with a decimal point, infinity written `inf`,
// NaN and a missing value empty — the one rule for every table: results.csv, points.csv, panel.csv and
// `acasim analyze`'s analysis/*.csv, so a parameter has the same text (and pandas/Stata type) in all of them.
#include <string>
#include <utility>
#include <vector>

#include "config/scenario.hpp"

namespace aca::config {

/// A key = value setting (value as TOML text), as a sweep's design and a run's manifest hold it.
using Setting = std::pair<std::string, std::string>;

/// The axis columns of a design.
struct AxisColumns {
  std::vector<std::string> names;               ///< column names (util::column_name of the key, + element suffix)
  std::vector<std::vector<std::string>> cells;  ///< cells[p][c]: point p's text in column c ("" where it has none)
};

/// True for keys whose list holds one entry per [[collective]] (population.initial_members, population.leakage,
/// population.beneficiaries): their columns are suffixed with the collective's name instead of an element number.
bool per_collective_list(const std::string& key);

/// One TOML value text as the fields it splits into, each (suffix, text): a scalar is ("", text) with strings
/// unquoted, floats with a decimal point or exponent ("8.0", "inf"; NaN empty); a list gives "_<i>" (1-based) per
/// element, or "_<column_name(collective)>" for a per_collective_list key; a table "_<column_name(key)>" per entry.
/// Text that is not TOML is a bare word, taken as a string (as --set does).
std::vector<std::pair<std::string, std::string>> value_fields(const std::string& key, const std::string& toml_text,
                                                              const std::vector<std::string>& collectives);

/// The columns of every point's settings (settings[p]: point p's overrides, same keys in the same order in every
/// point), in axis order; an axis's element columns in order of first appearance over the points. `collectives`
/// names the suffixes of per-collective lists (element numbers beyond them).
AxisColumns axis_columns(const std::vector<std::vector<Override>>& settings,
                         const std::vector<std::string>& collectives);

/// The typed columns of a set of axes, fixed once from every point's settings so all rows line up (an axis's
/// element columns in order of first appearance over the points).
class SettingColumns {
 public:
  SettingColumns() = default;
  /// Columns of `axes` (in order) given every point's settings; `collectives` names per-collective suffixes.
  SettingColumns(const std::vector<std::string>& axes, const std::vector<std::vector<Setting>>& points,
                 const std::vector<std::string>& collectives);
  /// The column names, in order.
  const std::vector<std::string>& header() const { return header_; }
  /// The cells of one point's settings, aligned with header(); an axis or list entry it lacks is an empty cell.
  std::vector<std::string> cells(const std::vector<Setting>& settings) const;

 private:
  struct Axis {
    std::string key;
    std::vector<std::string> suffixes;  // value_fields suffixes, one per column
  };
  std::vector<Axis> axes_;
  std::vector<std::string> collectives_;
  std::vector<std::string> header_;
};

/// `before`, then `columns.header()`, then `after`: a table's header with the setting columns spliced in.
std::vector<std::string> with_setting_columns(std::vector<std::string> before, const SettingColumns& columns,
                                              const std::vector<std::string>& after);

/// True when two TOML value texts of `key` give the same cells ("4.0" and "4.00", "'erm'" and "\"erm\"").
bool same_value(const std::string& key, const std::string& a, const std::string& b);

}  // namespace aca::config
