#pragma once
// Shared by the robustness suite: run acasim on one bad input or bad state and check what the user is told.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "cli/run_process.hpp"
#include "support/slurp.hpp"  // slurp(path): a file's bytes

namespace aca::robustness {

/// The shipped scenarios and the test fixtures, with a trailing '/'.
inline const std::string scenarios = std::string(ACASIM_SOURCE_DIR) + "/scenarios/";
inline const std::string fixtures = std::string(ACASIM_FIXTURES) + "/";

/// One bad input: what it is, the acasim arguments, the exit code it must give and texts the message must hold.
struct BadInput {
  std::string what;
  std::string args;
  int exit_code = 2;
  std::vector<std::string> says;
};

/// Runs the case and checks its exit code, every expected text, and that no crash or internal name shows.
inline ProcessResult check_case(const BadInput& c) {
  INFO(c.what << "\n$ acasim " << c.args);
  const ProcessResult r = run_acasim(c.args);
  INFO(r.output);
  CHECK(r.exit_code == c.exit_code);
  for (const auto& s : c.says) CHECK_THAT(r.output, Catch::Contains(s));
  for (const char* leak : {"terminate called", "std::", "c10::", "what():", "Exception raised from"})
    CHECK_THAT(r.output, !Catch::Contains(leak));
  return r;
}

/// A scratch folder per test name and process, emptied on creation and removed afterwards.
class Scratch {
 public:
  explicit Scratch(const std::string& name)
      : path_(std::filesystem::temp_directory_path() /
              ("acasim_robust_" + name + "_" + std::to_string(static_cast<long>(::getpid())))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  ~Scratch() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  /// The folder.
  const std::filesystem::path& path() const { return path_; }
  /// `path() / name` as a string, ready for a command line.
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }
  /// Writes `text` to `path() / name` and returns that path.
  std::string write(const std::string& name, const std::string& text) const {
    const auto p = path_ / name;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }

 private:
  std::filesystem::path path_;
};

}  // namespace aca::robustness
