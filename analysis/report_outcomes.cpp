// Outcomes against each swept parameter: the figures that answer "how does this parameter move α*, the
// equilibria, final participation and welfare", each estimate with its interval.
#include <algorithm>
#include <cmath>
#include <limits>

#include "analysis/collect.hpp"
#include "analysis/csv_table.hpp"
#include "analysis/plot_outcomes.hpp"
#include "analysis/report_sections.hpp"

namespace aca::analysis {

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

// Positions of an axis's values: numbers where they are numbers (+∞ two steps beyond the largest finite value,
// behind a break), logarithmic when they span a factor of 4 or more; categories 0, 1, … in design order otherwise.
struct Positions {
  ParameterAxis axis;
  std::vector<std::pair<std::string, double>> of;  // value text → position
  double at(const std::string& value) const {
    for (const auto& [v, p] : of)
      if (v == value) return p;
    return std::nan("");
  }
};

std::vector<std::string> axis_values(const std::vector<PolicyOutcome>& rows, const std::string& axis) {
  std::vector<std::string> out;
  for (const auto& o : rows) push_unique(out, setting_value(o.settings, axis));
  return out;
}

void numeric_positions(Positions& p, const std::vector<std::string>& values, const std::string& key) {
  std::vector<double> finite;
  for (const auto& v : values)
    if (std::isfinite(parse_number(v))) finite.push_back(parse_number(v));
  std::sort(finite.begin(), finite.end());
  const double lo = finite.empty() ? 1.0 : finite.front(), hi = finite.empty() ? 1.0 : finite.back();
  p.axis.log_x = finite.size() >= 2 && lo > 0 && hi / lo >= 4.0;
  const double n = static_cast<double>(finite.size());
  // ∞ two steps beyond the largest value: its tick label ("∞ (no DP)") is wider than a step of a small panel.
  const double at_inf =
      p.axis.log_x ? hi * std::pow(hi / lo, 2.0 / (n - 1)) : hi + (n >= 2 ? 2.0 * (hi - lo) / (n - 1) : 2.0);
  for (const auto& v : values) {
    const double x = parse_number(v);
    const double pos = std::isinf(x) ? at_inf : x;
    p.of.push_back({v, pos});
    p.axis.ticks.push_back({std::isinf(x) && key == "platform.privacy.target_epsilon" ? "∞ (no DP)" : value_text(v), pos});
    if (std::isinf(x)) p.axis.break_at = p.axis.log_x ? std::sqrt(hi * at_inf) : 0.5 * (hi + at_inf);
  }
}

Positions positions_of(const std::vector<PolicyOutcome>& rows, const std::string& key) {
  Positions p;
  p.axis.label = axis_label(key);
  const auto values = axis_values(rows, key);
  const bool numeric = std::all_of(values.begin(), values.end(), [](const std::string& v) {
    const double x = parse_number(v);
    return std::isfinite(x) || x == inf;
  });
  if (numeric) {
    numeric_positions(p, values, key);
  } else {
    for (std::size_t i = 0; i < values.size(); ++i) {
      p.of.push_back({values[i], static_cast<double>(i)});
      p.axis.ticks.push_back({value_text(values[i]), static_cast<double>(i)});
    }
  }
  return p;
}

// A series: the rows sharing every setting but `axis` (and one collective), one colour in every panel; or, pooled,
// every row of a collective.
struct Series {
  std::string label;
  int colour;
  std::vector<const PolicyOutcome*> rows;  // sorted by position
  bool pooled = false;
};

std::vector<Series> series_of(const std::vector<PolicyOutcome>& rows, const std::string& axis, const Positions& pos) {
  const bool named = std::any_of(rows.begin(), rows.end(), [&](const PolicyOutcome& o) { return o.collective != rows[0].collective; });
  FirstSeenGroups<const PolicyOutcome*> groups;
  auto skip = fixed_axes(rows);
  skip.push_back(axis);
  for (const auto& o : rows) {
    const std::string rest = settings_legend(o.settings, skip);
    groups.add(named ? o.collective + (rest.empty() ? "" : ", " + rest) : rest, &o);
  }
  // More series than the palette tells apart: the other axes vary from point to point (a sampled design), so no
  // two rows share them and a "series" is one point. Such rows are pooled into one cloud of points per collective.
  const bool pool = groups.groups().size() > max_series;
  if (pool) {
    groups = FirstSeenGroups<const PolicyOutcome*>();
    for (const auto& o : rows) groups.add(named ? o.collective : std::string("every configuration"), &o);
  }
  std::vector<Series> out;
  for (const auto& [label, of] : groups.groups()) {
    Series s{label, static_cast<int>(out.size()) + 1, of, pool};
    std::stable_sort(s.rows.begin(), s.rows.end(), [&](const PolicyOutcome* l, const PolicyOutcome* r) {
      return pos.at(setting_value(l->settings, axis)) < pos.at(setting_value(r->settings, axis));
    });
    out.push_back(std::move(s));
  }
  return out;
}

OutcomeSeries blank(const Series& s, OutcomeMark mark, bool titled) {
  OutcomeSeries o;
  o.label = titled ? s.label : "";
  o.colour = s.colour;
  o.mark = mark;
  return o;
}

// Points with intervals: joined along the axis for a series, a cloud for pooled rows.
OutcomeMark line_mark(const Series& s) { return s.pooled ? OutcomeMark::scatter : OutcomeMark::interval; }

void push(OutcomeSeries& o, double x, double y, double lower, double upper) {
  o.x.push_back(x);
  o.y.push_back(y);
  if (has_interval(o.mark)) {
    o.lower.push_back(lower);
    o.upper.push_back(upper);
  }
}

// An interval end beyond the grid is drawn to the largest α tested, where the triangle marks it.
OutcomePanel critical_mass_panel(const std::vector<Series>& series, const std::string& axis, const Positions& pos) {
  // Panel names fit a panel's width (about 22 characters); the caption gives the success target.
  OutcomePanel p{"alpha_star", "critical mass α*", {}};
  for (const auto& s : series) {
    OutcomeSeries found = blank(s, line_mark(s), true), beyond = blank(s, OutcomeMark::beyond, false);
    for (const PolicyOutcome* o : s.rows) {
      if (!o->critical_mass) continue;
      const auto& ci = *o->critical_mass;
      const double x = pos.at(setting_value(o->settings, axis)), cap = ci.point.max_alpha_tested;
      if (ci.point.found()) push(found, x, ci.point.alpha, std::min(ci.lower, cap), std::min(ci.upper, cap));
      if (!ci.point.found() || ci.upper_beyond_grid) push(beyond, x, cap, cap, cap);
    }
    if (!found.x.empty()) p.series.push_back(std::move(found));
    if (!beyond.x.empty()) p.series.push_back(std::move(beyond));
  }
  return p;
}

OutcomePanel equilibria_panel(const std::vector<Series>& series, const std::string& axis, const Positions& pos,
                              bool mean_field) {
  OutcomePanel p{"equilibria", std::string(mean_field ? "mean-field equilibria α" : "equilibria α"), {}};
  for (const auto& s : series) {
    OutcomeSeries stable = blank(s, OutcomeMark::filled, true), unstable = blank(s, OutcomeMark::hollow, false);
    for (const PolicyOutcome* o : s.rows)
      for (const auto& fp : o->equilibria)
        push(fp.stability == numerics::Stability::stable ? stable : unstable, pos.at(setting_value(o->settings, axis)),
             fp.alpha, fp.alpha, fp.alpha);
    for (auto* o : {&stable, &unstable})
      if (!o->x.empty()) p.series.push_back(std::move(*o));
  }
  return p;
}

OutcomePanel spread_panel(const std::vector<Series>& series, const std::string& axis, const Positions& pos,
                          const std::string& name, const std::string& ylabel, Spread PolicyOutcome::*member) {
  OutcomePanel p{name, ylabel, {}};
  for (const auto& s : series) {
    OutcomeSeries o = blank(s, line_mark(s), true);
    for (const PolicyOutcome* row : s.rows) {
      const Spread& v = row->*member;
      if (v.n > 0) push(o, pos.at(setting_value(row->settings, axis)), v.mean, v.min, v.max);
    }
    if (!o.x.empty()) p.series.push_back(std::move(o));
  }
  return p;
}

std::string caption(const std::string& axis, const std::vector<OutcomePanel>& panels, const std::vector<Series>& series,
                    double level, double target) {
  std::vector<std::string> parts;
  for (const auto& p : panels) {
    if (p.name == "alpha_star")
      parts.push_back("α* with its " + round4(100 * level) + " % bootstrap interval, for the success target S* = " +
                      num(target) + " (triangles: beyond the largest α tested)");
    if (p.name == "equilibria")
      parts.push_back("fixed points of the participation map (filled: stable, hollow: unstable or tipping point)");
  }
  std::vector<std::string> spreads;
  for (const auto& p : panels)
    if (p.name == "final_alpha" || p.name == "welfare") spreads.push_back(p.name == "welfare" ? "welfare" : "final α");
  if (!spreads.empty())
    parts.push_back(join(spreads, " and ", [](const std::string& s) { return s; }) +
                    ": mean over the configuration's runs with min–max bars");
  std::string c = "Outcomes against " + axis_name(axis) + ": " + join(parts, "; ", [](const std::string& s) { return s; });
  if (!series.empty() && series[0].pooled)
    c += ". One point per configuration: the other swept parameters vary from point to point (a sampled design), "
         "so points are not joined; the spread at one value of this parameter is the other parameters' effect";
  else if (series.size() > 1)
    c += ". One colour per setting of the other swept parameters";
  return c + ".";
}

void add_axis_figure(ReportBuilder& r, const std::vector<PolicyOutcome>& rows, const std::string& axis) {
  const Positions pos = positions_of(rows, axis);
  const auto series = series_of(rows, axis, pos);
  std::vector<OutcomePanel> panels;
  double level = 0.95;
  bool mean_field = false;
  for (const auto& o : rows) {
    if (o.critical_mass) level = o.critical_mass->level;
    mean_field = mean_field || o.mean_field;
  }
  for (OutcomePanel p : {critical_mass_panel(series, axis, pos), equilibria_panel(series, axis, pos, mean_field),
                         spread_panel(series, axis, pos, "final_alpha", "final α (last round)",
                                      &PolicyOutcome::final_alpha),
                         spread_panel(series, axis, pos, "welfare", "welfare (last round)", &PolicyOutcome::welfare)})
    if (!p.series.empty()) panels.push_back(std::move(p));
  if (panels.empty()) return;
  PlotStyle st = r.style("");
  st.height_in = panels.size() > 2 ? 5.2 : 2.9;  // two rows of panels, or one
  const auto f = plot_outcome_panels(r.figs / ("outcomes_vs_" + slug(axis)), pos.axis, panels, st);
  r.figure(f, caption(axis, panels, series, level, r.a.target));
}

}  // namespace

void add_outcome_figures(ReportBuilder& r) {
  const auto rows = policy_outcomes(r.a);
  const auto axes = varied_axes(rows);
  if (axes.empty()) return;
  r.add(heading("## Outcomes against the swept parameters"));
  for (const auto& axis : axes) add_axis_figure(r, rows, axis);
}

}  // namespace aca::analysis
