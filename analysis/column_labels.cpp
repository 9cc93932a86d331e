#include "analysis/column_labels.hpp"

#include <cctype>
#include <map>
#include <utility>
#include <vector>

#include "config/axis_columns.hpp"
#include "config/schema.hpp"
#include "util/column_name.hpp"

namespace aca::analysis {

namespace {

// Columns that are neither scenario keys nor per-collective outcomes: identifiers, metrics.csv's metrics (user
// guide §4) and the summary outcomes of points.csv, results.csv and the analysis tables.
const std::map<std::string, std::string>& plain_columns() {
  static const std::map<std::string, std::string> m = {
      {"point", "sweep point id (p + 12 hex digits of the point's settings)"},
      {"replicate", "replicate number within the sweep point (0 runs with the scenario's seed)"},
      {"round", "round of the dynamics (0: before any agent revises)"},
      {"collective", "collective the row is about (none: platform-wide; platform: the platform)"},
      {"config", "configuration: the sweep point's settings other than the alpha axis and replicate"},
      {"mode", "how success is measured: learned, response_curve or theory"},
      {"source", "which mode produced the number: learned, response_curve or theory"},
      {"status", "status of the run or estimate"},
      {"alpha", "share of the population in the collective"},
      {"members", "number of agents in the collective"},
      {"success", "success of the collective's strategy on the trained model"},
      {"success_lower", "lower end of the Wilson 95% interval of success"},
      {"success_upper", "upper end of the Wilson 95% interval of success"},
      {"success_band_lower", "smallest replicate's success on the joint response surface at this state"},
      {"success_band_upper", "largest replicate's success on the joint response surface at this state"},
      {"success_alone", "success the collective would have at its share with the other collectives absent"},
      {"member_payoff", "mean payoff of the collective's members"},
      {"nonmember_payoff", "mean payoff of agents outside every collective"},
      {"welfare", "mean payoff over all agents (welfare)"},
      {"churn", "share of agents who changed their choice this round"},
      {"training_rows", "rows of training data the platform fitted on"},
      {"clean_accuracy", "accuracy of the trained model on clean test data"},
      {"worst_group_accuracy", "accuracy of the trained model on its worst group"},
      {"exact_bayes_success", "success of the exact Bayes-optimal classifier (categorical data)"},
      {"theta_distance", "distance of the trained parameters from the collective's target theta"},
      {"cancel_t_required", "gradient cancelling: rounds required by the plan"},
      {"cancel_t_best", "gradient cancelling: best achievable rounds"},
      {"cancel_feasible", "gradient cancelling: 1 when the plan is feasible"},
      {"cancel_residual", "gradient cancelling: relative gradient left at the target after rounding to members"},
      {"feature_label_bound", "theory lower bound on success of a feature-label strategy at this alpha"},
      {"feature_only_bound", "theory lower bound on success of a feature-only strategy at this alpha"},
      {"epsilon", "privacy loss epsilon of DP-SGD training"},
      {"delta", "privacy parameter delta of DP-SGD training"},
      {"noise_multiplier", "DP-SGD noise multiplier sigma"},
      {"clip", "DP-SGD per-example gradient clipping norm"},
      {"sample_rate", "DP-SGD sampling rate q"},
      {"privacy_steps", "DP-SGD noisy gradient steps accounted"},
      {"epsilon_holds", "1 when the accountant's epsilon guarantee holds, 0 when void"},
      {"rounds", "rounds simulated"},
      {"converged_round", "round at which participation converged (missing: never)"},
      {"period", "period of the cycle participation ended in (0: none)"},
      {"final_welfare", "mean payoff over all agents (welfare) at the last round"},
      {"final_clean_accuracy", "accuracy on clean test data at the last round"},
      {"final_worst_group_accuracy", "accuracy on the worst group at the last round"},
      {"final_epsilon", "privacy loss epsilon at the last round"},
      {"target_success", "success the critical mass refers to (analysis.target_success)"},
      {"replicates", "replicates pooled"},
      {"mean", "mean over replicates"},
      {"joint_equilibria", "number of joint fixed points of the collectives' participation dynamics"},
      // acasim analyze's tables (analysis/*.csv)
      {"target", "success the critical mass refers to (analysis.target_success)"},
      {"alpha_star", "critical mass alpha*: smallest share whose fitted success reaches the target"},
      {"describe", "alpha* in words: a value, or a bound when the target was not reached"},
      {"level", "nominal coverage of the bootstrap interval"},
      {"lower", "lower end of the bootstrap interval"},
      {"upper", "upper end of the bootstrap interval (inf: not reached within it)"},
      {"max_alpha_tested", "largest alpha of the configuration's grid"},
      {"alphas", "alpha levels in the configuration's grid"},
      {"min_replicates", "fewest replicates at one alpha level of the grid"},
      {"resamples", "bootstrap resamples"},
      {"resamples_not_reached", "bootstrap resamples whose fitted curve never reached the target"},
      {"fit", "monotone (isotonic) fit of the mean success"},
      {"fit_lower", "lower end of the replicates' range of success, fitted monotone"},
      {"fit_upper", "upper end of the replicates' range of success, fitted monotone"},
      {"theory_bound", "theory lower bound on success at this alpha"},
      {"group_privacy_cap", "group-privacy cap on success of DP training at this alpha"},
      {"mean_field", "true when the map is the population average standing in for a network's"},
      {"alpha_t", "participation alpha at a round"},
      {"alpha_next", "participation alpha at the next round (the participation map at alpha_t)"},
      {"slope", "slope of the participation map at the fixed point"},
      {"stability", "stability of the fixed point (stable or unstable)"},
      {"converged", "true when participation converged"},
      {"dir", "folder of the run"},
      {"collective_i", "collective i whose success CT_ij measures"},
      {"collective_j", "collective j whose presence CT_ij measures"},
      {"ct", "constructiveness CT_ij = S_i(with j) - S_i(alone)"},
      {"ct_normalised", "constructiveness CT_ij divided by S_i(alone)"},
      {"outcome", "outcome measured (a metric at the last round)"},
      {"runs", "runs pooled"},
      // sensitivity.csv and the sweep's sensitivity_design.csv (sobol and morris designs)
      {"design", "sweep design the indices come from: sobol or morris"},
      {"parameter", "swept scenario key the index is about"},
      {"index", "first_order or total Sobol index; Morris mu_star, mu or sigma"},
      {"estimate", "value of the index on the whole design"},
      {"samples", "Sobol: complete base samples used; Morris: elementary effects used"},
      {"group", "Sobol: base sample; Morris: trajectory the point belongs to"},
      {"block", "Sobol: A, B or AB (A with one axis from B); Morris: start or step"},
      {"axis", "Sobol: the key taken from B (AB rows); Morris: the key this step moved"},
      {"step", "Morris: signed move of that key as a share of its range (+-Delta)"},
  };
  return m;
}

// Outcomes kept per collective as <collective>_<suffix> (points.csv) or plain (results.csv: one row per collective).
const std::vector<std::pair<std::string, std::string>>& collective_outcomes() {
  static const std::vector<std::pair<std::string, std::string>> v = {
      {"critical_mass_lower", "lower end of the critical-mass interval"},
      {"critical_mass_upper", "upper end of the critical-mass interval"},
      {"critical_mass", "critical mass alpha*: smallest share reaching the target success"},
      {"critical_crossing_round_lower", "lower end of the interval of the round alpha crossed alpha*"},
      {"critical_crossing_round_upper", "upper end of the interval of the round alpha crossed alpha*"},
      {"critical_crossing_round", "round at which alpha first reached alpha* (missing: never)"},
      {"final_alpha", "share of the population in the collective at the last round"},
      {"final_success", "success of the collective at the last round"},
      {"final_members", "members of the collective at the last round"},
      {"final_member_payoff", "mean payoff of members at the last round"},
      {"alpha0", "share of the population in the collective at round 0"},
      {"success0", "success of the collective at round 0"},
      {"tipping_point", "tipping point: unstable fixed point of the participation map"},
      {"equilibria", "number of fixed points of the participation map"},
  };
  return v;
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

bool all_digits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

// `collective[].target` is column `collective_target` (the whole array) or `collective_<i>_target` (element i).
std::string schema_doc(const std::string& column) {
  for (const auto& k : config::scenario_schema().keys()) {
    if (util::column_name(k.path) == column) return k.doc;
    const auto brackets = k.path.find("[]");
    if (brackets == std::string::npos) continue;
    const std::string head = util::column_name(k.path.substr(0, brackets)) + "_";
    const std::string tail = "_" + util::column_name(k.path.substr(brackets + 2));
    if (column.size() > head.size() + tail.size() && column.compare(0, head.size(), head) == 0 &&
        ends_with(column, tail) &&
        all_digits(column.substr(head.size(), column.size() - head.size() - tail.size())))
      return k.doc;
  }
  return "";
}

// <c>_equilibrium_<k>_<what>: the k-th fixed point of collective c's participation map.
std::string equilibrium_doc(const std::string& column) {
  const auto at = column.find("equilibrium_");
  if (at == std::string::npos) return "";
  const std::string rest = column.substr(at + 12);
  const auto bar = rest.find('_');
  if (bar == std::string::npos || !all_digits(rest.substr(0, bar))) return "";
  const std::string who = at == 0 ? "" : column.substr(0, at - 1) + ": ";
  const std::string k = rest.substr(0, bar), what = rest.substr(bar + 1);
  if (what == "alpha") return who + "alpha at fixed point " + k + " of the participation map";
  if (what == "stability") return who + "stability of fixed point " + k + " (stable or unstable)";
  if (what == "slope") return who + "slope of the participation map at fixed point " + k;
  return "";
}

// joint_equilibrium_<k>_<c>_alpha and joint_equilibrium_<k>_stability: the k-th joint fixed point of all collectives.
std::string joint_equilibrium_doc(const std::string& column) {
  const std::string head = "joint_equilibrium_";
  if (column.compare(0, head.size(), head) != 0) return "";
  const std::string rest = column.substr(head.size());
  const auto bar = rest.find('_');
  if (bar == std::string::npos || !all_digits(rest.substr(0, bar))) return "";
  const std::string k = rest.substr(0, bar), what = rest.substr(bar + 1);
  if (what == "stability") return "stability of joint fixed point " + k + " (stable or unstable)";
  if (what.size() > 6 && ends_with(what, "_alpha"))
    return what.substr(0, what.size() - 6) + ": alpha at joint fixed point " + k;
  return "";
}

// final_<metric>: a platform metric of metrics.csv at the last round (points.csv).
std::string final_metric_doc(const std::string& column) {
  if (column.compare(0, 6, "final_") != 0) return "";
  const auto it = plain_columns().find(column.substr(6));
  return it == plain_columns().end() ? "" : "last round: " + it->second;
}

// A list axis split per element: <key>_<i> or <key>_<collective> (config::value_fields), the longest key first.
std::string list_element_doc(const std::string& column) {
  const config::KeyDecl* best = nullptr;
  std::size_t best_size = 0;
  for (const auto& k : config::scenario_schema().keys()) {
    const std::string head = util::column_name(k.path) + "_";
    if (column.size() > head.size() && column.compare(0, head.size(), head) == 0 && head.size() > best_size) {
      best = &k;
      best_size = head.size();
    }
  }
  if (!best) return "";
  // The element first: a Stata label keeps 80 characters, and the doc may be longer.
  const std::string element = column.substr(best_size);
  return (config::per_collective_list(best->path) ? element : "element " + element) + ": " + best->doc;
}

}  // namespace

std::string column_description(const std::string& header) {
  // results.csv and older tables name axes by their dotted key: the same column as its snake_case form.
  const std::string column = util::column_name(header);
  if (std::string doc = schema_doc(column); !doc.empty()) return doc;
  if (const auto it = plain_columns().find(column); it != plain_columns().end()) return it->second;
  if (column.compare(0, 10, "flow_from_") == 0 && column.size() > 10)
    return "agents who switched from " + column.substr(10) + " to this row's collective this round";
  if (std::string doc = joint_equilibrium_doc(column); !doc.empty()) return doc;
  if (std::string doc = equilibrium_doc(column); !doc.empty()) return doc;
  for (const auto& [suffix, doc] : collective_outcomes()) {
    if (column == suffix) return doc;
    if (ends_with(column, "_" + suffix)) return column.substr(0, column.size() - suffix.size() - 1) + ": " + doc;
  }
  // runs.csv's critical_mass_<c> and constructiveness.csv's alpha_<c>: one column per collective.
  if (column.compare(0, 14, "critical_mass_") == 0 && column.size() > 14)
    return column.substr(14) + ": critical mass alpha* of the run (summary.json)";
  if (column.compare(0, 6, "alpha_") == 0 && column.size() > 6)
    return column.substr(6) + ": share of the population in the collective";
  if (std::string doc = final_metric_doc(column); !doc.empty()) return doc;
  return list_element_doc(column);
}

}  // namespace aca::analysis
