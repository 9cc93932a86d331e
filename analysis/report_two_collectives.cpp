#include "analysis/report_two_collectives.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "analysis/map_reader.hpp"
#include "analysis/plot_alone_map.hpp"
#include "analysis/plot_phase_plane.hpp"

namespace aca::analysis {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t max_phase_planes = 3;  // a sweep's report stays short: the first configurations only

// The observed (α_1(t), α_2(t)) of a run, on the rounds both collectives report.
Line joint_trajectory(const fs::path& dir, const std::string& c1, const std::string& c2) {
  Line l;
  l.label = "this run α(t)";
  if (!fs::exists(dir / "metrics.csv")) return l;
  const MetricTable t = align_metric(read_metrics_csv(dir / "metrics.csv"), "alpha");
  std::size_t k1 = t.collectives.size(), k2 = k1;
  for (std::size_t k = 0; k < t.collectives.size(); ++k) {
    if (t.collectives[k] == c1) k1 = k;
    if (t.collectives[k] == c2) k2 = k;
  }
  if (k1 == t.collectives.size() || k2 == t.collectives.size()) return l;
  for (std::size_t i = 0; i < t.rounds.size(); ++i)
    if (std::isfinite(t.values[k1][i]) && std::isfinite(t.values[k2][i])) {
      l.x.push_back(t.values[k1][i]);
      l.y.push_back(t.values[k2][i]);
    }
  return l;
}

std::string ends_here(const PhasePlane& p, const JointEquilibriumRow& e) {
  if (p.trajectory.x.empty()) return "";
  // 0.01: the decision rule's noise keeps α a few agents off the mean-field fixed point.
  return std::fabs(p.trajectory.x.back() - e.alpha_1) < 0.01 && std::fabs(p.trajectory.y.back() - e.alpha_2) < 0.01
             ? "yes"
             : "";
}

// Shares to three decimals: a fixed point 1e-9 away from 0 is "0.000", not "1.914e-09".
std::string fixed3(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

void equilibria_table(ReportBuilder& r, const PhasePlane& p) {
  Rows rows = {{"joint state", "α " + p.name_1, "α " + p.name_2, "stability", "basin (share of grid starts)",
                "this run ends here"}};
  for (std::size_t e = 0; e < p.equilibria.size(); ++e) {
    const auto& q = p.equilibria[e];
    std::string basin = "-";
    if (q.stability == "stable") {
      std::size_t in = 0;
      for (const auto& g : p.grid) in += g.basin == static_cast<long>(e);
      basin = round4(100.0 * static_cast<double>(in) / static_cast<double>(std::max<std::size_t>(1, p.grid.size()))) + " %";
    }
    rows.push_back({q.stability == "saddle" ? "**saddle** (separates the basins)" : q.stability + " state",
                    fixed3(q.alpha_1), fixed3(q.alpha_2), q.stability, basin, ends_here(p, q)});
  }
  r.add(table(rows));
}

void add_phase_plane(ReportBuilder& r, const RunEntry& run, std::size_t index) {
  const auto alone = read_alone_maps(run.dir / "participation_map.csv");
  if (alone.size() != 2) return;
  PhasePlane p{alone[0].collective, alone[1].collective, read_joint_map(run.dir / "participation_map_joint.csv"),
               read_joint_equilibria(run.dir / "equilibria_joint.csv"), {}};
  p.trajectory = joint_trajectory(run.dir, p.name_1, p.name_2);
  const std::string who = r.a.sweep ? " (" + run.id + ": " + settings_text(run.settings) + ")" : "";
  r.add(paragraph("Joint equilibria" + who + " of the map (α₁, α₂) = (α_" + p.name_1 + ", α_" + p.name_2 +
                  ") ↦ shares choosing each collective when both are present (equilibria_joint.csv); a stable state's "
                  "basin is the share of the " + std::to_string(p.grid.size()) + " grid points of the simplex "
                  "α₁ + α₂ ≤ 1 from which iterating the map reaches it (participation_map_joint.csv)."));
  equilibria_table(r, p);
  PlotStyle st = r.style("");
  st.xlabel = "share of workers in " + p.name_1 + ", α₁";
  st.ylabel = "share of workers in " + p.name_2 + ", α₂";
  st.square = true;
  const auto f = plot_phase_plane(r.figs / ("phase_plane_" + std::to_string(index)), p, st);
  r.figure(f, "Phase plane of the joint participation map" + who + ": basins of attraction shaded (light, one "
              "colour per stable state; unshaded: no stable state reached within 300 iterations), arrows give the "
              "direction of α(t+1) − α(t) at every second grid point (fixed length), filled dots the stable joint "
              "equilibria, the hollow diamond the saddle, the line the run's observed path from its start (square). "
              "Nullclines are not drawn.");
}

}  // namespace

void add_two_collectives(ReportBuilder& r) {
  // One run per configuration (the α axis only moves the start, which the map does not depend on).
  std::vector<const RunEntry*> runs;
  std::vector<std::string> configs;
  for (const auto& run : r.a.runs) {
    const std::string config = settings_text(run.settings, alpha_axis_key);
    if (run.status != "complete" || run.replicate != 0 || runs.size() >= max_phase_planes ||
        std::find(configs.begin(), configs.end(), config) != configs.end() ||
        !fs::exists(run.dir / "participation_map_joint.csv") || !fs::exists(run.dir / "equilibria_joint.csv"))
      continue;
    configs.push_back(config);
    runs.push_back(&run);
  }
  if (runs.empty()) return;
  r.add(heading("## Two collectives: joint equilibria and basins of attraction"));
  if (r.a.sweep)
    r.add(paragraph("Replicate 0 of the first " + std::to_string(runs.size()) + " configuration(s) with a joint map."));
  for (std::size_t i = 0; i < runs.size(); ++i) add_phase_plane(r, *runs[i], i);
}

bool add_alone_map_figure(ReportBuilder& r, const ParticipationMap& m, std::size_t index) {
  const fs::path file = m.run_dir / "participation_map.csv";
  if (m.run_dir.empty() || !fs::exists(file)) return false;
  const auto maps = read_alone_maps(file);
  const AloneMapTable* mine = nullptr;
  for (const auto& t : maps)
    if (t.collective == m.collective) mine = &t;
  if (!mine) return false;
  const bool alone = maps.size() > 1;
  PlotStyle st = r.style("");
  // Short enough for a square plot area at the style's font (the caption says what F is).
  st.xlabel = "share of workers in the collective, α(t)";
  st.ylabel = "share in the next round, α(t+1)";
  st.square = true;
  const auto f = plot_alone_map(r.figs / ("participation_map_" + std::to_string(index)), *mine, m.fixed_points,
                                m.transitions, st);
  r.figure(f, "Participation map of " + m.label + (alone ? " alone (the other collectives absent)" : "") +
                  " across all α (participation_map.csv): F(α) solid where its success curve was estimated, dashed "
                  "where S is held at its last estimated value; dotted: the 45° line; fixed points filled (stable), "
                  "hollow (unstable), hollow triangles (tipping points); crosses: the transitions the run took.");
  return true;
}

}  // namespace aca::analysis
