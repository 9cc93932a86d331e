#include "analysis/report_dynamics.hpp"

#include <algorithm>

#include "analysis/collect.hpp"
#include "analysis/plot_replicates.hpp"
#include "config/labels.hpp"

namespace aca::analysis {

namespace {

// Replicates of one configuration: the replicate and a seed axis only reseed, so neither splits a configuration.
struct DynamicsGroup {
  std::vector<Setting> settings;
  std::vector<const RunDynamics*> runs;
};

std::vector<DynamicsGroup> by_configuration(const std::vector<RunDynamics>& dynamics) {
  FirstSeenGroups<const RunDynamics*> groups;
  std::vector<DynamicsGroup> out;
  for (const auto& d : dynamics) {
    std::vector<Setting> s;
    for (const auto& kv : d.settings)
      if (kv.first != seed_axis_key) s.push_back(kv);
    const std::string key = settings_text(s);
    if (std::none_of(out.begin(), out.end(), [&](const DynamicsGroup& g) { return settings_text(g.settings) == key; }))
      out.push_back({s, {}});
    groups.add(key, &d);
  }
  for (std::size_t i = 0; i < out.size(); ++i) out[i].runs = groups.groups()[i].second;
  return out;
}

std::vector<std::vector<Setting>> settings_of(const std::vector<DynamicsGroup>& groups) {
  std::vector<std::vector<Setting>> out;
  for (const auto& g : groups) out.push_back(g.settings);
  return out;
}

std::vector<std::string> collectives_of(const std::vector<RunDynamics>& dynamics) {
  std::vector<std::string> out;
  for (const auto& d : dynamics)
    for (const auto& l : d.alpha) push_unique(out, l.label);
  return out;
}

const Line* line_of(const std::vector<Line>& lines, const std::string& collective) {
  for (const auto& l : lines)
    if (l.label == collective) return &l;
  return nullptr;
}

// α(t) or S(t) of one collective across replicates (`metric`: RunDynamics::alpha or ::success), in figures of at
// most replicate_figure_configurations configurations each.
void add_replicate_figures(ReportBuilder& r, const std::vector<DynamicsGroup>& groups, const std::string& collective,
                           std::vector<Line> RunDynamics::*metric) {
  const bool alpha = metric == &RunDynamics::alpha;
  const std::size_t shown = std::min(groups.size(), replicate_figure_configurations * max_replicate_figures);
  for (std::size_t first = 0, fig = 0; first < shown; first += replicate_figure_configurations, ++fig) {
    std::vector<ReplicateSet> sets;
    for (std::size_t i = first; i < std::min(shown, first + replicate_figure_configurations); ++i) {
      const std::string legend = configuration_legend(groups[i].settings, settings_of(groups));
      ReplicateSet set{legend.empty() ? "mean over replicates" : legend, {}};
      for (const RunDynamics* d : groups[i].runs)
        if (const Line* l = line_of(d->*metric, collective)) set.runs.push_back(*l);
      sets.push_back(std::move(set));
    }
    const std::string what = alpha ? "participation α(t)" : "success S(t)";
    PlotStyle st = r.style(what + " of " + collective + " over rounds, every replicate");
    st.xlabel = "round";
    st.ylabel = alpha ? "share of agents in " + collective + ", α" : "success of " + collective + ", S";
    const std::string stem = (alpha ? "replicates_" : "replicates_success_") + slug(collective) + "_" +
                             std::to_string(fig);
    const auto f = plot_replicate_trajectories(r.figs / stem, sets, st);
    r.figure(f, what + " of " + collective + ": one thin line per replicate (seed), the mean over replicates "
                "bold, the min–max band over replicates shaded; a run that stopped at convergence is held at its "
                "last value");
  }
}

// One run per configuration: the α(t), S(t) panels, legends naming what differs.
void add_trajectory_figure(ReportBuilder& r, const std::vector<DynamicsGroup>& groups) {
  std::vector<Line> al, su;
  const std::size_t shown = std::min(groups.size(), max_trajectory_runs);
  for (std::size_t i = 0; i < shown; ++i) {
    const std::string legend = configuration_legend(groups[i].settings, settings_of(groups));
    const RunDynamics& d = *groups[i].runs.front();
    for (auto [from, to] : {std::make_pair(&d.alpha, &al), std::make_pair(&d.success, &su)})
      for (Line l : *from) {
        l.label = legend.empty() ? l.label : legend + ", " + l.label;
        to->push_back(std::move(l));
      }
  }
  std::vector<Level> alpha_levels, success_levels = {{"S* = " + round4(r.a.target), r.a.target}};
  for (const auto& m : r.a.maps)
    for (const auto& fp : m.fixed_points)
      if (fp.tipping_point && alpha_levels.size() < 3) {
        // Beside other collectives a map's tipping point holds for its collective alone: the label says whose.
        const std::string whose = m.collectives > 1 ? " of " + m.collective + " alone" : "";
        alpha_levels.push_back({"tipping point" + whose + (m.mean_field ? " (mean-field)" : ""), fp.alpha});
      }
  PlotStyle st = r.style("participation α_k(t) and success S_k(t)");
  st.height_in = 5.5;  // two panels
  const auto f = plot_trajectories(r.figs / "trajectories", al, su, st, alpha_levels, success_levels);
  r.figure(f, "α(t) and S(t) trajectories" +
                  (shown < groups.size() ? " (the first " + std::to_string(shown) + " of " +
                                               std::to_string(groups.size()) + " configurations)"
                                         : std::string()));
}

std::string converged_cell(const DynamicsGroup& g) {
  long n = 0, lo = -1, hi = -1;
  for (const RunDynamics* d : g.runs) {
    if (d->converged_round < 0) continue;
    ++n;
    lo = lo < 0 ? d->converged_round : std::min(lo, d->converged_round);
    hi = std::max(hi, d->converged_round);
  }
  std::string cell = std::to_string(n) + " of " + std::to_string(g.runs.size());
  if (n > 0) cell += " (from round " + std::to_string(lo) + (hi > lo ? "–" + std::to_string(hi) : "") + ")";
  return cell;
}

void add_convergence_table(ReportBuilder& r, const std::vector<DynamicsGroup>& groups) {
  Rows rows = {{"configuration", "replicates", "converged", "period"}};
  for (const auto& g : groups) {
    std::vector<long> periods;
    for (const RunDynamics* d : g.runs) periods.push_back(d->period);
    const auto [lo, hi] = std::minmax_element(periods.begin(), periods.end());
    // In the reader's words ("ε = 4"), as the figures' legends name the configuration.
    const std::string text = config::settings_label(g.settings);
    rows.push_back({text.empty() ? "(run)" : text, std::to_string(g.runs.size()), converged_cell(g),
                    *lo == *hi ? std::to_string(*lo) : std::to_string(*lo) + "–" + std::to_string(*hi)});
  }
  r.long_table(std::move(rows), "analysis/runs.csv (converged_round, period)");
}

}  // namespace

std::string configuration_legend(const std::vector<Setting>& settings,
                                 const std::vector<std::vector<Setting>>& configurations) {
  std::vector<Setting> varying;
  for (const auto& kv : settings) {
    const bool differs = std::any_of(configurations.begin(), configurations.end(), [&](const auto& other) {
      const auto it = std::find_if(other.begin(), other.end(), [&](const Setting& o) { return o.first == kv.first; });
      return it == other.end() || !config::same_value(kv.first, it->second, kv.second);
    });
    if (differs) varying.push_back(kv);
  }
  return config::settings_label(varying);
}

void add_dynamics(ReportBuilder& r) {
  if (r.a.dynamics.empty()) return;
  r.add(heading("## Dynamics"));
  const std::vector<DynamicsGroup> groups = by_configuration(r.a.dynamics);
  const bool replicates =
      std::any_of(groups.begin(), groups.end(), [](const DynamicsGroup& g) { return g.runs.size() >= 2; });
  if (replicates) {
    for (const auto& c : collectives_of(r.a.dynamics)) {
      add_replicate_figures(r, groups, c, &RunDynamics::alpha);
      add_replicate_figures(r, groups, c, &RunDynamics::success);
    }
    const std::size_t shown = std::min(groups.size(), replicate_figure_configurations * max_replicate_figures);
    if (shown < groups.size())
      r.add(paragraph("The figures show the first " + std::to_string(shown) + " of " + std::to_string(groups.size()) +
                      " configurations; `analysis/dynamics.csv` holds every replicate of each."));
  } else {
    add_trajectory_figure(r, groups);
  }
  add_convergence_table(r, groups);
}

}  // namespace aca::analysis
