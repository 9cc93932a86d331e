#include <cstdio>
#include <unistd.h>

#include "cli/options.hpp"
#include "sim/sweep.hpp"

namespace aca::cli {

int cmd_sweep(const Args& args) {
  namespace po = boost::program_options;
  po::options_description visible("options");
  visible.add_options()
      ("help,h", "show this help")
      ("out,o", po::value<std::string>(), "sweep folder (default: out/<scenario name>-sweep); rerunning with the "
                                          "same folder resumes, skipping finished points")
      ("set", po::value<std::vector<std::string>>()->composing(),
       "override a scenario key for every point (repeatable)")
      ("quiet,q", "no progress line");
  po::options_description hidden;
  hidden.add_options()("scenario", po::value<std::string>()->required(), "scenario file");
  po::positional_options_description pos;
  pos.add("scenario", 1);
  po::variables_map vm;
  if (auto code = parse(args,
                        "usage: acasim sweep SCENARIO.toml [--out DIR] [--set key=value]...\n"
                        "Runs the scenario's [sweep] design: one run per point and replicate, in DIR/points/<id>/.",
                        visible, hidden, pos, vm))
    return *code;
  std::vector<config::Override> overrides;
  if (vm.count("set"))
    for (const auto& s : vm["set"].as<std::vector<std::string>>()) overrides.push_back(config::parse_override(s));
  const std::filesystem::path file = vm["scenario"].as<std::string>();
  sim::SweepOptions opts;
  opts.out_dir = vm.count("out") ? std::filesystem::path(vm["out"].as<std::string>())
                                 : std::filesystem::path("out") / (file.stem().string() + "-sweep");
  opts.command = command_line("sweep", args);
  opts.progress = !vm.count("quiet") && isatty(STDERR_FILENO);
  const sim::SweepSummary s = sim::run_sweep(file, overrides, opts);
  std::printf("acasim sweep: %ld points (%ld run now, %ld already complete) in %s\n", s.points, s.ran, s.skipped,
              opts.out_dir.string().c_str());
  return Exit::ok;
}

}  // namespace aca::cli
