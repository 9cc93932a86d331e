#pragma once
// Figures made with gnuplot (Debian gnuplot-nox): each figure writes a data file and a terminal-agnostic
// script beside it, runs gnuplot once per format, and renames each PNG/SVG into place only when complete.
#include <filesystem>
#include <string>
#include <vector>

#include "analysis/critical_mass_table.hpp"
#include "numerics/fixed_points.hpp"
#include "numerics/monotone_fit.hpp"

namespace aca::analysis {

/// Axis labels and size of a figure; the rest of the look (font, palette, margins, key) is the one preamble's.
struct PlotStyle {
  std::string title;                 ///< what the figure shows (a comment in its script; the caption holds it)
  std::string xlabel;                ///< x-axis label, words with unit
  std::string ylabel;                ///< y-axis label, words with unit
  bool log_x = false;                ///< logarithmic x axis (points with x ≤ 0 are left out)
  double width_in = 6.5;             ///< figure width in inches (a journal's text width)
  double height_in = 4.0;            ///< figure height in inches without the legend (its rows add to it)
  bool square = false;               ///< square plot area (the figure gets narrower, never the plot shorter)
  bool colour_bar = false;           ///< room right of the plot area for a colour bar (the figure gets wider)
  bool title_in_figure = false;      ///< draw `title` above the plot (stand-alone use); the report never does
  int dpi = 150;                     ///< PNG resolution (pixels per inch)
  std::string font = "DejaVu Sans";  ///< one font family for PNG and SVG
  double font_pt = 10;               ///< font size in points at the printed size
  std::string gnuplot = "gnuplot";   ///< gnuplot executable (looked up on PATH)
};

/// One labelled polyline, optionally with an interval at every point.
struct Line {
  std::string label;           ///< legend entry
  std::vector<double> x;       ///< abscissae
  std::vector<double> y;       ///< ordinates, same size as x
  std::vector<double> lower{};  ///< interval's lower ends, same size as x (empty: no interval)
  std::vector<double> upper{};  ///< interval's upper ends, same size as x (empty: no interval)
};

/// The files one figure produced: `<stem>.png`, `<stem>.svg`, and the `<stem>.dat` / `<stem>.gp` that made them.
struct FigureFiles {
  std::filesystem::path png;     ///< PNG image (pngcairo)
  std::filesystem::path svg;     ///< SVG image
  std::filesystem::path data;    ///< data blocks the script reads
  std::filesystem::path script;  ///< gnuplot script (terminal and output are set on the command line)
};

/// A labelled horizontal reference level (a critical mass, a tipping point, a success target).
struct Level {
  std::string label;  ///< text printed at the right end of the line
  double value = 0.0; ///< height on the panel's y axis
};

/// Two stacked panels over rounds: α_k(t) above, S_k(t) below, one line type per line in both (one legend below),
/// a shaded band where a line has an interval (e.g. the replicates' range), and optional light reference levels on
/// each panel (e.g. α* and the tipping point above, S* below).
FigureFiles plot_trajectories(const std::filesystem::path& stem, const std::vector<Line>& alpha,
                              const std::vector<Line>& success, const PlotStyle& style,
                              const std::vector<Level>& alpha_levels = {},
                              const std::vector<Level>& success_levels = {});

/// One measured success curve as a figure draws it: the monotone fit with its band, and optionally the raw
/// replicate points (the agents plan with agents::SuccessCurve, a tabulated function).
struct PlottedCurve {
  std::string label;                          ///< legend entry (e.g. "ε = 8")
  numerics::MonotoneFit fit;                  ///< fitted curve and band
  std::vector<numerics::Observation> points;  ///< raw replicates (may be empty)
};

/// S(α) curves with bands and raw points, theory lower bounds drawn dashed and labelled as bounds, and an
/// optional horizontal success target (NaN for none).
/// `upper_bounds` (e.g. the group-privacy cap under DP) are drawn dash-dotted in red and labelled as upper bounds.
FigureFiles plot_success_curves(const std::filesystem::path& stem, const std::vector<PlottedCurve>& curves,
                                const std::vector<Line>& theory_bounds, double target, const PlotStyle& style,
                                const std::vector<Line>& upper_bounds = {});

/// Values of a few series at named categories (e.g. worst-group accuracy per learner): categories on the x axis,
/// one point style per series (`Line::x` unused; `Line::y` holds one value per category, NaN for none), with
/// error bars where the series has `lower`/`upper` (e.g. the runs' range).
FigureFiles plot_category_points(const std::filesystem::path& stem, const std::vector<std::string>& categories,
                                 const std::vector<Line>& series, const PlotStyle& style);

/// The participation map: observed transitions (α_t, α_{t+1}) as points (every replicate's, so their spread shows),
/// the diagonal, and the fixed points: stable filled, unstable open, tipping points as distinct labelled triangles.
FigureFiles plot_participation_map(const std::filesystem::path& stem, const Line& map,
                                   const std::vector<numerics::FixedPoint>& fixed_points, const PlotStyle& style);

/// α* against a policy parameter, one line type per series, with bootstrap intervals as error bars; a critical
/// mass or interval end beyond the grid is drawn as an open triangle at the largest α tested ("> max α tested").
/// The x ticks sit exactly at the parameter values; +∞ (target_epsilon = inf) is drawn one step beyond the finite
/// ones, after an axis break mark, at a tick labelled `infinity_label`, and no line joins it to the finite values.
FigureFiles plot_critical_mass(const std::filesystem::path& stem, const std::vector<CriticalMassSeries>& series,
                               const PlotStyle& style, const std::string& infinity_label = "∞");

/// True when `path` is a non-empty file starting with the PNG signature.
bool is_png_file(const std::filesystem::path& path);
/// True when `path` is a non-empty file whose first bytes are an XML/SVG document containing "<svg".
bool is_svg_file(const std::filesystem::path& path);

}  // namespace aca::analysis
