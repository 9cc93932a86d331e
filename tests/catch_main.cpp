// The main() of every test program. Each test process works in a temporary folder of its own: many tests use fixed
// names under std::filesystem::temp_directory_path(), and two suites running at once (ctest -j over several build
// trees, or two checkouts on one machine) would otherwise share those folders, and a run folder's lock would
// rightly refuse the second one. TMPDIR is inherited by the acasim processes the CLI tests start.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

#include <unistd.h>

int main(int argc, char* argv[]) {
  namespace fs = std::filesystem;
  const fs::path own = fs::temp_directory_path() / ("acasim-tests-" + std::to_string(static_cast<long>(::getpid())));
  std::error_code ec;
  fs::create_directories(own, ec);
  if (!ec) ::setenv("TMPDIR", own.c_str(), 1);
  const int result = Catch::Session().run(argc, argv);
  if (!ec) fs::remove_all(own, ec);
  return result;
}
