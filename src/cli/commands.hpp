#pragma once
// The acasim subcommands. Each parses its own options and returns the process exit code.
#include <string>
#include <vector>

namespace aca::cli {

/// Exit codes shared by every subcommand.
enum Exit : int { ok = 0, runtime_failure = 1, usage_error = 2 };

using Args = std::vector<std::string>;  ///< arguments after the subcommand name

int cmd_run(const Args& args);       ///< acasim run SCENARIO [--out DIR] [--seed N] [--set k=v]...
int cmd_fork(const Args& args);      ///< acasim fork RUN_DIR --round R [--set k=v]... [--out DIR]
int cmd_validate(const Args& args);  ///< acasim validate SCENARIO...
int cmd_info(const Args& args);      ///< acasim info [--json]
int cmd_schema(const Args& args);    ///< acasim schema --markdown
int cmd_privacy(const Args& args);   ///< acasim privacy --sample-rate Q (--noise-multiplier S | --target-epsilon E) ...
int cmd_sweep(const Args& args);     ///< acasim sweep SCENARIO [--quick] [--jobs N] [--out DIR] [--set k=v]...
int cmd_analyze(const Args& args);   ///< acasim analyze RUN_OR_SWEEP_DIR
int cmd_report(const Args& args);    ///< acasim report RUN_OR_SWEEP_DIR [--out DIR]
int cmd_export(const Args& args);    ///< acasim export DIR [--format dta]

/// The whole command line, for manifests.
std::string command_line(const std::string& sub, const Args& args);

}  // namespace aca::cli
