#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

#include "analysis/sweep_tables.hpp"
#include "cli/options.hpp"
#include "sim/mpi_sweep.hpp"
#include "sim/sweep.hpp"

namespace aca::cli {

int cmd_sweep(const Args& args) {
  namespace po = boost::program_options;
  po::options_description visible("options");
  visible.add_options()
      ("help,h", "show this help")
      ("out,o", po::value<std::string>(), "sweep folder (default: out/<scenario name>-sweep); rerunning with the "
                                          "same settings resumes, skipping finished points; a folder holding points "
                                          "of other settings (scenario, --set, data files, acasim build) is refused "
                                          "with exit 2, naming what changed")
      ("replace", "in a folder holding points of other settings: delete those points and run the changed ones anew")
      ("set", po::value<std::vector<std::string>>()->composing(),
       "override a scenario key for every point (repeatable)")
      ("quick", "run the scenario's reduced [sweep.quick] design (a few points, one replicate): a smoke test")
      ("jobs,j", po::value<long>()->default_value(0)->notifier(in_range<long>("jobs", 0, 4096)),
       "points run at once (0: one per core); each point runs single-threaded, results do not depend on it")
      ("quiet,q", "no progress line (also off when stderr is not a terminal or CI=true)");
  po::variables_map vm;
  if (auto code = parse(args,
                        "usage: acasim sweep SCENARIO.toml [--quick] [--jobs N] [--out DIR] [--replace] [--set key=value]...\n"
                        "Runs the scenario's [sweep] design: one run per point and replicate, in DIR/points/<id>/.",
                        visible, "scenario", "scenario file", vm))
    return *code;
  std::vector<config::Override> overrides;
  if (vm.count("set"))
    for (const auto& s : vm["set"].as<std::vector<std::string>>()) overrides.push_back(config::parse_override(s));
  const std::filesystem::path file = vm["scenario"].as<std::string>();
  sim::SweepOptions opts;
  opts.quick = vm.count("quick") > 0;
  opts.replace = vm.count("replace") > 0;
  opts.out_dir = vm.count("out") ? std::filesystem::path(vm["out"].as<std::string>())
                                 : std::filesystem::path("out") /
                                       (file.stem().string() + (opts.quick ? "-sweep-quick" : "-sweep"));
  opts.command = command_line("sweep", args);
  const char* ci = std::getenv("CI");
  opts.progress = !vm.count("quiet") && isatty(STDERR_FILENO) && !(ci && std::strcmp(ci, "true") == 0);
  opts.jobs = static_cast<unsigned>(vm["jobs"].as<long>());
  // The tables users load (points.csv, panel.csv) are built from the finished point folders, under the sweep's lock.
  opts.on_complete = [](const std::filesystem::path& out) { analysis::write_sweep_tables(out); };
  // Test hook (see SweepOptions::abort_after_points): the resume tests kill a sweep part-way through.
  if (const char* abort_after = std::getenv("ACASIM_TEST_ABORT_AFTER_POINTS")) opts.abort_after_points = std::atol(abort_after);
  // Started by mpirun/srun: the points are spread over the ranks (docs/distributed.md). A single-process launch
  // never initialises MPI, so plain `acasim sweep` needs no MPI runtime at all.
  if (const long ranks = sim::mpi_launch_size(); ranks > 0) {
#ifdef ACASIM_WITH_MPI
    sim::MpiSweepHooks hooks;
    if (const char* r = std::getenv("ACASIM_TEST_ABORT_RANK")) hooks.abort_rank = std::atoi(r);
    const sim::MpiSweepSummary m = sim::run_mpi_sweep(file, overrides, opts, hooks);
    if (m.rank == 0) {
      std::printf("acasim sweep: %ld points (%ld run now on %d MPI ranks:", m.points, m.ran, m.ranks);
      for (long n : m.per_rank) std::printf(" %ld", n);
      std::printf("; %ld already complete) in %s\n", m.skipped, opts.out_dir.string().c_str());
    }
    return Exit::ok;
#else
    if (ranks > 1) {
      std::fprintf(stderr, "acasim sweep: started by an MPI launcher with %ld processes, but this acasim was built "
                           "without MPI (ACASIM_WITH_MPI=OFF); each process would run the whole sweep. Rebuild with "
                           "MPI or run one process.\n", ranks);
      return Exit::usage_error;
    }
#endif
  }
  const sim::SweepSummary s = sim::run_sweep(file, overrides, opts);
  std::printf("acasim sweep: %ld points (%ld run now on %u threads, %ld already complete) in %s\n", s.points, s.ran,
              s.jobs, s.skipped, opts.out_dir.string().c_str());
  return Exit::ok;
}

}  // namespace aca::cli
