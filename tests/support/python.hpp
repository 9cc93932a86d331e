#pragma once
// Test helper: runs a Python script with Debian's /usr/bin/python3 (the one with pandas), to read acasim's tables
// back as a user would.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "support/run_command.hpp"

/// The interpreter with pandas (the `python3` on PATH may be another without it).
inline const char* python_with_pandas() { return "/usr/bin/python3"; }

/// True when python_with_pandas() exists and imports pandas.
inline bool pandas_available() {
  const std::string cmd = std::string(python_with_pandas()) + " -c 'import pandas' >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

/// What a script printed (stdout and stderr together) and its exit code.
using PythonResult = ProcessResult;

/// Writes `script` to `dir`/`name` and runs it in `dir` with the command-line arguments `args`.
inline PythonResult run_python(const std::filesystem::path& dir, const std::string& name, const std::string& script,
                               const std::string& args = "") {
  std::ofstream(dir / name) << script;
  return run_command("cd '" + dir.string() + "' && " + python_with_pandas() + " " + name + " " + args);
}
