#include <cstdio>
#include <optional>
#include <system_error>

#include "analysis/folder_analysis.hpp"
#include "analysis/report.hpp"
#include "cli/options.hpp"
#include "util/path_within.hpp"
#include "run_folder/folder_lock.hpp"

namespace aca::cli {

// Shared with acasim analyze (defined in cmd_analyze.cpp): the bootstrap options --seed, --resamples, --level.
void add_analyze_options(boost::program_options::options_description& d);
analysis::AnalyzeOptions analyze_options(const boost::program_options::variables_map& vm);

int cmd_report(const Args& args) {
  namespace po = boost::program_options;
  po::options_description visible("options");
  visible.add_options()
      ("help,h", "show this help")
      ("out,o", po::value<std::string>(), "report folder (default: DIR/report)")
      ("gnuplot", po::value<std::string>()->default_value("gnuplot"), "gnuplot executable");
  add_analyze_options(visible);
  po::variables_map vm;
  if (auto code = parse(args,
                        "usage: acasim report RUN_OR_SWEEP_DIR [--out REPORT_DIR]\n"
                        "Analyses the folder (as acasim analyze) and writes PNG/SVG figures with gnuplot and "
                        "report.md / report.html embedding them. A run folder must hold a complete run; a folder in "
                        "use by another acasim process is refused (exit 2).",
                        visible, "dir", "run or sweep folder", vm))
    return *code;
  const std::filesystem::path dir = vm["dir"].as<std::string>();
  if (const auto missing = missing_folder("report", dir)) return *missing;
  const std::filesystem::path out = vm.count("out") ? std::filesystem::path(vm["out"].as<std::string>()) : dir / "report";
  // DIR (its analysis/) and the report folder are written: nobody else may write them meanwhile. A report folder
  // inside DIR is covered by DIR's lock (a second lock by this process would refuse itself).
  const std::string command = command_line("report", args);
  const run_folder::FolderLock lock(dir, command);
  std::optional<run_folder::FolderLock> out_lock;
  if (!util::path_within(out, dir)) out_lock.emplace(out, command);
  const analysis::FolderAnalysis a = analysis::analyze_folder(dir, analyze_options(vm));
  analysis::ReportOptions ro;
  ro.gnuplot = vm["gnuplot"].as<std::string>();
  const analysis::Report r = analysis::write_report(a, out, ro);
  std::printf("acasim report: %zu figure(s), %zu run(s) summarised\n  %s\n  %s\n", r.figures.size(), a.runs.size(),
              r.markdown.string().c_str(), r.html.string().c_str());
  return Exit::ok;
}

}  // namespace aca::cli
