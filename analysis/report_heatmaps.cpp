// Two swept parameters at once: heatmaps of final participation (and α* when measured), the numbers in the cells.
#include <algorithm>
#include <cmath>
#include <limits>

#include "analysis/collect.hpp"
#include "analysis/csv_table.hpp"
#include "analysis/plot_heatmap.hpp"
#include "analysis/report_sections.hpp"

namespace aca::analysis {

namespace {

bool numeric_axis(const std::vector<PolicyOutcome>& rows, const std::string& axis) {
  return std::all_of(rows.begin(), rows.end(), [&](const PolicyOutcome& o) {
    const double x = parse_number(setting_value(o.settings, axis));
    return std::isfinite(x) || x == std::numeric_limits<double>::infinity();
  });
}

// The axis's values in ascending numeric order (+∞ last), as TOML text.
std::vector<std::string> sorted_values(const std::vector<PolicyOutcome>& rows, const std::string& axis) {
  std::vector<std::string> v;
  for (const auto& o : rows) push_unique(v, setting_value(o.settings, axis));
  std::stable_sort(v.begin(), v.end(),
                   [](const std::string& l, const std::string& r) { return parse_number(l) < parse_number(r); });
  return v;
}

// Mean over the rows of a cell (replicates are already pooled in a row; several rows: the other swept settings).
HeatmapGrid grid_of(const std::vector<const PolicyOutcome*>& rows, const std::string& x_axis, const std::string& y_axis,
                    const std::vector<std::string>& xs, const std::vector<std::string>& ys,
                    double (*value)(const PolicyOutcome&)) {
  HeatmapGrid g;
  for (const auto& x : xs) g.columns.push_back(value_text(x));
  for (const auto& y : ys) g.rows.push_back(value_text(y));
  g.values.assign(ys.size(), std::vector<double>(xs.size(), std::nan("")));
  for (std::size_t r = 0; r < ys.size(); ++r)
    for (std::size_t c = 0; c < xs.size(); ++c) {
      std::vector<double> cell;
      for (const PolicyOutcome* o : rows)
        if (setting_value(o->settings, x_axis) == xs[c] && setting_value(o->settings, y_axis) == ys[r])
          cell.push_back(value(*o));
      g.values[r][c] = spread_of(cell).n == cell.size() ? spread_of(cell).mean : std::nan("");
    }
  return g;
}

// True when the two axes were crossed as a grid crosses them: every combination of their values was run and each has
// few enough values for readable cells. A list, Latin-hypercube, sobol or morris design samples pairs instead,
// whose heatmap would be an almost empty matrix of unreadable ticks.
bool crossed(const std::vector<PolicyOutcome>& rows, const std::string& a, const std::string& b) {
  constexpr std::size_t most_values = 12;
  const auto as = sorted_values(rows, a), bs = sorted_values(rows, b);
  if (as.size() > most_values || bs.size() > most_values) return false;
  std::vector<std::string> pairs;
  for (const auto& o : rows) push_unique(pairs, setting_value(o.settings, a) + "\n" + setting_value(o.settings, b));
  return pairs.size() == as.size() * bs.size();
}

double final_alpha(const PolicyOutcome& o) { return o.final_alpha.mean; }
double critical_mass(const PolicyOutcome& o) {
  return o.critical_mass && o.critical_mass->point.found() ? o.critical_mass->point.alpha : std::nan("");
}

void add_pair(ReportBuilder& r, const std::vector<const PolicyOutcome*>& rows, const std::string& y_axis,
              const std::string& x_axis, const std::string& collective, bool averaged) {
  std::vector<PolicyOutcome> copy;
  for (const PolicyOutcome* o : rows) copy.push_back(*o);
  const auto xs = sorted_values(copy, x_axis), ys = sorted_values(copy, y_axis);
  const std::string where = (collective.empty() ? "" : collective + ", ") + axis_name(y_axis) + " × " + axis_name(x_axis);
  const std::string over = averaged ? "mean over the configuration's runs and over the other swept settings"
                                    : "mean over the configuration's runs";
  struct Kind {
    const char* name;
    const char* label;
    double (*value)(const PolicyOutcome&);
  };
  const bool measured = std::any_of(rows.begin(), rows.end(), [](const PolicyOutcome* o) { return o->critical_mass; });
  for (const Kind& k : {Kind{"final_alpha", "final participation α (last round)", final_alpha},
                        Kind{"alpha_star", "critical mass α*", critical_mass}}) {
    if (std::string(k.name) == "alpha_star" && !measured) continue;
    HeatmapGrid g = grid_of(rows, x_axis, y_axis, xs, ys, k.value);
    g.name = k.name;
    g.colour_label = k.label;
    PlotStyle st = r.style("");
    st.xlabel = axis_label(x_axis);
    st.ylabel = axis_label(y_axis);
    st.square = true;  // cells of two parameter grids read best as a square
    const std::string stem = "heatmap_" + std::string(k.name) + "_" + (collective.empty() ? "" : slug(collective) + "_") +
                             slug(y_axis) + "_x_" + slug(x_axis);
    const std::string what = g.name == "final_alpha" ? "Final participation α" : "Critical mass α* (point estimate)";
    r.figure(plot_heatmap(r.figs / stem, g, st),
             what + " over " + where + " (" + over + "); blank cells: no run or not reached.");
  }
}

}  // namespace

// A heatmap needs two numeric axes; with more than three varied axes the averages would hide too much.
void add_heatmaps(ReportBuilder& r) {
  const auto rows = policy_outcomes(r.a);
  std::vector<std::string> axes;
  for (const auto& a : varied_axes(rows))
    if (numeric_axis(rows, a)) axes.push_back(a);
  if (axes.size() < 2 || varied_axes(rows).size() > 3) return;
  // A sobol or morris design samples the parameters' ranges rather than crossing their values: most cells of a pair
  // would be empty (and gnuplot's image refuses such a matrix); its section "Which parameter matters" answers instead.
  if (r.a.sensitivity) return;
  FirstSeenGroups<const PolicyOutcome*> by_collective;
  for (const auto& o : rows) by_collective.add(o.collective, &o);
  const bool named = by_collective.groups().size() > 1;
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  for (std::size_t i = 0; i < axes.size(); ++i)
    for (std::size_t j = i + 1; j < axes.size(); ++j)
      if (crossed(rows, axes[i], axes[j])) pairs.emplace_back(i, j);
  if (pairs.empty()) return;
  r.add(heading("## Two swept parameters at once"));
  for (const auto& [i, j] : pairs)
    for (const auto& [collective, of] : by_collective.groups())
      add_pair(r, of, axes[i], axes[j], named ? collective : "", varied_axes(rows).size() > 2);
}

}  // namespace aca::analysis
