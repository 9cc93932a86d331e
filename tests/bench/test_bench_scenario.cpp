#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

#include "bench/bench_scenario.hpp"
#include "run_folder/json_file.hpp"
#include "support/run_command.hpp"

namespace fs = std::filesystem;
using namespace aca::bench;

namespace {

const std::string scenarios = std::string(ACASIM_SOURCE_DIR) + "/scenarios/";

fs::path fresh_dir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("acasim_test_bench_" + name);
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

// TMPDIR pointed at `dir` for one scope, so that the family's temporary folder lands where the test can look.
class ScopedTmpdir {
 public:
  explicit ScopedTmpdir(const fs::path& dir) {
    if (const char* v = std::getenv("TMPDIR")) before_ = v;
    setenv("TMPDIR", dir.c_str(), 1);
  }
  ~ScopedTmpdir() { before_.empty() ? unsetenv("TMPDIR") : setenv("TMPDIR", before_.c_str(), 1); }

 private:
  std::string before_;
};

const std::vector<ScenarioCase> two_rounds = {
    {"tiny",
     {"run", scenarios + "quickstart.toml", "--set", "simulation.rounds=2"},
     "acasim run quickstart (2 rounds)"}};

}  // namespace

TEST_CASE("family scenario times a short acasim run, records the kernel it ran on and removes its folder",
          "[bench]") {
  const fs::path tmp = fresh_dir("family_tmp");
  Figures f;
  {
    const ScopedTmpdir scoped(tmp);
    bench_scenario(f, ACASIM_EXE, two_rounds);
  }
  const auto j = aca::run_folder::parse_json(f.str(0), "figures");
  CHECK(j.at("scenario_tiny_command") == "acasim run quickstart (2 rounds) --out DIR --quiet");
  CHECK(j.at("scenario_tiny_wall_s").get<double>() > 0);
  CHECK(j.at("scenario_tiny_cpu_s").get<double>() > 0);
  CHECK(j.at("scenario_tiny_peak_rss_bytes").get<long>() > 0);
  const std::string kernel = j.at("scenario_tiny_blas_kernel");
  CHECK_FALSE(kernel.empty());
  // The kernel acasim itself reports for this environment (the child ran with the same one).
  const auto info = run_command(std::string(ACASIM_EXE) + " info");
  CHECK(info.output.find(kernel) != std::string::npos);
  const std::string source = j.at("scenario_tiny_blas_kernel_source");
  CHECK((source == "detected" || source == "corrected" || source == "set by user" || source == "correction off"));
  CHECK(fs::is_empty(tmp));  // the run folder and the log went with the temporary folder
}

TEST_CASE("family scenario names the missing acasim and how to build it", "[bench]") {
  Figures f;
  REQUIRE_THROWS_WITH(bench_scenario(f, "/nonexistent/acasim", two_rounds),
                      Catch::Contains("no acasim executable at /nonexistent/acasim") &&
                          Catch::Contains("--target acasim") && Catch::Contains("--acasim PATH"));
}

TEST_CASE("family scenario reports a failing command with its status and the end of its output", "[bench]") {
  const fs::path tmp = fresh_dir("family_fail");
  Figures f;
  const ScopedTmpdir scoped(tmp);
  const std::vector<ScenarioCase> bad = {{"bad", {"run", scenarios + "no_such_scenario.toml"}, "acasim run bad"}};
  REQUIRE_THROWS_WITH(bench_scenario(f, ACASIM_EXE, bad),
                      Catch::Contains("exited with status 2") && Catch::Contains("no_such_scenario.toml"));
  CHECK(fs::is_empty(tmp));
}

TEST_CASE("acasim-bench --filter scenario exits 1 with the fix when acasim is missing", "[bench]") {
  const auto r = run_command(std::string(ACASIM_BENCH_EXE) + " --filter scenario --acasim /nonexistent/acasim");
  CHECK(r.exit_code == 1);
  CHECK(r.output.find("acasim-bench: family scenario: no acasim executable at /nonexistent/acasim") !=
        std::string::npos);
}

TEST_CASE("acasim-bench lists family scenario", "[bench]") {
  const auto r = run_command(std::string(ACASIM_BENCH_EXE) + " --list");
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("\nscenario\n") != std::string::npos);
}
