#pragma once
// Human names of scenario keys and their values for figures and tables, from the schema's label, unit, symbol
// and value names: "privacy budget ε" on an axis, "ε = 4" or "learner: Group DRO" in a legend.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/schema.hpp"

namespace aca::config {

/// The schema path of a scenario key: array indices become [] ("collective.0.target" → "collective[].target").
std::string schema_path(std::string_view key);

/// Axis label of `key`: its label, symbol and unit ("privacy budget ε", "initial members (agents)"); the key
/// itself when the schema does not declare it.
std::string axis_label(std::string_view key, const Schema& schema = scenario_schema());

/// A value as a legend names it: "4", "∞ (no DP)" for inf, "Group DRO" for a choice, "60, 20" for [60, 20];
/// numbers to at most four significant digits. `value` is TOML text (strings may be quoted).
std::string value_label(std::string_view key, const std::string& value, const Schema& schema = scenario_schema());

/// One setting as a legend names it: "ε = 4", "ε = ∞ (no DP)", "learner: Group DRO", "initial members = 60".
std::string setting_label(std::string_view key, const std::string& value, const Schema& schema = scenario_schema());

/// Settings as a legend names them, joined by ", " ("" for none).
std::string settings_label(const std::vector<std::pair<std::string, std::string>>& settings,
                           const Schema& schema = scenario_schema());

}  // namespace aca::config
