#include "analysis/plot_heatmap.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

#include "analysis/gnuplot_figure.hpp"

namespace aca::analysis {

namespace fs = std::filesystem;
using gnuplot::quote;

namespace {

void check_grid(const HeatmapGrid& g) {
  bool ok = g.values.size() == g.rows.size();
  for (const auto& r : g.values) ok = ok && r.size() == g.columns.size();
  if (!ok)
    throw std::invalid_argument("heatmap '" + g.name + "' needs " + std::to_string(g.rows.size()) + " × " +
                                std::to_string(g.columns.size()) + " values");
}

std::string ticks(const char* axis, const std::vector<std::string>& labels) {
  std::ostringstream g;
  g << "set " << axis << "tics noenhanced (";
  for (std::size_t i = 0; i < labels.size(); ++i) g << (i ? ", " : "") << quote(labels[i]) << " " << i;
  g << ")\nset " << axis << "range [-0.5:" << static_cast<double>(labels.size()) - 0.5 << "]\n";
  return g.str();
}

}  // namespace

// Viridis (matplotlib's default map): perceptually uniform, readable by colour-blind readers and in grayscale.
FigureFiles plot_heatmap(const fs::path& stem, const HeatmapGrid& grid, const PlotStyle& style) {
  check_grid(grid);
  double lo = INFINITY, hi = -INFINITY;
  for (const auto& r : grid.values)
    for (double v : r)
      if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  if (!std::isfinite(lo)) lo = 0, hi = 1;
  if (hi <= lo) hi = lo + (lo == 0 ? 1.0 : 0.1 * std::fabs(lo));  // one value: any colour, a valid range
  gnuplot::DataBlocks d(false);
  d.begin_block(grid.name + ": column row value (image; NaN: no data)");
  for (std::size_t r = 0; r < grid.rows.size(); ++r) {
    for (std::size_t c = 0; c < grid.columns.size(); ++c)
      d.row({static_cast<double>(c), static_cast<double>(r), grid.values[r][c]});
    d.row({});
  }
  d.begin_block(grid.name + ": column row value text_rgb (cells with a value)");
  for (std::size_t r = 0; r < grid.rows.size(); ++r)
    for (std::size_t c = 0; c < grid.columns.size(); ++c)
      if (const double v = grid.values[r][c]; std::isfinite(v))
        d.row({static_cast<double>(c), static_cast<double>(r), v, (v - lo) / (hi - lo) < 0.55 ? 16777215.0 : 0.0});
  // The colour bar gets its own room right of the plot area, so the plot area is that of every square figure.
  PlotStyle st = style;
  st.colour_bar = true;
  std::ostringstream g;
  g << "unset grid\n" << gnuplot::colour_box(gnuplot::layout(st, {})) << ticks("x", grid.columns)
    << ticks("y", grid.rows)
    << "set palette defined (0 '#440154', 0.25 '#3b528b', 0.5 '#21918c', 0.75 '#5ec962', 1 '#fde725')\n"
    << "set format cb '%.4g'\n" << "set cbrange [" << gnuplot::number(lo) << ":" << gnuplot::number(hi) << "]\n"
    << "set cblabel " << quote(grid.colour_label) << " noenhanced\n"
    << "plot datafile index 0 using 1:2:3 with image, \\\n"
    << "     datafile index 1 using 1:2:(sprintf('%.4g', $3)):4 with labels tc rgb variable\n";
  return gnuplot::render(stem, d.str(), g.str(), st);
}

}  // namespace aca::analysis
