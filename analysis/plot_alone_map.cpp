#include "analysis/plot_alone_map.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "analysis/gnuplot_figure.hpp"

namespace aca::analysis {

namespace {

using gnuplot::DataBlocks;
using gnuplot::quote;

void curve(const AloneMapTable& m, DataBlocks& d, gnuplot::PlotCommand& cmd) {
  gnuplot::check_line(m.map);
  std::vector<std::size_t> inside, beyond;
  for (std::size_t i = 0; i < m.map.x.size(); ++i) {
    (m.map.x[i] <= m.estimated_up_to ? inside : beyond).push_back(i);
    // The held part starts at the last estimated point so the two parts join.
    if (m.map.x[i] <= m.estimated_up_to && i + 1 < m.map.x.size() && m.map.x[i + 1] > m.estimated_up_to)
      beyond.push_back(i);
  }
  const int b = d.begin_block("F(alpha) on the estimated grid: alpha next_alpha");
  for (std::size_t i : inside) d.row({m.map.x[i], m.map.y[i]});
  cmd.add("datafile index " + std::to_string(b) + " using 1:2 with lines lw 2 dt 1 lc 1", "map F(α)");
  if (beyond.size() < 2) return;
  const int h = d.begin_block("F(alpha) beyond the largest alpha estimated (curve held): alpha next_alpha");
  for (std::size_t i : beyond) d.row({m.map.x[i], m.map.y[i]});
  cmd.add("datafile index " + std::to_string(h) + " using 1:2 with lines dt 2 lw 2 lc 1",
          "F(α) beyond the α estimated");
}

void fixed_points(const std::vector<numerics::FixedPoint>& fps, DataBlocks& d, gnuplot::PlotCommand& cmd) {
  struct Class {
    const char* name;
    const char* style;
    bool (*is)(const numerics::FixedPoint&);
  };
  const Class classes[] = {
      {"stable", "pt 7 ps 1.8 lc 7", [](const numerics::FixedPoint& p) { return p.stability == numerics::Stability::stable; }},
      {"tipping point", "pt 8 ps 2.2 lw 2 lc 7", [](const numerics::FixedPoint& p) { return p.tipping_point; }},
      {"unstable", "pt 6 ps 1.8 lw 2 lc 7",
       [](const numerics::FixedPoint& p) { return p.stability == numerics::Stability::unstable && !p.tipping_point; }},
      {"neutral", "pt 4 ps 1.6 lw 2 lc 7", [](const numerics::FixedPoint& p) { return p.stability == numerics::Stability::neutral; }}};
  for (const auto& c : classes) {
    std::vector<double> at;
    for (const auto& p : fps)
      if (c.is(p)) at.push_back(p.alpha);
    if (at.empty()) continue;
    const int b = d.begin_block(std::string(c.name) + " fixed points: alpha alpha");
    for (double a : at) d.row({a, a});
    cmd.add("datafile index " + std::to_string(b) + " using 1:2 with points " + c.style, c.name);
  }
}

std::string three_digits(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

// Fixed points crowded near α = 0 (a tipping point at a few agents) cannot be told apart on [0, 1]: a second panel
// shows [0, z] with z four times the largest of them (at least 0.01); 0 when no fixed point lies in (0, 0.05).
double zoom_range(const std::vector<numerics::FixedPoint>& fps) {
  double largest = 0.0;
  for (const auto& p : fps)
    if (p.alpha > 1e-9 && p.alpha < 0.05) largest = std::max(largest, p.alpha);
  return largest > 0 ? std::max(0.01, 4.0 * largest) : 0.0;
}

}  // namespace

FigureFiles plot_alone_map(const std::filesystem::path& stem, const AloneMapTable& map,
                           const std::vector<numerics::FixedPoint>& fps, const Line& transitions,
                           const PlotStyle& style) {
  DataBlocks d(false);
  gnuplot::PlotCommand cmd;
  cmd.add("x with lines dt 3 lw 1 lc 7", "45° line α(t+1) = α(t)");
  curve(map, d, cmd);
  gnuplot::check_line(transitions);
  if (!transitions.x.empty()) {
    const int b = d.begin_block("observed transitions: alpha_t alpha_t+1");
    for (std::size_t i = 0; i < transitions.x.size(); ++i) d.row({transitions.x[i], transitions.y[i]});
    cmd.add("datafile index " + std::to_string(b) + " using 1:2 with points pt 1 ps 1.2 lc 2",
            "observed α(t) → α(t+1)");
  }
  fixed_points(fps, d, cmd);
  const double z = zoom_range(fps);
  // Square panels with equal ranges on both axes (the diagonal at 45°): one panel, or two side by side when the
  // zoom is needed, each as large as the one panel alone.
  PlotStyle st = style;
  st.square = z <= 0;
  if (z > 0) st.width_in = gnuplot::panel_row_width_in(style, 2);
  const gnuplot::Layout l = gnuplot::layout(st, cmd.legend());
  std::ostringstream g;
  g << "set xrange [0:1]\nset yrange [0:1]\nset samples 2\n";
  if (z <= 0) {
    g << cmd.str();
    return gnuplot::render(stem, d.str(), g.str(), st, cmd.legend());
  }
  // The zoom panel shares the axes' meaning (its labels would repeat the first panel's) and gets about four ticks,
  // which stay apart at its width.
  const std::string step = gnuplot::number(gnuplot::tick_step(z, 4));
  g << "set multiplot\n" << gnuplot::grid_margins(l, 0, 0, 1, 2) << cmd.str() << "unset key\nunset ylabel\n"
    << "unset xlabel\n" << gnuplot::grid_margins(l, 0, 1, 1, 2) << "set xrange [0:" << gnuplot::number(z)
    << "]\nset yrange [0:" << gnuplot::number(z) << "]\nset xtics " << step << "\nset ytics " << step << "\n"
    // The panel's name inside its empty upper-left corner (above the diagonal), not as a title over the figure.
    << "set label 1 " << quote("zoom on α ≤ " + three_digits(z)) << " at graph 0.04, graph 0.94 left noenhanced front\n"
    << cmd.str() << "unset multiplot\n";
  return gnuplot::render(stem, d.str(), g.str(), st, cmd.legend());
}

}  // namespace aca::analysis
