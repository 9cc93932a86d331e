#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

#include "learn/blas_kernel.hpp"

using namespace aca::learn;

namespace {
CpuFeatures avx512() { return {true, true, true, true, true, true, true, true}; }
CpuFeatures avx2() { return {true, true, true, false, false, false, false, false}; }
CpuFeatures avx_only() { return {true, false, false, false, false, false, false, false}; }
}  // namespace

TEST_CASE("best_kernel picks the OpenBLAS kernel family each CPU feature set allows", "[blas_kernel]") {
  CHECK(best_kernel(avx512()) == "SkylakeX");
  CHECK(best_kernel(avx2()) == "Haswell");
  CHECK(best_kernel(avx_only()) == "Sandybridge");
  CHECK(best_kernel(CpuFeatures{}) == "");
  CpuFeatures no_bw = avx512();
  no_bw.avx512bw = false;  // AVX-512 F alone (Knights Landing style) does not run the SkylakeX kernels
  CHECK(best_kernel(no_bw) == "Haswell");
  CpuFeatures avx2_no_fma = avx2();
  avx2_no_fma.fma = false;
  CHECK(best_kernel(avx2_no_fma) == "Sandybridge");
}

TEST_CASE("kernel_correction upgrades a fallback kernel and nothing else", "[blas_kernel]") {
  // The fallback measured on an AVX-512 Xeon that OpenBLAS 0.3.21 does not recognise.
  CHECK(kernel_correction("Prescott", avx512()) == std::optional<std::string>("SkylakeX"));
  CHECK(kernel_correction("Haswell", avx512()) == std::optional<std::string>("SkylakeX"));
  CHECK(kernel_correction("sandybridge", avx2()) == std::optional<std::string>("Haswell"));
  CHECK(kernel_correction("Core2", avx_only()) == std::optional<std::string>("Sandybridge"));
  // Already the best family, or better than the table's best: kept.
  CHECK_FALSE(kernel_correction("SkylakeX", avx512()));
  CHECK_FALSE(kernel_correction("Cooperlake", avx512()));
  CHECK_FALSE(kernel_correction("Zen", avx2()));
  CHECK_FALSE(kernel_correction("Haswell", avx2()));
  // Names the table does not know, and CPUs with nothing better, are never touched.
  CHECK_FALSE(kernel_correction("Neoverse N1", avx512()));
  CHECK_FALSE(kernel_correction("Prescott", CpuFeatures{}));
  CHECK_FALSE(kernel_correction("", avx512()));
}

TEST_CASE("kernel_level orders the kernel families and ignores case", "[blas_kernel]") {
  CHECK(kernel_level("prescott") == 0);
  CHECK(kernel_level("SANDYBRIDGE") == 1);
  CHECK(kernel_level("Zen") == 2);
  CHECK(kernel_level("SapphireRapids") == 3);
  CHECK_FALSE(kernel_level("armv8"));
}

namespace {

// Sets (or, with nullptr, unsets) an environment variable for one test and restores it afterwards.
struct ScopedEnv {
  std::string name;
  bool had;
  std::string old;
  ScopedEnv(const char* n, const char* value) : name(n), had(std::getenv(n) != nullptr), old(had ? std::getenv(n) : "") {
    if (value) setenv(n, value, 1);
    else unsetenv(n);
  }
  ~ScopedEnv() {
    if (had) setenv(name.c_str(), old.c_str(), 1);
    else unsetenv(name.c_str());
  }
};

std::string env_or_none(const char* n) { return std::getenv(n) ? std::getenv(n) : "(unset)"; }

}  // namespace

TEST_CASE("the front end chooses the engine's kernel in its environment, never against the user's", "[blas_kernel]") {
  const std::string best = best_kernel(cpu_features());
  ScopedEnv detected("ACASIM_BLAS_DETECTED", nullptr);
  {
    ScopedEnv user("OPENBLAS_CORETYPE", nullptr);
    ScopedEnv from("ACASIM_BLAS_CORRECTION", "from:Prescott");
    choose_blas_kernel_for_child();
    if (best.empty()) {
      CHECK(env_or_none("OPENBLAS_CORETYPE") == "(unset)");
    } else {
      CHECK(env_or_none("OPENBLAS_CORETYPE") == best);
      CHECK(env_or_none("ACASIM_BLAS_DETECTED") == "Prescott");
    }
    unsetenv("ACASIM_BLAS_DETECTED");
  }
  {
    ScopedEnv user("OPENBLAS_CORETYPE", "Prescott");
    ScopedEnv from("ACASIM_BLAS_CORRECTION", "from:Prescott");
    choose_blas_kernel_for_child();
    CHECK(env_or_none("OPENBLAS_CORETYPE") == "Prescott");
    CHECK(env_or_none("ACASIM_BLAS_DETECTED") == "(unset)");
  }
  {
    ScopedEnv user("OPENBLAS_CORETYPE", nullptr);
    ScopedEnv off("ACASIM_BLAS_CORRECTION", "off");
    choose_blas_kernel_for_child();
    CHECK(env_or_none("OPENBLAS_CORETYPE") == "(unset)");
  }
}
