#pragma once
// The machinery every figure shares: gnuplot quoting, data files of indexed blocks, the one style preamble every
// script starts with, and rendering to PNG and SVG (each renamed into place only when complete). Plot functions
// in any file of the library build a data text and a script body and hand both to render().
#include <filesystem>
#include <initializer_list>
#include <sstream>
#include <string>

#include "analysis/plot.hpp"

namespace aca::analysis::gnuplot {

/// `s` as a gnuplot single-quoted string (quotes doubled, line breaks turned into spaces).
std::string quote(const std::string& s);
/// A number as data and scripts write it ("NaN" for non-finite values, which gnuplot leaves out).
std::string number(double v);
/// A level as a percentage without float noise (0.95 → "95%").
std::string percent(double level);

/// A data file of gnuplot blocks, separated by two blank lines and addressed by `index k`.
class DataBlocks {
 public:
  /// `log_x`: x values ≤ 0 are written NaN (a log axis cannot show them).
  explicit DataBlocks(bool log_x) : log_x_(log_x) {}
  /// Starts a block headed by the comment line "# comment"; returns its index.
  int begin_block(const std::string& comment);
  /// Writes one data row.
  void row(std::initializer_list<double> v);
  /// The whole data text.
  std::string str() const { return out_.str(); }

 private:
  bool log_x_;
  int blocks_ = 0;
  std::ostringstream out_;
};

/// The style preamble every figure's script starts with (encoding, fonts, palette, key, grid, labels of `s`).
std::string preamble(const PlotStyle& s);

/// Writes `<stem>.dat` (data) and `<stem>.gp` (preamble + body, reading the data as `datafile`) and renders
/// `<stem>.png` and `<stem>.svg` at the style's size; throws std::runtime_error naming the script when gnuplot
/// fails or writes nothing.
FigureFiles render(const std::filesystem::path& stem, const std::string& data, const std::string& body,
                   const PlotStyle& style);

/// Throws std::invalid_argument naming the line when its x and y sizes differ.
void check_line(const Line& l);

}  // namespace aca::analysis::gnuplot
