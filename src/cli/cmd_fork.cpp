// acasim fork: the same simulated world from a checkpoint on, under changed settings (a policy counterfactual).
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <unistd.h>

#include "cli/equilibria_text.hpp"
#include "cli/options.hpp"
#include "config/scenario.hpp"
#include "sim/checkpoint.hpp"
#include "sim/fork.hpp"
#include "sim/manifest.hpp"
#include "sim/run.hpp"
#include "util/path_within.hpp"

namespace aca::cli {

namespace {

std::filesystem::path absolute_folder(const std::filesystem::path& p) {
  return std::filesystem::weakly_canonical(std::filesystem::absolute(p));
}

bool same_folder(const std::filesystem::path& a, const std::filesystem::path& b) {
  return absolute_folder(a) == absolute_folder(b);
}

std::string shell_quoted(const std::string& s) {
  if (!s.empty() && s.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./=:,+-") ==
                        std::string::npos)
    return s;
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// The command that reproduces this fork (not a run from round 0): folders absolute, every --set as given.
std::string rerun_line(const std::filesystem::path& base, long round, const std::vector<std::string>& sets,
                       const std::filesystem::path& out, long checkpoint_every) {
  std::string r = "acasim fork " + shell_quoted(absolute_folder(base).string()) + " --round " + std::to_string(round);
  for (const auto& s : sets) r += " --set " + shell_quoted(s);
  r += " --out " + shell_quoted(absolute_folder(out).string());
  if (checkpoint_every > 0) r += " --checkpoint-every " + std::to_string(checkpoint_every);
  return r;
}

// Exit 2 for a base that is not a run folder with a checkpoint of `round`, or an --out that would overwrite the
// base; exit 1 (thrown) for a checkpoint whose seal names another round.
std::optional<int> refuse_base_or_out(const std::filesystem::path& run_dir, long round, const std::filesystem::path& out) {
  namespace fs = std::filesystem;
  if (!fs::is_directory(run_dir)) {
    std::fprintf(stderr, "acasim fork: %s: no such folder\n", run_dir.string().c_str());
    return Exit::usage_error;
  }
  const fs::path cp = sim::checkpoint_dir(run_dir, round);
  if (!sim::is_checkpoint(cp)) {
    std::string have;
    for (long r : sim::checkpoint_rounds(run_dir)) have += " " + std::to_string(r);
    std::fprintf(stderr, "acasim fork: %s has no checkpoint of round %ld (checkpoints:%s)\n", run_dir.string().c_str(),
                 round, have.empty() ? " none" : have.c_str());
    return Exit::usage_error;
  }
  const sim::CheckpointSeal seal = sim::read_checkpoint_seal(cp);
  if (seal.round != round)
    throw std::runtime_error((cp / sim::checkpoint_seal_name).string() + ": the checkpoint of round " +
                             std::to_string(seal.round) + ", not of round " + std::to_string(round) +
                             " (was its folder renamed?)");
  if (util::path_within(out, run_dir)) {
    std::fprintf(stderr, "acasim fork: --out %s is %s base run folder %s: a fork writes a run of its own and "
                         "must not overwrite its base; choose a folder outside it\n",
                 out.string().c_str(), same_folder(out, run_dir) ? "the" : "inside the", run_dir.string().c_str());
    return Exit::usage_error;
  }
  return std::nullopt;
}

}  // namespace

int cmd_fork(const Args& args) {
  namespace po = boost::program_options;
  po::options_description visible("options");
  visible.add_options()
      ("help,h", "show this help")
      ("round", po::value<long>()->required()->notifier(in_range<long>("round", 0)), "round whose checkpoint to continue from (OUT/checkpoints/round-R)")
      ("set", po::value<std::vector<std::string>>()->composing(),
       "change a setting from round R+1 on, e.g. --set platform.privacy.target_epsilon=1 (repeatable); platform, "
       "decision, population types (costs, benefits, ...), rounds and stop rules, analysis and response_curve may "
       "change; data, collectives, population size, segments, network and initial members, seed and mode may not")
      ("out,o", po::value<std::string>(), "output folder (default: RUN_DIR-fork-rR; never RUN_DIR or inside it); one "
                                          "that already holds a complete run is refused (exit 2) unless --overwrite")
      ("overwrite", "replace the complete run already in --out (its results, checkpoints, analysis and report)")
      ("checkpoint-every", po::value<long>()->notifier(in_range<long>("checkpoint-every", 0)), "save checkpoints of the fork every N rounds")
      ("quiet,q", "no progress line");
  po::variables_map vm;
  if (auto code = parse(args, "usage: acasim fork RUN_DIR --round R [--set key=value]... [--out DIR] [--overwrite]", visible, "run",
                        "run folder with checkpoints", vm))
    return *code;

  namespace fs = std::filesystem;
  // "runs/base/" names the folder runs/base: its default fork and its cache sit beside it, not inside.
  fs::path run_dir = fs::path(vm["run"].as<std::string>()).lexically_normal();
  if (run_dir.filename().empty() && run_dir.has_parent_path()) run_dir = run_dir.parent_path();
  const long round = vm["round"].as<long>();
  const fs::path cp = sim::checkpoint_dir(run_dir, round);
  const fs::path out = vm.count("out") ? fs::path(vm["out"].as<std::string>())
                                       : fs::path(run_dir.string() + "-fork-r" + std::to_string(round));
  if (auto code = refuse_base_or_out(run_dir, round, out)) return *code;
  std::vector<config::Override> overrides;
  std::vector<std::string> sets;
  if (vm.count("set")) sets = vm["set"].as<std::vector<std::string>>();
  for (const auto& s : sets) overrides.push_back(config::parse_override(s));
  sim::check_fork_keys(overrides);
  const config::Scenario original = sim::checkpoint_scenario(cp);
  const config::Scenario changed = sim::checkpoint_scenario(cp, overrides);
  sim::check_fork(original, changed, round, overrides);
  sim::check_fork_checkpoint(cp, changed);  // a damaged checkpoint or a fork that cannot go on: before --out is taken

  sim::RunOptions opts;
  opts.resume_from = cp;
  opts.parent = sim::fork_parent(run_dir, cp).dump();
  opts.out_dir = out;
  opts.keep_complete = !vm.count("overwrite");
  // The fork shares the original run's response-curve cache (a changed platform gives a new key anyway).
  opts.cache_dir = run_dir.parent_path() / ".acasim-cache";
  if (vm.count("checkpoint-every")) opts.checkpoint_every = vm["checkpoint-every"].as<long>();
  opts.command = command_line("fork", args);
  opts.rerun = rerun_line(run_dir, round, sets, out, opts.checkpoint_every);
  opts.progress = !vm.count("quiet") && isatty(STDERR_FILENO);
  const sim::RunSummary s = sim::run(changed, opts);
  std::printf("acasim fork: %s from round %ld — %ld rounds in all\n", run_dir.string().c_str(), round, s.rounds);
  for (std::size_t k = 0; k < s.collectives.size(); ++k)
    std::printf("  collective %-12s final participation α = %.4f, success S = %.3f\n", s.collectives[k].c_str(),
                s.final_alpha[k], s.final_success[k]);
  std::fputs(equilibria_text(s).c_str(), stdout);
  std::printf("  outputs: %s\n", s.out_dir.string().c_str());
  return Exit::ok;
}

}  // namespace aca::cli
