// acasim fork: the same simulated world from a checkpoint on, under changed settings (a policy counterfactual).
#include <cstdio>
#include <unistd.h>

#include "cli/options.hpp"
#include "config/scenario.hpp"
#include "sim/checkpoint.hpp"
#include "sim/run.hpp"

namespace aca::cli {

int cmd_fork(const Args& args) {
  namespace po = boost::program_options;
  po::options_description visible("options");
  visible.add_options()
      ("help,h", "show this help")
      ("round", po::value<long>()->required()->notifier(in_range<long>("round", 0)), "round whose checkpoint to continue from (OUT/checkpoints/round-R)")
      ("set", po::value<std::vector<std::string>>()->composing(),
       "change a setting from round R+1 on, e.g. --set platform.privacy.target_epsilon=1 (repeatable); platform, "
       "decision, population types (costs, benefits, ...), rounds, analysis and response_curve may change; data, "
       "collectives, population size, segments and network, seed and mode may not")
      ("out,o", po::value<std::string>(), "output folder (default: RUN_DIR-fork-rR)")
      ("checkpoint-every", po::value<long>()->notifier(in_range<long>("checkpoint-every", 0)), "save checkpoints of the fork every N rounds")
      ("quiet,q", "no progress line");
  po::variables_map vm;
  if (auto code = parse(args, "usage: acasim fork RUN_DIR --round R [--set key=value]... [--out DIR]", visible, "run",
                        "run folder with checkpoints", vm))
    return *code;

  const std::filesystem::path run_dir = vm["run"].as<std::string>();
  const long round = vm["round"].as<long>();
  const std::filesystem::path cp = sim::checkpoint_dir(run_dir, round);
  if (!std::filesystem::exists(cp / "state.bin")) {
    std::string have;
    for (long r : sim::checkpoint_rounds(run_dir)) have += " " + std::to_string(r);
    std::fprintf(stderr, "acasim fork: %s has no checkpoint of round %ld (checkpoints:%s)\n", run_dir.string().c_str(),
                 round, have.empty() ? " none" : have.c_str());
    return Exit::usage_error;
  }
  std::vector<config::Override> overrides;
  if (vm.count("set"))
    for (const auto& s : vm["set"].as<std::vector<std::string>>()) overrides.push_back(config::parse_override(s));
  const config::Scenario original = sim::checkpoint_scenario(cp);
  const config::Scenario changed = sim::checkpoint_scenario(cp, overrides);
  sim::check_fork(original, changed);

  sim::RunOptions opts;
  opts.resume_from = cp;
  opts.out_dir = vm.count("out") ? std::filesystem::path(vm["out"].as<std::string>())
                                 : std::filesystem::path(run_dir.string() + "-fork-r" + std::to_string(round));
  // The fork shares the original run's response-curve cache (a changed platform gives a new key anyway).
  opts.cache_dir = run_dir.parent_path() / ".acasim-cache";
  if (vm.count("checkpoint-every")) opts.checkpoint_every = vm["checkpoint-every"].as<long>();
  opts.command = command_line("fork", args);
  opts.progress = !vm.count("quiet") && isatty(STDERR_FILENO);
  const sim::RunSummary s = sim::run(changed, opts);
  std::printf("acasim fork: %s from round %ld — %ld rounds in all\n", run_dir.string().c_str(), round, s.rounds);
  for (std::size_t k = 0; k < s.collectives.size(); ++k)
    std::printf("  collective %-12s final participation α = %.4f, success S = %.3f\n", s.collectives[k].c_str(),
                s.final_alpha[k], s.final_success[k]);
  std::printf("  outputs: %s\n", s.out_dir.string().c_str());
  return Exit::ok;
}

}  // namespace aca::cli
