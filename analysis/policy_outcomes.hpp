#pragma once
// What each configuration of a sweep came to — α* with its interval, the equilibria of its participation map,
// final α and welfare over its runs — one row per configuration and collective: the numbers behind the report's
// summary table, its outcome-against-parameter figures and its heatmaps.
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "analysis/folder_analysis.hpp"

namespace aca::analysis {

/// Mean, extremes and the normal-approximation 95 % interval of the mean of a few values (NaN values left out).
struct Spread {
  std::size_t n = 0;                                         ///< values counted
  double mean = std::numeric_limits<double>::quiet_NaN();    ///< their mean (NaN when n = 0)
  double min = std::numeric_limits<double>::quiet_NaN();     ///< smallest value
  double max = std::numeric_limits<double>::quiet_NaN();     ///< largest value
  double ci_half = std::numeric_limits<double>::quiet_NaN(); ///< 1.96 · sd / √n (NaN for n < 2)
};

/// The spread of `values`, NaN entries left out.
Spread spread_of(const std::vector<double>& values);

/// One configuration (sweep settings other than the α axis and the replicate) and one collective.
struct PolicyOutcome {
  std::vector<Setting> settings;  ///< the configuration's axis values (TOML text), α axis excluded, in axis order
  std::string collective;         ///< collective name
  std::size_t runs = 0;           ///< complete runs of the configuration (replicates × α points)
  std::optional<numerics::CriticalMassInterval> critical_mass;  ///< α* with its bootstrap interval, when measured
  std::vector<numerics::FixedPoint> equilibria;  ///< fixed points of the participation map (first complete run)
  bool mean_field = false;        ///< the equilibria are those of the population-average map
  Spread final_alpha;             ///< last-round α of the collective over the configuration's complete runs
  Spread welfare;                 ///< last-round welfare over the same runs
  /// Without a measured curve (theory mode): the engine's own α* (summary.json of the first complete run; NaN when
  /// unknown or never reached, and in learned mode, where it says nothing). A closed form: no interval.
  double engine_critical_mass = std::numeric_limits<double>::quiet_NaN();
};

/// The rows of `a`, configurations in design order, collectives in first-seen order within each.
std::vector<PolicyOutcome> policy_outcomes(const FolderAnalysis& a);

/// Axes of `rows`' settings whose value differs between rows, in axis order.
std::vector<std::string> varied_axes(const std::vector<PolicyOutcome>& rows);

/// Axes of `rows`' settings with one value in every row (left out of labels: they tell rows nothing apart).
std::vector<std::string> fixed_axes(const std::vector<PolicyOutcome>& rows);

/// The TOML text of `key` in `settings` ("" when absent).
std::string setting_value(const std::vector<Setting>& settings, const std::string& key);

/// A reader's name for an axis ("ε" for platform.privacy.target_epsilon; the key itself otherwise).
std::string axis_name(const std::string& key);
/// An axis label in words from the schema (config::axis_label: "privacy budget ε"; the key where none is declared).
std::string axis_label(const std::string& key);
/// A reader's text for one value: numbers to 4 significant digits, +∞ as "∞", strings unquoted.
std::string value_text(const std::string& value);
/// "ε = 4" — the legend text of one setting.
std::string setting_legend(const std::string& key, const std::string& value);
/// "ε = 4, learner = dp_sgd" of `settings`, leaving out the axes in `skip`; "" when nothing is left.
std::string settings_legend(const std::vector<Setting>& settings, const std::vector<std::string>& skip = {});

/// Stable equilibria of `o`, smallest α first.
std::vector<double> stable_equilibria(const PolicyOutcome& o);

}  // namespace aca::analysis
