#pragma once
// The acasim front end and its engine (docs/architecture.md, "Front end and engine"): the front end links neither
// LibTorch nor MPI; the commands that need them run in acasim-engine, which it executes in its own place.
#include <string>

namespace aca::cli {

/// True when `acasim SUB ARGS...` runs in the engine: run, fork, sweep and info, unless they only print their help
/// (an argument "--help" or "-h"), which the front end prints itself.
bool runs_in_engine(const std::string& sub, int argc, char** argv);

/// Replaces this process by acasim-engine (next to this executable) with the same arguments, environment, standard
/// streams and process id, so exit codes and signals are the engine's. Returns only when that fails: then it prints
/// why and returns Exit::runtime_failure.
int exec_engine(char** argv);

}  // namespace aca::cli
