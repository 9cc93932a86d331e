// acasim: agent-based simulation of algorithmic collective action.
#include <cstdio>
#include <cstring>
#include <exception>
#include <functional>
#include <iostream>
#include <map>
#include <new>

#include "cli/commands.hpp"
#include "config/diagnostics.hpp"
#include "learn/blas_kernel.hpp"
#include "run_folder/folder_refused.hpp"
#ifdef ACASIM_FRONT_END
#include "cli/engine.hpp"
#include "learn/without_torch.hpp"
#endif

namespace {

struct Command {
  std::function<int(const aca::cli::Args&)> fn;
  const char* summary;
};

const std::map<std::string, Command>& commands() {
  static const std::map<std::string, Command> c = {
      {"run", {aca::cli::cmd_run, "run a scenario round by round and write its output folder"}},
      {"fork", {aca::cli::cmd_fork, "continue a checkpointed run from a round under changed settings"}},
      {"validate", {aca::cli::cmd_validate, "check scenario files and report every problem"}},
      {"info", {aca::cli::cmd_info, "versions, device, BLAS and thread settings"}},
      {"schema", {aca::cli::cmd_schema, "print the scenario reference generated from the schema"}},
      {"privacy", {aca::cli::cmd_privacy, "DP-SGD privacy accountant: epsilon for (q, sigma, steps, delta), or sigma"}},
      {"sweep", {aca::cli::cmd_sweep, "run the scenario's [sweep] design, resuming finished points"}},
      {"analyze", {aca::cli::cmd_analyze, "critical mass, policy effects, dynamics and equilibria of a run or sweep"}},
      {"export", {aca::cli::cmd_export, "the sweep's panel, points and analysis tables as Stata .dta files"}},
      {"report", {aca::cli::cmd_report, "figures (gnuplot PNG/SVG) and report.md/report.html of a run or sweep"}},
  };
  return c;
}

void usage(std::FILE* to) {
  std::fprintf(to,
               "acasim — agent-based simulation of algorithmic collective action\n\n"
               "usage: acasim COMMAND [options]   (acasim COMMAND --help for its options)\n\ncommands:\n");
  for (const auto& [name, cmd] : commands()) std::fprintf(to, "  %-10s %s\n", name.c_str(), cmd.summary);
  std::fprintf(to, "\nexit codes: 0 success, 1 runtime failure, 2 usage or scenario error\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    usage(stderr);
    return aca::cli::usage_error;
  }
  const std::string sub = argv[1];
  if (sub == "--help" || sub == "-h" || sub == "help") {
    usage(stdout);
    return aca::cli::ok;
  }
  if (sub == "--version") {
    return commands().at("info").fn({"--version"});
  }
#ifdef ACASIM_FRONT_END
  // The front end links neither LibTorch nor MPI: the commands that train, and info, which reports LibTorch, run
  // in acasim-engine (cli/engine.hpp).
  // The BLAS kernel is chosen here, so the engine starts once with it (learn/blas_kernel.hpp).
  if (aca::cli::runs_in_engine(sub, argc, argv)) {
    aca::learn::choose_blas_kernel_for_child();
    return aca::cli::exec_engine(argv);
  }
#else
  // Only the commands that multiply (or report what multiplies) pay for a second start.
  if (sub == "run" || sub == "fork" || sub == "sweep" || sub == "info") aca::learn::correct_blas_kernel(argv);
#endif
  const auto it = commands().find(sub);
  if (it == commands().end()) {
    std::fprintf(stderr, "acasim: unknown command `%s`\n\n", sub.c_str());
    usage(stderr);
    return aca::cli::usage_error;
  }
  try {
    return it->second.fn(aca::cli::Args(argv + 2, argv + argc));
#ifdef ACASIM_FRONT_END
  } catch (const aca::learn::NeedsTorch&) {
    // The command reached LibTorch (device = "cuda"): the engine runs all of it again, from the start; it has
    // written nothing the engine would not (only the training commands write, and they always run in the engine).
    return aca::cli::exec_engine(argv);
#endif
  } catch (const aca::config::ScenarioError& e) {
    std::cerr << e.diagnostics().format();
    return aca::cli::usage_error;
  } catch (const aca::run_folder::FolderRefused& e) {
    // The folder given is busy, holds a run that would be replaced, or holds no finished run: the user's choice.
    std::cerr << "acasim " << sub << ": error: " << e.what() << "\n";
    return aca::cli::usage_error;
  } catch (const std::bad_alloc&) {
    // Sizes the plan stage can foresee are refused by their [limits]; what is left is the machine's memory.
    std::cerr << "acasim " << sub << ": error: out of memory — make the population, data or model smaller (the "
                 "[limits] table in docs/user-guide.md says what each costs) or run fewer points at once (--jobs)\n";
    return aca::cli::runtime_failure;
  } catch (const std::exception& e) {
    std::cerr << "acasim " << sub << ": error: " << e.what() << "\n";
    return aca::cli::runtime_failure;
  }
}
