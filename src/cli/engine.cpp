#include "cli/engine.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string_view>

#include "cli/commands.hpp"

namespace aca::cli {

bool runs_in_engine(const std::string& sub, int argc, char** argv) {
  if (sub != "run" && sub != "fork" && sub != "sweep" && sub != "info") return false;
  // The options parser reads these two tokens as the help option wherever they stand, and a command then prints
  // its help and stops, so the front end answers as the engine would, without loading LibTorch.
  for (int i = 2; i < argc; ++i)
    if (std::string_view(argv[i]) == "--help" || std::string_view(argv[i]) == "-h") return false;
  return true;
}

int exec_engine(char** argv) {
  // The engine is found next to the executable actually running (a symbolic link to acasim resolves to it), never
  // on PATH, so a front end always runs the engine built with it.
  std::error_code ec;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  const std::filesystem::path engine = self.parent_path() / "acasim-engine";
  // Output the front end buffered would be lost by exec (it is not flushed); the engine writes its own.
  execv(engine.c_str(), argv);
  const int err = errno;
  std::cerr << "acasim " << (argv[1] ? argv[1] : "") << ": error: cannot start the engine " << engine.string()
            << ": " << std::strerror(err)
            << " (acasim-engine is built and installed next to acasim: rebuild with `cmake --build build/release "
               "--target acasim`)\n";
  return Exit::runtime_failure;
}

}  // namespace aca::cli
