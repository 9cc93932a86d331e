#include <cmath>
#include <cstdio>
#include <optional>
#include <unistd.h>

#include "cli/equilibria_text.hpp"
#include "cli/options.hpp"
#include "config/scenario.hpp"
#include "run_folder/folder_refused.hpp"
#include "sim/build_identity.hpp"
#include "sim/checkpoint.hpp"
#include "sim/checkpoint_seal.hpp"
#include "sim/run.hpp"

namespace aca::cli {

std::string command_line(const std::string& sub, const Args& args) {
  std::string s = "acasim " + sub;
  for (const auto& a : args) s += " " + a;
  return s;
}

namespace {

// A resumed run continues bit-identically only under the build and OpenBLAS kernel that wrote the checkpoint;
// under another, its folder would hold rounds of two computations while its manifest names one.
void refuse_other_build(const std::filesystem::path& checkpoint) {
  const sim::CheckpointSeal seal = sim::read_checkpoint_seal(checkpoint);
  if (sim::seal_build(seal) == sim::build_identity()) return;
  const std::filesystem::path run = checkpoint.parent_path().parent_path();
  throw run_folder::FolderRefused(
      "cannot resume from " + checkpoint.string() + ": it was written by acasim " + sim::seal_build(seal) +
      ", this is acasim " + sim::build_identity() + ", so the rounds after " + std::to_string(seal.round) +
      " would not be those of the run the folder records. Continue it as a fork, whose manifest names the "
      "parent's build (acasim fork " + run.string() + " --round " + std::to_string(seal.round) +
      " --out NEW_FOLDER), or rerun it from the start into a new folder.");
}

}  // namespace

int cmd_run(const Args& args) {
  namespace po = boost::program_options;
  po::options_description visible("options");
  visible.add_options()
      ("help,h", "show this help")
      ("out,o", po::value<std::string>(), "output folder (default: out/<scenario name>); created if absent. A folder "
                                          "that already holds a complete run is refused (exit 2) unless --overwrite")
      ("overwrite", "replace the complete run already in --out (its results, checkpoints, analysis and report)")
      ("seed", po::value<std::int64_t>()->notifier(in_range<std::int64_t>("seed", 0, 9'007'199'254'740'992)),
       "override simulation.seed (0 to 2^53)")
      ("set", po::value<std::vector<std::string>>()->composing(),
       "override a scenario key, e.g. --set population.size=5000 or --set collective.0.target=2 (repeatable)")
      ("checkpoint-every", po::value<long>()->notifier(in_range<long>("checkpoint-every", 0)), "save the full state into OUT/checkpoints/round-<t>/ every N rounds")
      ("stop-after", po::value<long>()->notifier(in_range<long>("stop-after", 0)), "end cleanly after round R (0-based), as an interruption would (status stopped)")
      ("resume", po::value<std::string>(),
       "continue a run bit-identically from a checkpoint folder, or from the latest checkpoint of a run folder "
       "(no SCENARIO; --out defaults to the run folder; --checkpoint-every defaults to the run's)")
      ("quiet,q", "no progress line");
  po::options_description hidden;
  hidden.add_options()("scenario", po::value<std::string>(), "scenario file");
  po::positional_options_description pos;
  pos.add("scenario", 1);
  po::variables_map vm;
  if (auto code = parse(args, "usage: acasim run SCENARIO.toml [--out DIR] [--overwrite] [--seed N] [--set key=value]... "
                        "[--checkpoint-every N] [--stop-after R]\n       acasim run --resume DIR [--out DIR] [--overwrite] "
                        "[--checkpoint-every N] [--stop-after R]",
                        visible, hidden, pos, vm))
    return *code;

  std::vector<config::Override> overrides;
  if (vm.count("set"))
    for (const auto& s : vm["set"].as<std::vector<std::string>>()) overrides.push_back(config::parse_override(s));
  if (vm.count("seed")) overrides.push_back({"simulation.seed", std::to_string(vm["seed"].as<std::int64_t>())});

  const bool resume = vm.count("resume") > 0;
  if (resume == (vm.count("scenario") > 0) || (resume && !overrides.empty())) {
    std::fprintf(stderr, "acasim run: give either SCENARIO.toml or --resume DIR (a resume takes no --set or --seed; "
                         "use acasim fork to change settings)\n");
    return Exit::usage_error;
  }
  sim::RunOptions opts;
  std::filesystem::path file;
  std::optional<config::Scenario> loaded;
  if (resume) {
    const std::filesystem::path given = vm["resume"].as<std::string>();
    opts.resume_from = sim::find_checkpoint(given);
    refuse_other_build(opts.resume_from);
    loaded = sim::checkpoint_scenario(opts.resume_from);
    file = loaded->file();
    // A checkpoint lives in OUT/checkpoints/round-<t>: the run folder is two levels up.
    opts.out_dir = vm.count("out") ? std::filesystem::path(vm["out"].as<std::string>())
                                   : opts.resume_from.parent_path().parent_path();
  } else {
    file = vm["scenario"].as<std::string>();
    loaded = config::load_scenario(file, overrides);
    opts.out_dir = vm.count("out") ? std::filesystem::path(vm["out"].as<std::string>())
                                   : std::filesystem::path("out") / file.stem();
  }
  const config::Scenario& scenario = *loaded;
  if (vm.count("checkpoint-every")) opts.checkpoint_every = vm["checkpoint-every"].as<long>();
  else if (resume) opts.checkpoint_every = sim::read_checkpoint_seal(opts.resume_from).checkpoint_every;
  if (vm.count("stop-after")) opts.stop_after = vm["stop-after"].as<long>();
  opts.keep_complete = !vm.count("overwrite");
  opts.command = command_line("run", args);
  opts.progress = !vm.count("quiet") && isatty(STDERR_FILENO);
  const sim::RunSummary s = sim::run(scenario, opts);

  if (s.stopped) {
    std::printf("acasim run: %s — stopped after %ld rounds (--stop-after); resume with acasim run --resume %s\n",
                file.string().c_str(), s.rounds, s.out_dir.string().c_str());
    return Exit::ok;
  }
  std::printf("acasim run: %s — %ld rounds, %s mode\n", file.string().c_str(), s.rounds,
              scenario.root().sub("simulation").string("mode").c_str());
  for (std::size_t k = 0; k < s.collectives.size(); ++k)
    std::printf("  collective %-12s final participation α = %.4f, success S = %.3f\n", s.collectives[k].c_str(),
                s.final_alpha[k], s.final_success[k]);
  const double target = scenario.root().sub("analysis").real("target_success");
  for (std::size_t k = 0; k < s.critical_mass.size(); ++k)
    if (!std::isnan(s.critical_mass[k]))
      std::printf("  collective %-12s critical mass α*(S ≥ %.2f) = %s\n",
                  (s.collectives[k] + (s.collectives.size() > 1 ? " alone:" : "")).c_str(), target,
                  std::isfinite(s.critical_mass[k]) ? std::to_string(s.critical_mass[k]).c_str() : "not reached");
  std::fputs(equilibria_text(s).c_str(), stdout);
  std::fputs(success_matrix_text(s).c_str(), stdout);
  if (s.converged_round >= 0) std::printf("  participation converged from round %ld\n", s.converged_round);
  else if (s.period > 1) std::printf("  participation cycles with period %ld\n", s.period);
  else std::printf("  participation had not converged by the last round\n");
  std::printf("  outputs: %s/ (metrics.csv, summary.json, manifest.json, scenario.resolved.toml)\n",
              s.out_dir.string().c_str());
  return Exit::ok;
}

}  // namespace aca::cli
