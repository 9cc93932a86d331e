#include <cstdio>

#include "analysis/folder_analysis.hpp"
#include "analysis/sweep_design.hpp"
#include "analysis/sweep_tables.hpp"
#include "cli/options.hpp"
#include "run_folder/folder_lock.hpp"
#include "util/csv_writer.hpp"

namespace aca::cli {

// Also used by acasim report (declared there): one definition of the bootstrap options.
analysis::AnalyzeOptions analyze_options(const boost::program_options::variables_map& vm);
void add_analyze_options(boost::program_options::options_description& d);

analysis::AnalyzeOptions analyze_options(const boost::program_options::variables_map& vm) {
  analysis::AnalyzeOptions o;
  o.seed = static_cast<std::uint64_t>(vm["seed"].as<std::int64_t>());
  o.bootstrap.resamples = static_cast<std::size_t>(vm["resamples"].as<long>());
  o.bootstrap.level = vm["level"].as<double>();
  return o;
}

void add_analyze_options(boost::program_options::options_description& d) {
  namespace po = boost::program_options;
  d.add_options()
      ("seed", po::value<std::int64_t>()->default_value(1)->notifier(in_range<std::int64_t>("seed", 0)),
       "seed of the bootstrap resamples (≥ 0)")
      ("resamples", po::value<long>()->default_value(1000)->notifier(in_range<long>("resamples", 2, 10'000'000)),
       "bootstrap resamples per critical mass (2 to 10^7)")
      ("level", po::value<double>()->default_value(0.95)->notifier(in_range<double>("level", 0.0, 1.0, true)),
       "nominal coverage of the bootstrap intervals (0 < L < 1)");
}

int cmd_analyze(const Args& args) {
  namespace po = boost::program_options;
  po::options_description visible("options");
  visible.add_options()("help,h", "show this help");
  add_analyze_options(visible);
  po::variables_map vm;
  if (auto code = parse(args,
                        "usage: acasim analyze RUN_OR_SWEEP_DIR [--seed N] [--resamples B] [--level L]\n"
                        "Critical mass with bootstrap intervals, α* against policy axes, dynamics, participation maps "
                        "and fixed points, written as tidy CSVs into DIR/analysis/. A run folder must hold a complete "
                        "run; a folder in use by another acasim process is refused (exit 2).",
                        visible, "dir", "run or sweep folder", vm))
    return *code;
  const std::filesystem::path dir = vm["dir"].as<std::string>();
  if (const auto missing = missing_folder("analyze", dir)) return *missing;
  // DIR/analysis/ is written: no run, sweep or other analysis may be writing DIR meanwhile.
  const run_folder::FolderLock lock(dir, command_line("analyze", args));
  // A sweep folder lacking points.csv or panel.csv (an older build's, whose points.csv is the design) gets them
  // here, once every point is complete.
  analysis::SweepTables tables;
  if (analysis::is_sweep_folder(dir)) tables = analysis::write_sweep_tables(dir, true);
  const analysis::FolderAnalysis a = analysis::analyze_folder(dir, analyze_options(vm));
  std::printf("acasim analyze: %s with %zu run(s), mode %s, S* = %s\n", a.sweep ? "sweep" : "run", a.runs.size(),
              a.mode.c_str(), util::format_number(a.target).c_str());
  for (const auto& c : a.curves)
    std::printf("  alpha*  %-40s %-10s %s\n", (c.config.empty() ? std::string("(run)") : c.config).c_str(),
                c.collective.c_str(), numerics::describe(c.critical_mass.point).c_str());
  for (const auto& t : a.tables) std::printf("  wrote %s\n", t.string().c_str());
  for (const auto& t : tables.written) std::printf("  wrote %s\n", t.string().c_str());
  if (tables.incomplete > 0)
    std::printf("  points.csv and panel.csv not written: %ld of %ld points are not complete (rerun the same acasim "
                "sweep command to finish them)\n", tables.incomplete, tables.points);
  return Exit::ok;
}

}  // namespace aca::cli
