#pragma once
// The machinery every figure shares: gnuplot quoting, data files of indexed blocks, the one style preamble every
// script starts with, and rendering to PNG and SVG (each renamed into place only when complete). Plot functions
// in any file of the library build a data text and a script body and hand both to render().
#include <filesystem>
#include <initializer_list>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/plot.hpp"

namespace aca::analysis::gnuplot {

/// `s` as a gnuplot single-quoted string (quotes doubled, line breaks turned into spaces).
std::string quote(const std::string& s);
/// A number as data and scripts write it ("NaN" for non-finite values, which gnuplot leaves out).
std::string number(double v);
/// A level as a percentage without float noise (0.95 → "95%").
std::string percent(double level);

/// The pngcairo terminal for a `width_in` × `height_in` figure at the style's dpi and font: text at the font's
/// point size when the image is shown at that dpi, as in the SVG.
std::string png_terminal(const PlotStyle& style, double width_in, double height_in);

/// A data file of gnuplot blocks, separated by two blank lines and addressed by `index k`.
class DataBlocks {
 public:
  /// `log_x`: x values ≤ 0 are written NaN (a log axis cannot show them).
  explicit DataBlocks(bool log_x) : log_x_(log_x) {}
  /// Starts a block headed by the comment line "# comment"; returns its index.
  int begin_block(const std::string& comment);
  /// Writes one data row.
  void row(std::initializer_list<double> v);
  /// Writes a blank line: lines drawn from the block do not join the rows before and after it.
  void gap() { out_ << '\n'; }
  /// The whole data text.
  std::string str() const { return out_.str(); }

 private:
  bool log_x_;
  int blocks_ = 0;
  std::ostringstream out_;
};

/// The eight line types of every figure: Okabe–Ito colours (colour-blind safe), each with its own dash and point
/// type so that series stay apart in grayscale. Series k (from 0) is drawn as `lt k % 8 + 1`.
extern const char* const palette[8];

/// The plot command of a figure: its parts and the legend entries they add.
class PlotCommand {
 public:
  /// A part with a legend entry `title`.
  void add(const std::string& spec, const std::string& title);
  /// A part without a legend entry.
  void add_untitled(const std::string& spec);
  /// The legend entries, in order.
  const std::vector<std::string>& legend() const { return legend_; }
  /// "plot a, \\\n     b\n" ("plot NaN title 'no data'" when empty).
  std::string str() const;

 private:
  std::vector<std::string> parts_;
  std::vector<std::string> legend_;
};

/// Where a figure's plot area and legend lie. The plot area has a fixed size in inches; the legend's rows
/// below it add to the figure's height instead of taking from the plot.
struct Layout {
  double width_in = 0, height_in = 0;     ///< whole figure
  double left = 0, right = 0;             ///< plot area, screen fractions
  double bottom = 0, top = 0;             ///< plot area, screen fractions
  int legend_rows = 0, legend_columns = 0;  ///< 0 rows: no legend
  double legend_left = 0, legend_top = 0;  ///< top-left corner of the legend, screen fractions
  int legend_width_adjust = 0;            ///< gnuplot `key width` (characters; negative narrows its estimate)
  /// Plot area in inches (the same for any legend at a given style).
  double plot_width_in() const { return (right - left) * width_in; }
  double plot_height_in() const { return (top - bottom) * height_in; }
};

/// The layout of a figure of `style` whose legend has `legend` entries.
Layout layout(const PlotStyle& style, const std::vector<std::string>& legend);

/// "set lmargin at screen …" (four margins) of panel `i` of `panels` stacked top to bottom in the plot area.
std::string margins(const Layout& l, int i = 0, int panels = 1);

/// The gap between panels side by side (inches): room for the right panel's y tick labels.
constexpr double column_gap_in = 0.85;

/// The width of a figure of `s` whose plot area holds `panels` square panels side by side, each as tall as the plot
/// area (set it as the style's width_in, with square off).
double panel_row_width_in(const PlotStyle& s, int panels);

/// The four margins of panel (`row`, `col`) of a `rows` × `cols` grid filling the plot area, with fixed gaps in
/// inches: `row_gap_in` below a panel (0.25 when only the lowest row shows x tick labels), `col_gap_in` left of one
/// (room for its y tick labels and axis label).
std::string grid_margins(const Layout& l, int row, int col, int rows, int cols, double row_gap_in = 0.25,
                         double col_gap_in = column_gap_in);

/// Where a figure with `l` draws its colour bar (PlotStyle::colour_bar): right of the plot area, its full height.
std::string colour_box(const Layout& l);

/// An axis break mark on the x axis between `gap_lo` and `gap_hi` (first-axis coordinates): a white gap in the
/// axis line with a slash at each end, as before a tick "∞" beyond the finite values.
std::string axis_break(double gap_lo, double gap_hi);

/// The key settings of the layout: below the plot area in fixed columns, or off when it has no entries.
std::string key(const Layout& l);

/// A round tick step (1, 2 or 5 times a power of ten) giving at most about `ticks` intervals over `range`, so that
/// tick labels of a small panel stay apart (1 for a range that is not positive and finite).
double tick_step(double range, int ticks);

/// A light, labelled horizontal reference line at y = `value` (arrow and label `tag`).
std::string reference_line(int tag, double value, const std::string& label);

/// The style preamble every figure's script starts with: encoding, font, palette, tick formats, grid, margins,
/// key and axis labels of `s`, for a legend of `legend` entries.
std::string preamble(const PlotStyle& s, const std::vector<std::string>& legend = {});

/// Writes `<stem>.dat` (data) and `<stem>.gp` (preamble + body, reading the data as `datafile`) and renders
/// `<stem>.png` and `<stem>.svg` at the layout's size; throws std::runtime_error naming the script when gnuplot
/// fails or writes nothing.
FigureFiles render(const std::filesystem::path& stem, const std::string& data, const std::string& body,
                   const PlotStyle& style, const std::vector<std::string>& legend = {});

/// Throws std::invalid_argument naming the line when its x and y sizes differ.
void check_line(const Line& l);

}  // namespace aca::analysis::gnuplot
