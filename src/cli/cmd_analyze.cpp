#include <cstdio>

#include "analysis/folder_analysis.hpp"
#include "cli/options.hpp"
#include "util/csv_writer.hpp"

namespace aca::cli {

// Also used by acasim report (declared there): one definition of the bootstrap options.
analysis::AnalyzeOptions analyze_options(const boost::program_options::variables_map& vm);
void add_analyze_options(boost::program_options::options_description& d);

analysis::AnalyzeOptions analyze_options(const boost::program_options::variables_map& vm) {
  analysis::AnalyzeOptions o;
  o.seed = vm["seed"].as<std::uint64_t>();
  o.bootstrap.resamples = vm["resamples"].as<std::size_t>();
  o.bootstrap.level = vm["level"].as<double>();
  if (!(o.bootstrap.level > 0 && o.bootstrap.level < 1)) throw std::invalid_argument("--level must lie in (0, 1)");
  return o;
}

void add_analyze_options(boost::program_options::options_description& d) {
  namespace po = boost::program_options;
  d.add_options()
      ("seed", po::value<std::uint64_t>()->default_value(1), "seed of the bootstrap resamples")
      ("resamples", po::value<std::size_t>()->default_value(1000), "bootstrap resamples per critical mass")
      ("level", po::value<double>()->default_value(0.95), "nominal coverage of the bootstrap intervals");
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
                        "and fixed points, written as tidy CSVs into DIR/analysis/.",
                        visible, "dir", "run or sweep folder", vm))
    return *code;
  const analysis::FolderAnalysis a = analysis::analyze_folder(vm["dir"].as<std::string>(), analyze_options(vm));
  std::printf("acasim analyze: %s with %zu run(s), mode %s, S* = %s\n", a.sweep ? "sweep" : "run", a.runs.size(),
              a.mode.c_str(), util::format_number(a.target).c_str());
  for (const auto& c : a.curves)
    std::printf("  alpha*  %-40s %-10s %s\n", (c.config.empty() ? std::string("(run)") : c.config).c_str(),
                c.collective.c_str(), numerics::describe(c.critical_mass.point).c_str());
  for (const auto& t : a.tables) std::printf("  wrote %s\n", t.string().c_str());
  return Exit::ok;
}

}  // namespace aca::cli
