#pragma once
// The report as a list of blocks (emitted once as Markdown and once as HTML so the two never disagree) and the
// builder every report section appends to; shared by the section files of `acasim report`.
#include <filesystem>
#include <string>
#include <vector>

#include "analysis/folder_analysis.hpp"
#include "analysis/plot.hpp"

namespace aca::analysis {

/// One element of a report: a heading ("## text"), a paragraph, a table, an image or a code listing.
struct Block {
  enum Kind { heading, paragraph, table, image, code } kind;  ///< what the block is
  std::string text;                            ///< heading / paragraph / code text; image caption
  std::vector<std::vector<std::string>> rows;  ///< table: first row is the header
  std::string png, svg;                        ///< image: paths relative to the report
  int width_px = 0;                            ///< image: width shown in HTML, one scale for all (0: page width)
};

/// Table rows, the first being the header.
using Rows = std::vector<std::vector<std::string>>;

/// A heading block; `t` starts with its Markdown level ("## Dynamics").
Block heading(std::string t);
/// A paragraph block (Markdown inline syntax allowed).
Block paragraph(std::string t);
/// A table block.
Block table(Rows rows);
/// An image block showing figure `f` (paths made relative to `out_dir`) with `caption`.
Block image(const FigureFiles& f, const std::filesystem::path& out_dir, std::string caption);

/// The blocks as Markdown.
std::string markdown(const std::vector<Block>& blocks);
/// The blocks as one self-contained HTML page titled `title`.
std::string html(const std::vector<Block>& blocks, const std::string& title);

/// A number as the tables write it ("inf", "nan" for non-finite values).
std::string num(double v);
/// A number to four significant digits.
std::string round4(double v);
/// A bootstrap interval "[lower, upper]", an end beyond the α grid written "> max (max α tested)".
std::string interval_text(const numerics::CriticalMassInterval& iv);
/// α* to four significant digits, or the library's wording when it lies at or beyond an end of the grid.
std::string cm_text(const numerics::CriticalMass& cm);
/// `s` with every character other than a letter or digit replaced by '_' (figure file stems).
std::string slug(std::string s);
/// "key=value, ..." of `settings`, leaving out the key `skip`.
std::string settings_text(const std::vector<Setting>& settings, const std::string& skip = {});

/// The report being built: its blocks and figures. Every figure both lands in `figures` and is shown by an image
/// block, in one call.
struct ReportBuilder {
  const FolderAnalysis& a;              ///< the analysis reported
  std::filesystem::path out_dir;        ///< the report folder
  std::filesystem::path figs;           ///< out_dir/figures
  PlotStyle base;                       ///< style every figure starts from
  std::vector<Block> blocks;            ///< the report so far
  std::vector<FigureFiles> figures;     ///< every figure drawn so far

  /// Appends a block.
  void add(Block b) { blocks.push_back(std::move(b)); }
  /// Records figure `f` and appends its image block with `caption`.
  void figure(const FigureFiles& f, std::string caption);
  /// Appends `rows` (header first) as a table; with more than 40 data rows (a sampled design's configurations), a
  /// sentence saying that `where` holds all of them and the first 20.
  void long_table(Rows rows, const std::string& where);
  /// The base style with `title`.
  PlotStyle style(std::string title) const;
  /// The style of S(α) figures: participation on a log scale, success.
  PlotStyle success_style(std::string title) const;
};

}  // namespace aca::analysis
