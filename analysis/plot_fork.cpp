#include "analysis/plot_fork.hpp"

#include <sstream>

#include "analysis/gnuplot_figure.hpp"

namespace aca::analysis {

namespace {

using gnuplot::DataBlocks;
using gnuplot::quote;

void series(const std::vector<Line>& lines, const std::string& which, const char* dash, bool titled, DataBlocks& d,
            gnuplot::PlotCommand& cmd) {
  for (std::size_t k = 0; k < lines.size(); ++k) {
    gnuplot::check_line(lines[k]);
    if (lines[k].x.empty()) continue;
    const int b = d.begin_block(which + " " + lines[k].label + ": round value");
    for (std::size_t t = 0; t < lines[k].x.size(); ++t) d.row({lines[k].x[t], lines[k].y[t]});
    // The collective's colour; the dash says base (solid) or fork (dashed).
    const std::string spec = "datafile index " + std::to_string(b) + " using 1:2 with lines lw 2 " + dash + " lc " +
                             std::to_string(k % 8 + 1);
    if (titled) cmd.add(spec, lines[k].label + ", " + which);
    else cmd.add_untitled(spec);
  }
}

// One panel; only the upper one's parts are titled, as the lower one repeats its colours and dashes.
gnuplot::PlotCommand panel(const std::vector<Line>& base, const std::vector<Line>& fork, const ForkOverlay& o,
                           bool titled, DataBlocks& d) {
  gnuplot::PlotCommand cmd;
  series(base, "base", "dt 1", titled, d, cmd);
  series(fork, "fork", "dt 2", titled, d, cmd);
  const int r = d.begin_block("fork round: round value");
  d.row({static_cast<double>(o.fork_round), 0.0});
  d.row({static_cast<double>(o.fork_round), 1.0});
  const std::string spec = "datafile index " + std::to_string(r) + " using 1:2 with lines dt 3 lw 1.5 lc 7";
  if (titled) cmd.add(spec, o.fork_label);
  else cmd.add_untitled(spec);
  return cmd;
}

}  // namespace

FigureFiles plot_fork_overlay(const std::filesystem::path& stem, const ForkOverlay& o, const PlotStyle& style) {
  DataBlocks d(false);
  const gnuplot::PlotCommand top = panel(o.base_alpha, o.fork_alpha, o, true, d);
  const gnuplot::PlotCommand below = panel(o.base_success, o.fork_success, o, false, d);
  const gnuplot::Layout l = gnuplot::layout(style, top.legend());
  std::ostringstream g;
  // Both panels share the rounds axis and the plot area's width (one legend below both), with y labels short enough
  // for a panel's height as in the trajectory figure; only the lower one carries the x tick labels and axis label.
  g << "set multiplot\nset yrange [0:1]\n" << gnuplot::margins(l, 0, 2) << "set format x ''\nunset xlabel\nset ylabel "
    << quote("participation α") << " noenhanced\n" << top.str() << "unset key\n"
    << gnuplot::margins(l, 1, 2) << "set format x '%.4g'\nset xlabel 'round' noenhanced\nset ylabel "
    << quote("success S") << " noenhanced\n" << below.str() << "unset multiplot\n";
  return gnuplot::render(stem, d.str(), g.str(), style, top.legend());
}

}  // namespace aca::analysis
