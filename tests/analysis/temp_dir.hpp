#pragma once
// A scratch folder per test and process, so parallel test runs (ctest -j, several build trees) never share one;
// removed when the test ends.
#include <filesystem>
#include <string>
#include <system_error>

#include <unistd.h>

namespace aca::analysis::test {

/// <tmp>/acasim_test_analysis_<name>_<pid>, emptied on creation and removed on destruction.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& name)
      : path_(std::filesystem::temp_directory_path() /
              ("acasim_test_analysis_" + name + "_" + std::to_string(static_cast<long>(::getpid())))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  ~ScratchDir() {
    std::error_code ec;  // never throw from a destructor; a leftover folder is harmless
    std::filesystem::remove_all(path_, ec);
  }
  /// The folder.
  const std::filesystem::path& path() const { return path_; }
  /// `path() / name`.
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

}  // namespace aca::analysis::test
