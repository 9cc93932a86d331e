#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "bench/scenario_timing.hpp"
#include "run_folder/json_file.hpp"
#include "support/slurp.hpp"

namespace fs = std::filesystem;
using namespace aca::bench;

namespace {

fs::path fresh_dir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("acasim_test_bench_" + name);
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

bool has(const std::vector<std::string>& env, const std::string& entry) {
  return std::find(env.begin(), env.end(), entry) != env.end();
}

bool names(const std::vector<std::string>& env, const std::string& variable) {
  return std::any_of(env.begin(), env.end(), [&](const std::string& e) { return e.rfind(variable + "=", 0) == 0; });
}

// Sets (or, with nullptr, unsets) an environment variable for one scope and restores it afterwards.
class ScopedVariable {
 public:
  ScopedVariable(const char* name, const char* value) : name_(name) {
    if (const char* v = std::getenv(name)) before_ = v;
    value ? setenv(name, value, 1) : unsetenv(name);
  }
  ~ScopedVariable() { before_.empty() ? unsetenv(name_) : setenv(name_, before_.c_str(), 1); }

 private:
  const char* name_;
  std::string before_;
};

}  // namespace

TEST_CASE("recorded_kernel reads the kernel and its source from the manifest's runtime", "[bench]") {
  const fs::path m = fresh_dir("kernel") / "manifest.json";
  write(m, R"j({"status": "complete", "runtime": {"blas": "OpenBLAS 0.3.21", "blas_kernel": "SkylakeX",
               "blas_kernel_detected": "Prescott", "blas_kernel_source": "corrected"}})j");
  const RecordedKernel k = recorded_kernel(m);
  CHECK(k.kernel == "SkylakeX");
  CHECK(k.source == "corrected");
}

TEST_CASE("recorded_kernel says none and names the BLAS when the run did not use OpenBLAS", "[bench]") {
  const fs::path m = fresh_dir("no_openblas") / "manifest.json";
  write(m, R"j({"runtime": {"blas": "not OpenBLAS (reference BLAS or MKL)", "cuda_available": false}})j");
  const RecordedKernel k = recorded_kernel(m);
  CHECK(k.kernel == "none");
  CHECK(k.source == "not OpenBLAS (reference BLAS or MKL)");
}

TEST_CASE("recorded_kernel names the file when the manifest holds no runtime", "[bench]") {
  const fs::path m = fresh_dir("no_runtime") / "manifest.json";
  write(m, R"j({"status": "complete"})j");
  REQUIRE_THROWS_WITH(recorded_kernel(m), Catch::Contains(m.string()) && Catch::Contains("no `runtime` object"));
}

TEST_CASE("first_manifest takes a run folder's own manifest, else a sweep's first point in path order", "[bench]") {
  const fs::path run = fresh_dir("run_folder");
  write(run / "manifest.json", "{}");
  write(run / "points" / "p0" / "manifest.json", "{}");
  CHECK(first_manifest(run) == run / "manifest.json");

  const fs::path sweep = fresh_dir("sweep_folder");
  write(sweep / "points" / "pb" / "manifest.json", "{}");
  write(sweep / "points" / "pa" / "manifest.json", "{}");
  CHECK(first_manifest(sweep) == sweep / "points" / "pa" / "manifest.json");

  const fs::path empty = fresh_dir("empty_folder");
  REQUIRE_THROWS_WITH(first_manifest(empty), Catch::Contains(empty.string()) && Catch::Contains("no manifest.json"));
}

TEST_CASE("time_child reports the child's exit status, its CPU time and its output in the log", "[bench]") {
  const fs::path log = fresh_dir("child") / "child.log";
  // A shell loop that burns some CPU time, then writes to both streams and exits with status 3.
  const ChildTiming t = time_child(
      {"/bin/sh", "-c", "i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done; echo out; echo err >&2; exit 3"},
      {"PATH=/usr/bin:/bin"}, log);
  CHECK(t.exit_code == 3);
  CHECK(t.wall_s > 0);
  CHECK(t.cpu_s > 0);
  CHECK(t.peak_rss_bytes > 0);
  CHECK(slurp(log) == "out\nerr\n");
}

TEST_CASE("time_child hands the child exactly the environment it is given", "[bench]") {
  const fs::path log = fresh_dir("child_env") / "env.log";
  const ChildTiming t = time_child({"/usr/bin/env"}, {"ONLY=this"}, log);
  CHECK(t.exit_code == 0);
  CHECK(slurp(log) == "ONLY=this\n");
}

TEST_CASE("time_child says which executable it could not start", "[bench]") {
  const fs::path log = fresh_dir("child_missing") / "missing.log";
  REQUIRE_THROWS_WITH(time_child({"/nonexistent/acasim"}, {}, log),
                      Catch::Contains("cannot start /nonexistent/acasim"));
}

TEST_CASE("user_environment drops the bench's own BLAS correction but keeps a kernel the user chose", "[bench]") {
  {
    const ScopedVariable core("OPENBLAS_CORETYPE", "SkylakeX"), detected("ACASIM_BLAS_DETECTED", "Prescott");
    const auto env = user_environment();
    CHECK_FALSE(names(env, "OPENBLAS_CORETYPE"));
    CHECK_FALSE(names(env, "ACASIM_BLAS_DETECTED"));
  }
  {
    const ScopedVariable core("OPENBLAS_CORETYPE", "Haswell"), detected("ACASIM_BLAS_DETECTED", nullptr);
    const ScopedVariable other("ACASIM_TEST_BENCH_MARK", "kept");
    const auto env = user_environment();
    CHECK(has(env, "OPENBLAS_CORETYPE=Haswell"));
    CHECK(has(env, "ACASIM_TEST_BENCH_MARK=kept"));
  }
}
