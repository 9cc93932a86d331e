#pragma once
// A sweep design's axis values (TOML text under dotted keys) as typed table columns: one column per scalar, a
// list split into one column per element, strings unquoted, infinity written `inf` — the columns of results.csv,
// points.csv and panel.csv.
#include <string>
#include <vector>

#include "config/scenario.hpp"

namespace aca::config {

/// The axis columns of a design.
struct AxisColumns {
  std::vector<std::string> names;               ///< column names (util::column_name of the key, + element suffix)
  std::vector<std::vector<std::string>> cells;  ///< cells[p][c]: point p's text in column c ("" where it has none)
};

/// True for keys whose list holds one entry per [[collective]] (population.initial_members, population.leakage,
/// population.beneficiaries): their columns are suffixed with the collective's name instead of an element number.
bool per_collective_list(const std::string& key);

/// One TOML value text as the fields it splits into, each (suffix, text): a scalar is ("", text) with strings
/// unquoted, floats with a decimal point or exponent ("8.0", "inf", "nan"); a list gives "_<i>" (1-based) per
/// element, or "_<column_name(collective)>" for a per_collective_list key; a table "_<column_name(key)>" per entry.
/// Text that is not TOML is a bare word, taken as a string (as --set does).
std::vector<std::pair<std::string, std::string>> value_fields(const std::string& key, const std::string& toml_text,
                                                              const std::vector<std::string>& collectives);

/// The columns of every point's settings (settings[p]: point p's overrides, same keys in the same order in every
/// point), in axis order; an axis's element columns in order of first appearance over the points. `collectives`
/// names the suffixes of per-collective lists (element numbers beyond them).
AxisColumns axis_columns(const std::vector<std::vector<Override>>& settings,
                         const std::vector<std::string>& collectives);

}  // namespace aca::config
