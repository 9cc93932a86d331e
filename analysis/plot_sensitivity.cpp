#include "analysis/plot_sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

#include "analysis/gnuplot_figure.hpp"

namespace aca::analysis {

namespace {

// Each parameter's band is one unit high: its name in the top part, the series' bars stacked below it.
constexpr double name_at = 0.36, bars_top = 0.2, bars_bottom = -0.42;

void check(const SensitivityBars& b) {
  for (const auto& s : b.series)
    if (s.value.size() != b.parameters.size() || s.lower.size() != b.parameters.size() ||
        s.upper.size() != b.parameters.size())
      throw std::invalid_argument("sensitivity series '" + s.label + "' has " + std::to_string(s.value.size()) +
                                  " values and " + std::to_string(s.lower.size()) + "/" +
                                  std::to_string(s.upper.size()) + " interval ends for " +
                                  std::to_string(b.parameters.size()) + " parameters");
}

double bar_half_height(std::size_t series) { return 0.4 * (bars_top - bars_bottom) / static_cast<double>(series); }

// The centre of series k's bar within the band of parameter i (first parameter on top).
double bar_centre(std::size_t i, std::size_t k, std::size_t parameters, std::size_t series) {
  const double slot = (bars_top - bars_bottom) / static_cast<double>(series);
  return static_cast<double>(parameters - 1 - i) + bars_top - (static_cast<double>(k) + 0.5) * slot;
}

std::string value_range(const SensitivityBars& b) {
  double lo = std::isnan(b.x_min) ? 0.0 : b.x_min, hi = std::isnan(b.x_max) ? 0.0 : b.x_max;
  for (const auto& s : b.series)
    for (std::size_t i = 0; i < s.value.size(); ++i)
      for (double v : {s.value[i], s.lower[i], s.upper[i]}) {
        if (!std::isfinite(v)) continue;
        if (std::isnan(b.x_min)) lo = std::min(lo, v);
        if (std::isnan(b.x_max)) hi = std::max(hi, v);
      }
  if (!(hi > lo)) hi = lo + 1.0;
  const double pad = std::isnan(b.x_max) ? 0.05 * (hi - lo) : 0.0;
  return "set xrange [" + gnuplot::number(lo) + ":" + gnuplot::number(hi + pad) + "]\n";
}

}  // namespace

FigureFiles plot_sensitivity(const std::filesystem::path& stem, const SensitivityBars& bars, PlotStyle style) {
  check(bars);
  const std::size_t n = bars.parameters.size(), m = bars.series.size();
  // A band per parameter of about 0.6 in: the names and bars stay legible for any number of parameters.
  style.height_in = std::max(2.4, 0.6 * static_cast<double>(n) + 1.0);
  gnuplot::DataBlocks d(false);
  gnuplot::PlotCommand cmd;
  const double h = bar_half_height(std::max<std::size_t>(m, 1));
  for (std::size_t k = 0; k < m; ++k) {
    const auto& s = bars.series[k];
    const int b = d.begin_block(s.label + ": value band_position lower upper");
    for (std::size_t i = 0; i < n; ++i) d.row({s.value[i], bar_centre(i, k, n, m), s.lower[i], s.upper[i]});
    const std::string lt = " lt " + std::to_string(k % 8 + 1);
    const std::string at = "datafile index " + std::to_string(b);
    cmd.add(at + " using ($1/2):2:($1<0?$1:0):($1<0?0:$1):($2-" + gnuplot::number(h) + "):($2+" + gnuplot::number(h) +
                ") with boxxyerror" + lt + " fs solid 0.55 border",
            s.label);
    cmd.add_untitled(at + " using 1:2:3:4 with xerrorbars" + lt + " lc rgb '#000000' pt 7 ps 0.4 lw 1.2");
  }
  std::ostringstream g;
  g << value_range(bars) << "set yrange [-0.5:" << gnuplot::number(static_cast<double>(n) - 0.5) << "]\n"
    << "unset ytics\nset grid noytics\nset yzeroaxis lt 1 lc rgb '#888888' lw 1\n";
  for (std::size_t i = 0; i < n; ++i)
    g << "set label " << i + 1 << " " << gnuplot::quote(bars.parameters[i]) << " at graph 0.01, first "
      << gnuplot::number(static_cast<double>(n - 1 - i) + name_at) << " left noenhanced front\n";
  // A light line between bands: which bars belong to which name stays clear in grayscale.
  for (std::size_t i = 1; i < n; ++i)
    g << "set arrow " << i << " from graph 0, first " << gnuplot::number(static_cast<double>(i) - 0.5)
      << " to graph 1, first " << gnuplot::number(static_cast<double>(i) - 0.5)
      << " nohead lw 0.5 lc rgb '#cccccc' back\n";
  g << cmd.str();
  return gnuplot::render(stem, d.str(), g.str(), style, cmd.legend());
}

}  // namespace aca::analysis
