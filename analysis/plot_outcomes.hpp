#pragma once
// Outcomes against one swept parameter as small multiples: one panel per outcome (α*, equilibria, final α,
// welfare), one colour per series, every estimate with its interval, all panels on the same parameter axis.
#include <filesystem>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "analysis/plot.hpp"

namespace aca::analysis {

/// How a series' points are drawn.
enum class OutcomeMark {
  interval,  ///< filled point with an error bar from lower to upper, joined by a line
  filled,    ///< filled point (a stable equilibrium)
  hollow,    ///< hollow point (an unstable equilibrium or tipping point)
  beyond,    ///< up-triangle at the largest α tested (α* beyond the grid)
  scatter,   ///< small point with an error bar from lower to upper, not joined (configurations that are not a line)
};

/// One series of a panel: points at parameter positions with optional intervals (NaN: none).
struct OutcomeSeries {
  std::string label;          ///< legend entry ("" leaves it out of the legend)
  int colour = 1;             ///< linetype number (the same for one configuration in every panel)
  OutcomeMark mark = OutcomeMark::interval;  ///< how the points are drawn
  std::vector<double> x;      ///< positions on the parameter axis
  std::vector<double> y;      ///< values
  std::vector<double> lower;  ///< interval lower ends (interval marks only; same size as x)
  std::vector<double> upper;  ///< interval upper ends
};

/// One panel: an outcome on the y axis.
struct OutcomePanel {
  std::string name;                    ///< outcome name, written into the data blocks ("alpha_star", ...)
  std::string ylabel;                  ///< what the y axis shows, in words (written above the panel)
  std::vector<OutcomeSeries> series;   ///< what the panel draws
};

/// The shared parameter axis: label, ticks (text, position) and whether it is logarithmic; `break_at`, when
/// finite, draws a dotted axis break there (∞ sits beyond it).
struct ParameterAxis {
  std::string label;                                  ///< x-axis label in words
  /// Every tick, e.g. {"∞ (no DP)", 32}; with more than max_listed_ticks and no break, gnuplot places the tick
  /// marks and these only set the range.
  std::vector<std::pair<std::string, double>> ticks;
  bool log_x = false;                                 ///< logarithmic positions
  double break_at = std::numeric_limits<double>::quiet_NaN();  ///< dotted line between finite values and ∞
};

/// The most tick labels an axis lists one by one (more overlap in a panel's width).
constexpr std::size_t max_listed_ticks = 8;

/// The most series a figure tells apart (the palette's eight line types); more are pooled or left to a table.
constexpr std::size_t max_series = 8;

/// True for the marks that carry an interval (lower and upper ends beside each point).
bool has_interval(OutcomeMark m);

/// Draws `panels` as a multiplot (two columns of fixed panel areas, each named above it) sharing `axis`, the legend
/// of the labelled series below the panels; throws std::invalid_argument for a series whose vectors differ in size.
FigureFiles plot_outcome_panels(const std::filesystem::path& stem, const ParameterAxis& axis,
                                const std::vector<OutcomePanel>& panels, const PlotStyle& style);

}  // namespace aca::analysis
