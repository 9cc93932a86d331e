// The summary a reader meets first: per configuration, the answers (α*, equilibria, final α, welfare) and, in
// words computed from those numbers, how each swept parameter moves them.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>

#include "analysis/collect.hpp"
#include "analysis/report_sections.hpp"

namespace aca::analysis {

namespace {

// Two significant digits: a sentence reads "0.0087", the table beside it keeps four.
std::string round2(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2g", v);
  return buf;
}

// "95 %", as the rest of the report writes a level.
std::string level_text(double level) { return round4(100.0 * level) + " %"; }

std::string spread_text(const Spread& s) {
  if (s.n == 0) return "-";
  if (s.n == 1) return round4(s.mean);
  return round4(s.mean) + " [" + round4(s.min) + ", " + round4(s.max) + "]";
}

std::string equilibrium_text(const numerics::FixedPoint& fp) {
  std::string t = round4(fp.alpha) + " (" + to_string(fp.stability);
  if (fp.tipping_point) t += ", tipping point";
  return t + ")";
}

std::string equilibria_text(const PolicyOutcome& o) {
  if (o.equilibria.empty()) return "-";
  std::string t = join(o.equilibria, "; ", equilibrium_text);
  return o.mean_field ? t + " — mean-field map" : t;
}

std::string critical_mass_text(const PolicyOutcome& o) {
  if (!o.critical_mass)
    return std::isfinite(o.engine_critical_mass) ? round4(o.engine_critical_mass) + " (engine, no interval)" : "-";
  return cm_text(o.critical_mass->point) + " " + interval_text(*o.critical_mass);
}

bool several_collectives(const std::vector<PolicyOutcome>& rows) {
  return std::any_of(rows.begin(), rows.end(), [&](const PolicyOutcome& o) { return o.collective != rows[0].collective; });
}

// One outcome read off a row: NaN when the row does not have it (α* not reached, no single stable equilibrium).
struct Outcome {
  std::string name;
  std::function<double(const PolicyOutcome&)> value;
};

const std::vector<Outcome>& outcomes() {
  static const std::vector<Outcome> all = {
      {"α*",
       [](const PolicyOutcome& o) {
         if (!o.critical_mass) return o.engine_critical_mass;  // theory mode: the engine's closed form
         return o.critical_mass->point.found() ? o.critical_mass->point.alpha : std::nan("");
       }},
      {"the stable equilibrium",
       [](const PolicyOutcome& o) {
         const auto s = stable_equilibria(o);
         return s.size() == 1 ? s[0] : std::nan("");
       }},
      {"final α", [](const PolicyOutcome& o) { return o.final_alpha.mean; }},
      {"welfare", [](const PolicyOutcome& o) { return o.welfare.mean; }},
  };
  return all;
}

// Mean of the outcome over a group's rows; NaN as soon as one row lacks it (a mean of what exists would mislead).
double group_value(const std::vector<const PolicyOutcome*>& group, const Outcome& outcome) {
  double sum = 0.0;
  for (const PolicyOutcome* o : group) sum += outcome.value(*o);
  return sum / static_cast<double>(group.size());
}

std::string direction(const std::vector<double>& v) {
  const double first = v.front(), last = v.back();
  if (std::fabs(last - first) <= 1e-3 * std::max(std::fabs(first), std::fabs(last))) return "stays at";
  bool up = true, down = true;
  for (std::size_t i = 1; i < v.size(); ++i) {
    up = up && v[i] >= v[i - 1];
    down = down && v[i] <= v[i - 1];
  }
  if (up) return "rises from";
  if (down) return "falls from";
  return "moves non-monotonically from";
}

bool intervals_overlap(const numerics::CriticalMassInterval& a, const numerics::CriticalMassInterval& b) {
  return a.lower <= b.upper && b.lower <= a.upper;
}

// "α* rises from 0.0087 (ε = ∞) to 0.021 (ε = 1)" with, when each end is one row, whether their intervals overlap.
std::string outcome_clause(const Outcome& outcome, const std::string& axis,
                           const std::vector<std::pair<std::string, std::vector<const PolicyOutcome*>>>& groups) {
  std::vector<double> v;
  for (const auto& g : groups) v.push_back(group_value(g.second, outcome));
  if (std::any_of(v.begin(), v.end(), [](double x) { return std::isnan(x); })) return {};
  const std::string first = setting_legend(axis, groups.front().first), last = setting_legend(axis, groups.back().first);
  const std::string dir = direction(v);
  std::string c = outcome.name + " " + dir + " " + round2(v.front());
  if (dir != "stays at") c += " (" + first + ") to " + round2(v.back()) + " (" + last + ")";
  const auto& a = groups.front().second;
  const auto& b = groups.back().second;
  if (outcome.name == "α*" && dir != "stays at" && a.size() == 1 && b.size() == 1 && a[0]->critical_mass && b[0]->critical_mass)
    c += intervals_overlap(*a[0]->critical_mass, *b[0]->critical_mass)
             ? " — their " + level_text(a[0]->critical_mass->level) + " intervals overlap"
             : " — their " + level_text(a[0]->critical_mass->level) + " intervals do not overlap";
  return c;
}

// `context`: what the rows share ("" for nothing; "collective.0.good = public" when the other settings are held).
std::string axis_sentence(const std::vector<const PolicyOutcome*>& rows, const std::string& axis, bool averaged,
                          const std::string& context) {
  FirstSeenGroups<const PolicyOutcome*> by_value;
  for (const PolicyOutcome* o : rows) by_value.add(setting_value(o->settings, axis), o);
  const auto& groups = by_value.groups();
  if (groups.size() < 2) return {};
  std::vector<std::string> clauses;
  for (const auto& outcome : outcomes())
    if (auto c = outcome_clause(outcome, axis, groups); !c.empty()) clauses.push_back(std::move(c));
  if (clauses.empty()) return {};
  std::string s = (context.empty() ? "As " : "At " + context + ", as ") + axis_name(axis) + " goes from " +
                  value_text(groups.front().first) + " to " + value_text(groups.back().first) +
                  (averaged ? ", averaged over the other swept settings" : "") + ": ";
  s += join(clauses, "; ", [](const std::string& x) { return x; });
  return s + ".";
}

}  // namespace


// Columns nothing fills (α* in theory mode, equilibria without a map) are left out rather than shown empty.
Rows summary_rows(const std::vector<PolicyOutcome>& rows) {
  const bool named = several_collectives(rows);
  // With nothing varied, the settings themselves name the one configuration.
  const auto fixed = varied_axes(rows).empty() ? std::vector<std::string>{} : fixed_axes(rows);
  const auto measured = std::find_if(rows.begin(), rows.end(), [](const PolicyOutcome& o) { return o.critical_mass; });
  const bool engine = std::any_of(rows.begin(), rows.end(),
                                  [](const PolicyOutcome& o) { return std::isfinite(o.engine_critical_mass); });
  const bool any_map = std::any_of(rows.begin(), rows.end(), [](const PolicyOutcome& o) { return !o.equilibria.empty(); });
  Rows out = {{"policy"}};
  if (named) out[0].push_back("collective");
  if (measured != rows.end()) out[0].push_back("α* [" + level_text(measured->critical_mass->level) + " bootstrap interval]");
  else if (engine) out[0].push_back("α*");
  if (any_map) out[0].push_back("equilibria (stability)");
  for (const char* h : {"final α: mean [min, max]", "welfare: mean [min, max]", "runs"}) out[0].push_back(h);
  for (const auto& o : rows) {
    const std::string policy = settings_legend(o.settings, fixed);
    std::vector<std::string> row = {policy.empty() ? "(this run)" : policy};
    if (named) row.push_back(o.collective);
    if (measured != rows.end() || engine) row.push_back(critical_mass_text(o));
    if (any_map) row.push_back(equilibria_text(o));
    for (std::string cell : {spread_text(o.final_alpha), spread_text(o.welfare), std::to_string(o.runs)})
      row.push_back(std::move(cell));
    out.push_back(std::move(row));
  }
  return out;
}

std::vector<std::string> summary_sentences(const std::vector<PolicyOutcome>& rows) {
  std::vector<std::string> out;
  const auto axes = varied_axes(rows);
  FirstSeenGroups<const PolicyOutcome*> by_collective;
  for (const auto& o : rows) by_collective.add(o.collective, &o);
  const bool named = by_collective.groups().size() > 1;
  for (const auto& axis : axes)
    for (const auto& [collective, of] : by_collective.groups()) {
      // Held at each setting of the other axes while there are few; averaged over them otherwise.
      FirstSeenGroups<const PolicyOutcome*> by_rest;
      auto skip = fixed_axes(rows);
      skip.push_back(axis);
      for (const PolicyOutcome* o : of) by_rest.add(settings_legend(o->settings, skip), o);
      const bool held = by_rest.groups().size() <= 3;
      const auto with_collective = [&](const std::string& rest) {
        return named ? collective + (rest.empty() ? "" : ", " + rest) : rest;
      };
      std::vector<std::pair<std::string, std::vector<const PolicyOutcome*>>> parts;
      if (held)
        for (const auto& [rest, rows_of] : by_rest.groups()) parts.push_back({with_collective(rest), rows_of});
      else
        parts.push_back({with_collective(""), of});
      for (const auto& [context, rows_of] : parts)
        if (auto s = axis_sentence(rows_of, axis, !held, context); !s.empty()) out.push_back(std::move(s));
    }
  return out;
}

void add_summary(ReportBuilder& r) {
  const auto rows = policy_outcomes(r.a);
  if (rows.empty()) return;
  r.add(heading("## Summary"));
  r.long_table(summary_rows(rows), "analysis/critical_mass.csv (with analysis/runs.csv)");
  for (const auto& s : summary_sentences(rows)) r.add(paragraph(s));
  r.add(paragraph("α*: the smallest share of members whose collective reaches success S* = " + num(r.a.target) +
                  ", with its bootstrap interval over replicates. Equilibria: fixed points of the participation map "
                  "(where participation settles when stable; a tipping point separates two basins). Final α and "
                  "welfare: the last round of each run, mean with [min, max] over the configuration's runs."));
}

}  // namespace aca::analysis
