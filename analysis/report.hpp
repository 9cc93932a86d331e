#pragma once
// `acasim report`: gnuplot figures (PNG + SVG) and one report.md / report.html that embed them with the numbers,
// the scenario, the mode, the manifest and the list of every run summarised.
#include <filesystem>
#include <string>
#include <vector>

#include "analysis/folder_analysis.hpp"
#include "analysis/plot.hpp"

namespace aca::analysis {

/// Options of write_report.
struct ReportOptions {
  std::string gnuplot = "gnuplot";  ///< gnuplot executable
};

/// What write_report produced.
struct Report {
  std::filesystem::path markdown;    ///< report.md
  std::filesystem::path html;        ///< report.html
  std::vector<FigureFiles> figures;  ///< every figure, under out_dir/figures/
};

/// Draws the figures of an analysis into out_dir/figures/ and writes out_dir/report.md and out_dir/report.html
/// (figures referenced by paths relative to out_dir; both files written atomically).
Report write_report(const FolderAnalysis& analysis, const std::filesystem::path& out_dir,
                    const ReportOptions& options = {});

/// The relative file paths a report references: Markdown images `![..](path)` and HTML `src="path"`, in order.
std::vector<std::string> referenced_files(const std::string& report_text);

}  // namespace aca::analysis
