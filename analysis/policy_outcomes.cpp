#include "analysis/policy_outcomes.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "analysis/collect.hpp"
#include "analysis/csv_table.hpp"
#include "config/labels.hpp"
#include "run_folder/summary_record.hpp"

namespace aca::analysis {

namespace {

std::vector<Setting> without_alpha_axis(const std::vector<Setting>& settings) {
  std::vector<Setting> out;
  for (const auto& s : settings)
    if (s.first != alpha_axis_key) out.push_back(s);
  return out;
}

// Configurations compare by their axis values as points.csv writes them (the same text for every replicate).
std::string key_of(const std::vector<Setting>& settings) {
  std::string k;
  for (const auto& [key, value] : settings) k += key + '\x1f' + value + '\x1e';
  return k;
}

double outcome_of(const RunEntry& run, const std::string& name) {
  for (const auto& [k, v] : run.outcomes)
    if (k == name) return v;
  return std::nan("");
}

// Collectives of a configuration: those with a final α in a run, then those only a curve or a map names.
std::vector<std::string> collectives_of(const FolderAnalysis& a, const std::vector<const RunEntry*>& runs,
                                        const std::string& key) {
  static const std::string prefix = "final alpha ";
  std::vector<std::string> out;
  for (const RunEntry* r : runs)
    for (const auto& o : r->outcomes)
      if (o.first.rfind(prefix, 0) == 0) push_unique(out, o.first.substr(prefix.size()));
  for (const auto& c : a.curves)
    if (key_of(c.settings) == key) push_unique(out, c.collective);
  for (const auto& m : a.maps)
    if (key_of(m.settings) == key) push_unique(out, m.collective);
  return out;
}

// A run's summary.json may be missing or from an older format; the engine's α* is then simply unknown.
double engine_critical_mass(const FolderAnalysis& a, const std::vector<const RunEntry*>& runs,
                            const std::string& collective) {
  if (runs.empty() || a.mode == "learned" || !std::filesystem::exists(runs.front()->dir / "summary.json"))
    return std::nan("");
  try {
    const auto s = run_folder::read_summary(runs.front()->dir);
    for (std::size_t k = 0; k < s.collectives.size() && k < s.outcomes.size(); ++k)
      if (s.collectives[k] == collective) return s.outcomes[k].critical_mass;
  } catch (const std::exception&) {
  }
  return std::nan("");
}

PolicyOutcome outcome_row(const FolderAnalysis& a, const std::vector<Setting>& settings,
                          const std::vector<const RunEntry*>& runs, const std::string& collective) {
  const std::string key = key_of(settings);
  PolicyOutcome o;
  o.settings = settings;
  o.collective = collective;
  std::vector<double> alphas, welfare;
  for (const RunEntry* r : runs) {
    alphas.push_back(outcome_of(*r, "final alpha " + collective));
    welfare.push_back(outcome_of(*r, "welfare"));
  }
  o.runs = runs.size();
  o.final_alpha = spread_of(alphas);
  o.welfare = spread_of(welfare);
  for (const auto& c : a.curves)
    if (key_of(c.settings) == key && c.collective == collective) o.critical_mass = c.critical_mass;
  if (!o.critical_mass) o.engine_critical_mass = engine_critical_mass(a, runs, collective);
  for (const auto& m : a.maps)
    if (key_of(m.settings) == key && m.collective == collective) {
      o.equilibria = m.fixed_points;
      o.mean_field = m.mean_field;
    }
  return o;
}

}  // namespace

Spread spread_of(const std::vector<double>& values) {
  Spread s;
  double sum = 0.0, sq = 0.0;
  for (double v : values) {
    if (std::isnan(v)) continue;
    s.min = s.n == 0 ? v : std::min(s.min, v);
    s.max = s.n == 0 ? v : std::max(s.max, v);
    sum += v;
    ++s.n;
  }
  if (s.n == 0) return s;
  s.mean = sum / static_cast<double>(s.n);
  for (double v : values)
    if (!std::isnan(v)) sq += (v - s.mean) * (v - s.mean);
  if (s.n >= 2) s.ci_half = 1.96 * std::sqrt(sq / static_cast<double>(s.n - 1) / static_cast<double>(s.n));
  return s;
}

// Complete runs only: an unfinished run's last round is not an outcome.
std::vector<PolicyOutcome> policy_outcomes(const FolderAnalysis& a) {
  FirstSeenGroups<const RunEntry*> by_config;
  for (const auto& run : a.runs) by_config.add(key_of(without_alpha_axis(run.settings)), &run);
  std::vector<PolicyOutcome> out;
  for (const auto& [key, runs] : by_config.groups()) {
    std::vector<const RunEntry*> complete;
    for (const RunEntry* r : runs)
      if (r->status == "complete") complete.push_back(r);
    const auto settings = without_alpha_axis(runs.front()->settings);
    for (const auto& c : collectives_of(a, complete, key)) out.push_back(outcome_row(a, settings, complete, c));
  }
  return out;
}

std::vector<std::string> varied_axes(const std::vector<PolicyOutcome>& rows) {
  std::vector<std::string> out;
  if (rows.empty()) return out;
  for (const auto& [key, value] : rows.front().settings)
    for (const auto& r : rows)
      if (setting_value(r.settings, key) != value) {
        out.push_back(key);
        break;
      }
  return out;
}

std::vector<std::string> fixed_axes(const std::vector<PolicyOutcome>& rows) {
  const auto varied = varied_axes(rows);
  std::vector<std::string> out;
  if (rows.empty()) return out;
  for (const auto& s : rows.front().settings)
    if (std::find(varied.begin(), varied.end(), s.first) == varied.end()) out.push_back(s.first);
  return out;
}

std::string setting_value(const std::vector<Setting>& settings, const std::string& key) {
  for (const auto& [k, v] : settings)
    if (k == key) return v;
  return {};
}

// Sentences and legends name an axis shortly: the schema's symbol ("ε"), else its label ("learner").
std::string axis_name(const std::string& key) {
  if (const config::KeyDecl* k = config::scenario_schema().find_key(config::schema_path(key))) {
    if (!k->symbol.empty()) return k->symbol;
    if (!k->label.empty()) return k->label;
  }
  return key;
}

// The schema's label, as every other figure's axes (config::axis_label): one reader's name per key.
std::string axis_label(const std::string& key) { return config::axis_label(key); }

std::string value_text(const std::string& value) {
  const double x = parse_number(value);
  if (std::isinf(x) && x > 0) return "∞";
  if (std::isfinite(x)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", x);
    return buf;
  }
  if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
    return value.substr(1, value.size() - 2);
  return value;
}

std::string setting_legend(const std::string& key, const std::string& value) {
  return axis_name(key) + " = " + value_text(value);
}

std::string settings_legend(const std::vector<Setting>& settings, const std::vector<std::string>& skip) {
  std::string s;
  for (const auto& [k, v] : settings)
    if (std::find(skip.begin(), skip.end(), k) == skip.end()) s += (s.empty() ? "" : ", ") + setting_legend(k, v);
  return s;
}

std::vector<double> stable_equilibria(const PolicyOutcome& o) {
  std::vector<double> out;
  for (const auto& fp : o.equilibria)
    if (fp.stability == numerics::Stability::stable) out.push_back(fp.alpha);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace aca::analysis
