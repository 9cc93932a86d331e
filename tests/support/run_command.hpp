#pragma once
// Test helper: runs a shell command and captures its exit code and output.
#include <array>
#include <cstdio>
#include <string>
#include <sys/wait.h>

struct ProcessResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

/// Runs `command` through the shell (stderr merged into stdout).
inline ProcessResult run_command(const std::string& command) {
  ProcessResult r;
  const std::string cmd = command + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf{};
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.output.append(buf.data(), n);
  const int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}
