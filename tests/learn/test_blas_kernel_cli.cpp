// The BLAS kernel correction seen from outside: acasim re-executes itself with OPENBLAS_CORETYPE, never against
// the user's own setting, records the kernel in the manifest, and trains to the same results on either kernel.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "learn/blas_kernel.hpp"
#include "tests/cli/run_process.hpp"

namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

fs::path scratch(const std::string& name) {
  const char* tmp = std::getenv("TMPDIR");
  const fs::path d = fs::path(tmp ? tmp : "/tmp") / ("blas-kernel-" + name);
  fs::remove_all(d);
  return d;
}

// Column 4 (value) of the metrics.csv rows whose metric is `metric`, in file order.
std::vector<double> values(const fs::path& metrics, const std::string& metric) {
  std::ifstream in(metrics);
  std::string line;
  std::vector<double> out;
  while (std::getline(in, line)) {
    std::stringstream s(line);
    std::string round, collective, m, value;
    std::getline(s, round, ',');
    std::getline(s, collective, ',');
    std::getline(s, m, ',');
    std::getline(s, value, ',');
    if (m == metric) out.push_back(std::stod(value));
  }
  return out;
}

const std::string best = aca::learn::best_kernel(aca::learn::cpu_features());

}  // namespace

TEST_CASE("a user's OPENBLAS_CORETYPE is kept and reported as set by the user", "[blas_kernel][cli]") {
  const auto r = run_command("env OPENBLAS_CORETYPE=Prescott " ACASIM_EXE " info");
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.output, Catch::Contains("\"blas_kernel\": \"Prescott\""));
  CHECK_THAT(r.output, Catch::Contains("BLAS kernel: Prescott (set by user)"));
  if (!best.empty())
    CHECK_THAT(r.output, Catch::Contains("note: OPENBLAS_CORETYPE=Prescott in your environment is below"));
}

TEST_CASE("a fallback kernel is corrected to the best the CPU runs, and the manifest says so", "[blas_kernel][cli]") {
  if (best.empty()) {
    WARN("skipped: this CPU has no AVX, so there is no kernel to correct to");
    return;
  }
  const auto r = run_command("env -u OPENBLAS_CORETYPE ACASIM_BLAS_CORRECTION=from:Prescott " ACASIM_EXE " info");
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.output, Catch::Contains("\"blas_kernel\": \"" + best + "\""));
  CHECK_THAT(r.output, Catch::Contains("\"blas_kernel_detected\": \"Prescott\""));
  CHECK_THAT(r.output, Catch::Contains("BLAS kernel: " + best + " (corrected from Prescott"));
  const auto off = run_command("env -u OPENBLAS_CORETYPE ACASIM_BLAS_CORRECTION=off " ACASIM_EXE " info");
  REQUIRE(off.exit_code == 0);
  CHECK_THAT(off.output, !Catch::Contains("\"blas_kernel_source\": \"corrected\""));
}

TEST_CASE("training on the corrected kernel agrees with the fallback kernel", "[blas_kernel][cli]") {
  if (best.empty()) {
    WARN("skipped: this CPU has no AVX, so there is no kernel to correct to");
    return;
  }
  const std::string args = " run scenarios/quickstart.toml --set 'platform.model.kind=\"mlp\"' --set "
                           "simulation.rounds=2 --out ";
  const fs::path slow = scratch("prescott"), fast = scratch("corrected");
  REQUIRE(run_command("cd " ACASIM_SOURCE_DIR " && env OPENBLAS_CORETYPE=Prescott " ACASIM_EXE + args +
                      slow.string()).exit_code == 0);
  REQUIRE(run_command("cd " ACASIM_SOURCE_DIR " && env -u OPENBLAS_CORETYPE ACASIM_BLAS_CORRECTION=from:Prescott "
                      ACASIM_EXE + args + fast.string()).exit_code == 0);
  CHECK_THAT(slurp(fast / "manifest.json"), Catch::Contains("\"blas_kernel_source\": \"corrected\""));
  // The kernels sum in different orders, so weights differ by rounding only; a test point sitting on the decision
  // boundary may then flip: one point of the 1000-point test set is 0.001 of success or accuracy.
  for (const std::string metric : {"success", "clean_accuracy"}) {
    const auto a = values(slow / "metrics.csv", metric), b = values(fast / "metrics.csv", metric);
    REQUIRE(a.size() == b.size());
    REQUIRE_FALSE(a.empty());
    for (std::size_t i = 0; i < a.size(); ++i) CHECK(b[i] == Approx(a[i]).margin(0.002));
  }
}
