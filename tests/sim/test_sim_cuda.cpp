// A response-curve sweep on the GPU (issue 9): built only against a CUDA LibTorch (tests/sim/CMakeLists.txt).
// LibTorch first: c10's logging header defines CHECK, which would silently replace Catch's CHECK if it came later.
#include <torch/cuda.h>
#undef CHECK

#include <catch2/catch.hpp>

#include "support/curve_sources.hpp"

#include "support/curve_successes.hpp"
#include "support/slurp.hpp"

#include <cmath>
#include <filesystem>
#include <unistd.h>

#include "sim/sweep.hpp"

namespace fs = std::filesystem;
using namespace aca;

TEST_CASE("a response-curve sweep on cuda, its curves batched across points, matches the cpu sweep", "[sim][cuda]") {
  REQUIRE(torch::cuda::is_available());
  const fs::path fixture = fs::path(ACASIM_FIXTURES) / "scenarios" / "sweep_response_curve.toml";
  const fs::path gpu = fs::temp_directory_path() / ("acasim_test_cuda_sweep_" + std::to_string(::getpid()));
  const fs::path cpu = gpu.string() + "_cpu";
  fs::remove_all(gpu);
  fs::remove_all(cpu);
  sim::SweepOptions o;
  o.jobs = 1;
  o.out_dir = gpu;
  // batch_points = auto batches across points on cuda: the points then read their curves from the cache.
  REQUIRE(sim::run_sweep(fixture, {config::parse_override("platform.device=cuda")}, o).ran == 4);
  o.out_dir = cpu;
  REQUIRE(sim::run_sweep(fixture, {}, o).ran == 4);
  const double n_test = 400;  // the fixture's data.test_size
  int points = 0;
  for (const auto& d : fs::directory_iterator(gpu / "points")) {
    const auto g = curve_successes(d.path() / "response_curve.csv");
    const auto c = curve_successes(cpu / "points" / d.path().filename() / "response_curve.csv");
    REQUIRE(g.size() == c.size());
    REQUIRE(!g.empty());
    // A model that differs from the CPU one by rounding can move a test point that lies on its decision boundary.
    for (std::size_t i = 0; i < g.size(); ++i) CHECK(std::abs(g[i] - c[i]) <= 2.0 / n_test + 1e-12);
    CHECK(curve_sources(slurp(d.path() / "manifest.json")) == std::vector<std::string>{"cache"});
    ++points;
  }
  CHECK(points == 4);
  fs::remove_all(gpu);
  fs::remove_all(cpu);
}
