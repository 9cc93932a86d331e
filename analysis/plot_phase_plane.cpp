#include "analysis/plot_phase_plane.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <sstream>

#include "analysis/gnuplot_figure.hpp"

namespace aca::analysis {

namespace {

using gnuplot::DataBlocks;
using gnuplot::number;

// Spacing of the simplex grid: the smallest positive coordinate (grids start at 0).
double grid_step(const std::vector<JointMapPoint>& grid) {
  double h = 1.0;
  for (const auto& q : grid) {
    if (q.alpha_1 > 1e-12) h = std::min(h, q.alpha_1);
    if (q.alpha_2 > 1e-12) h = std::min(h, q.alpha_2);
  }
  return h;
}

std::string state_text(const JointEquilibriumRow& e) { return "(" + number(std::round(e.alpha_1 * 1000) / 1000) + ", " +
                                                             number(std::round(e.alpha_2 * 1000) / 1000) + ")"; }

void basins(const PhasePlane& p, double h, DataBlocks& d, gnuplot::PlotCommand& cmd) {
  int colour = 0;
  for (std::size_t e = 0; e < p.equilibria.size(); ++e) {
    if (p.equilibria[e].stability != "stable") continue;
    ++colour;  // each stable equilibrium keeps one linetype for its basin and its marker's label
    std::vector<const JointMapPoint*> cells;
    for (const auto& q : p.grid)
      if (q.basin == static_cast<long>(e)) cells.push_back(&q);
    if (cells.empty()) continue;
    const int b = d.begin_block("basin of equilibria_joint.csv row " + std::to_string(e) + ": alpha_1 alpha_2 half_cell");
    for (const auto* q : cells) d.row({q->alpha_1, q->alpha_2, h / 2});
    cmd.add("datafile index " + std::to_string(b) +
                " using 1:2:($1-$3):($1+$3):($2-$3):($2+$3) with boxxyerror fs transparent solid 0.22 noborder"
                " lc " + std::to_string((colour - 1) % 8 + 1),
            "basin of " + state_text(p.equilibria[e]));
  }
}

void arrows(const PhasePlane& p, double h, DataBlocks& d, gnuplot::PlotCommand& cmd) {
  const double length = 1.2 * h;  // a fixed length: the map's steps range over orders of magnitude
  std::vector<std::array<double, 4>> rows;
  for (const auto& q : p.grid) {
    const long i = std::lround(q.alpha_1 / h), j = std::lround(q.alpha_2 / h);
    if (i % 2 || j % 2) continue;
    const double dx = q.next_1 - q.alpha_1, dy = q.next_2 - q.alpha_2, n = std::hypot(dx, dy);
    if (!(n > 1e-6)) continue;  // at (or next to) a fixed point: no direction to show
    rows.push_back({q.alpha_1, q.alpha_2, length * dx / n, length * dy / n});
  }
  if (rows.empty()) return;
  const int b = d.begin_block("direction field: alpha_1 alpha_2 d_alpha_1 d_alpha_2 (direction of F(alpha) - alpha, "
                              "fixed length)");
  for (const auto& r : rows) d.row({r[0], r[1], r[2], r[3]});
  cmd.add("datafile index " + std::to_string(b) + " using 1:2:3:4 with vectors head filled size 0.008,25 lw 1 dt 1 lc 7",
          "direction of α(t+1) − α(t)");
}

void equilibria(const PhasePlane& p, DataBlocks& d, gnuplot::PlotCommand& cmd) {
  struct Class {
    const char* stability;
    const char* title;
    const char* style;
  };
  // Black (line type 7) on any basin's shade.
  const Class classes[] = {{"stable", "stable equilibrium", "pt 7 ps 2 lc 7"},
                           {"saddle", "saddle (separates the basins)", "pt 12 ps 2.6 lw 2 lc 7"},
                           {"unstable", "unstable equilibrium (source)", "pt 6 ps 2 lw 2 lc 7"},
                           {"neutral", "neutral equilibrium", "pt 4 ps 2 lw 2 lc 7"}};
  for (const auto& c : classes) {
    std::vector<const JointEquilibriumRow*> of;
    for (const auto& e : p.equilibria)
      if (e.stability == c.stability) of.push_back(&e);
    if (of.empty()) continue;
    const int b = d.begin_block(std::string(c.stability) + " equilibria: alpha_1 alpha_2");
    for (const auto* e : of) d.row({e->alpha_1, e->alpha_2});
    cmd.add("datafile index " + std::to_string(b) + " using 1:2 with points " + c.style, c.title);
  }
}

void trajectory(const PhasePlane& p, DataBlocks& d, gnuplot::PlotCommand& cmd) {
  gnuplot::check_line(p.trajectory);
  if (p.trajectory.x.empty()) return;
  const int b = d.begin_block("observed trajectory: alpha_1 alpha_2 round");
  for (std::size_t t = 0; t < p.trajectory.x.size(); ++t)
    d.row({p.trajectory.x[t], p.trajectory.y[t], static_cast<double>(t)});
  cmd.add("datafile index " + std::to_string(b) + " using 1:2 with linespoints lw 2 pt 1 ps 1 lc 6 dt 1",
          p.trajectory.label);
  cmd.add("datafile index " + std::to_string(b) + " every ::0::0 using 1:2 with points pt 5 ps 1.4 lc 6",
          "start (round 0)");
}

}  // namespace

FigureFiles plot_phase_plane(const std::filesystem::path& stem, const PhasePlane& p, const PlotStyle& style) {
  DataBlocks d(false);
  gnuplot::PlotCommand cmd;
  const double h = grid_step(p.grid);
  basins(p, h, d, cmd);
  arrows(p, h, d, cmd);
  cmd.add("1 - x with lines dt 3 lw 1 lc 7", "α₁ + α₂ = 1");
  equilibria(p, d, cmd);
  trajectory(p, d, cmd);
  std::ostringstream g;
  // Equal ranges on a square plot area: one unit is as long on both axes. The legend goes below, as in every
  // figure (the corner above the simplex is too small for its entries).
  PlotStyle st = style;
  st.square = true;
  g << "set xrange [-0.02:1.02]\nset yrange [-0.02:1.02]\nset samples 2\n" << cmd.str();
  return gnuplot::render(stem, d.str(), g.str(), st, cmd.legend());
}

}  // namespace aca::analysis
