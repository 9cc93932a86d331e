#pragma once
// The bar figure of a sensitivity analysis: per swept parameter, one bar per index (first-order and total Sobol
// index, or Morris's μ*) with its bootstrap interval, the parameters' names written above their bars.
#include <filesystem>
#include <string>
#include <vector>

#include "analysis/plot.hpp"

namespace aca::analysis {

/// One index across the parameters: a bar each, with an interval where known (NaN ends: none).
struct SensitivityBarSeries {
  std::string label;                 ///< legend entry, e.g. "first-order index S_i"
  std::vector<double> value;         ///< per parameter, in the figure's parameter order
  std::vector<double> lower, upper;  ///< interval ends per parameter (NaN: no interval)
};

/// What the figure shows.
struct SensitivityBars {
  std::vector<std::string> parameters;     ///< the parameters in the reader's words, top to bottom
  std::vector<SensitivityBarSeries> series;  ///< one bar per series within each parameter's band
  /// Limits of the value axis: bars and intervals beyond them are cut at the axis's ends (NaN: from the data).
  double x_min = 0.0, x_max = 0.0;
};

/// Draws the bars horizontally (parameters as bands from top to bottom, each named above its bars, so that long
/// names need no margin) to `<stem>`.png/.svg with the data in `<stem>`.dat: block k holds series k's rows
/// "value band_position lower upper". Throws std::invalid_argument when a series' sizes differ from the parameters'.
FigureFiles plot_sensitivity(const std::filesystem::path& stem, const SensitivityBars& bars, PlotStyle style);

}  // namespace aca::analysis
