#include "analysis/plot_fork.hpp"

#include <sstream>

#include "analysis/gnuplot_figure.hpp"

namespace aca::analysis {

namespace {

using gnuplot::DataBlocks;
using gnuplot::quote;

void series(const std::vector<Line>& lines, const std::string& which, const char* dash, bool titled, DataBlocks& d,
            std::vector<std::string>& parts) {
  for (std::size_t k = 0; k < lines.size(); ++k) {
    gnuplot::check_line(lines[k]);
    if (lines[k].x.empty()) continue;
    const int b = d.begin_block(which + " " + lines[k].label + ": round value");
    for (std::size_t t = 0; t < lines[k].x.size(); ++t) d.row({lines[k].x[t], lines[k].y[t]});
    parts.push_back("datafile index " + std::to_string(b) + " using 1:2 with lines lw 2 " + dash + " lc " +
                    std::to_string(k + 1) + (titled ? " title " + quote(lines[k].label + ", " + which) : " notitle"));
  }
}

void panel(const std::vector<Line>& base, const std::vector<Line>& fork, const ForkOverlay& o,
           const std::string& ylabel, bool last, DataBlocks& d, std::ostringstream& g) {
  std::vector<std::string> parts;
  // One key, in the upper panel: the lower one repeats its colours and dashes.
  series(base, "base", "dt 1", !last, d, parts);
  series(fork, "fork", "dt 2", !last, d, parts);
  const int r = d.begin_block("fork round: round value");
  d.row({static_cast<double>(o.fork_round), 0.0});
  d.row({static_cast<double>(o.fork_round), 1.0});
  parts.push_back("datafile index " + std::to_string(r) + " using 1:2 with lines dt 3 lw 1.5 lc 8 " +
                  (last ? std::string("notitle") : "title " + quote(o.fork_label)));
  g << "set ylabel " << quote(ylabel) << " noenhanced\nset yrange [0:1]\n";
  if (last) g << "set xlabel 'round' noenhanced\nunset key\n";
  else g << "unset xlabel\n";
  g << "plot ";
  for (std::size_t i = 0; i < parts.size(); ++i) g << (i ? ", \\\n     " : "") << parts[i];
  g << '\n';
}

}  // namespace

FigureFiles plot_fork_overlay(const std::filesystem::path& stem, const ForkOverlay& o, const PlotStyle& style) {
  DataBlocks d(false);
  std::ostringstream g;
  // Fixed margins so the two panels' axes line up; the key inside, in the middle band α rarely occupies for long.
  g << "set multiplot layout 2,1\nset lmargin 10\nset rmargin 3\nset key inside right center opaque box\n";
  panel(o.base_alpha, o.fork_alpha, o, "share of workers in the collective, α", false, d, g);
  panel(o.base_success, o.fork_success, o, "success S", true, d, g);
  g << "unset multiplot\n";
  return gnuplot::render(stem, d.str(), g.str(), style);
}

}  // namespace aca::analysis
