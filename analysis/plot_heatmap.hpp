#pragma once
// A colour map of one outcome over two swept parameters, the value printed in every cell.
#include <filesystem>
#include <string>
#include <vector>

#include "analysis/plot.hpp"

namespace aca::analysis {

/// Values on a grid of two parameters' values (categories in the order given; rows drawn bottom to top).
struct HeatmapGrid {
  std::string name;                           ///< outcome name written into the data ("final_alpha")
  std::string colour_label;                   ///< colour-bar label in words
  std::vector<std::string> columns;           ///< x-axis tick texts, left to right
  std::vector<std::string> rows;              ///< y-axis tick texts, bottom to top
  std::vector<std::vector<double>> values;    ///< values[row][column]; NaN: no data (left blank)
};

/// Draws `grid` with a sequential colour-blind-safe palette (viridis) and the values printed in the cells to four
/// significant digits (white on dark cells, black on light ones); axis labels from `style`. Throws
/// std::invalid_argument when `values` is not rows × columns.
FigureFiles plot_heatmap(const std::filesystem::path& stem, const HeatmapGrid& grid, const PlotStyle& style);

}  // namespace aca::analysis
