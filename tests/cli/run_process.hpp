#pragma once
// Runs the acasim executable for CLI tests and captures its exit code and output.
#include <string>

#include "support/run_command.hpp"

/// Runs `ACASIM_EXE args` through the shell (stderr merged into stdout).
inline ProcessResult run_acasim(const std::string& args) { return run_command(std::string(ACASIM_EXE) + " " + args); }
