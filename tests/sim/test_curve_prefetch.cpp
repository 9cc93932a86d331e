#include <catch2/catch.hpp>

#include "support/slurp.hpp"

#include <cmath>
#include <filesystem>
#include <sstream>
#include <unistd.h>

#include "sim/curve_prefetch.hpp"
#include "sim/success_curves.hpp"

namespace fs = std::filesystem;
using namespace aca;

namespace {

const fs::path fixture = fs::path(ACASIM_FIXTURES) / "scenarios" / "sweep_response_curve.toml";

fs::path scratch(const std::string& name) {
  const fs::path p = fs::temp_directory_path() / ("acasim_test_prefetch_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(p);
  return p;
}

// The success column of a point's response_curve.csv, in file order.
std::vector<double> successes(const fs::path& file) {
  std::stringstream in(slurp(file));
  std::string line;
  std::getline(in, line);
  std::vector<double> out;
  while (std::getline(in, line)) {
    std::stringstream row(line);
    std::string cell;
    for (int c = 0; c < 4; ++c) std::getline(row, cell, ',');
    out.push_back(std::strtod(cell.c_str(), nullptr));
  }
  return out;
}

}  // namespace

TEST_CASE("batch_points is on when asked, or by default only for CUDA", "[sweep][prefetch]") {
  const std::string base = "[sweep]\n[[sweep.axis]]\nkey = \"platform.epochs\"\nvalues = [1]\n";
  CHECK_FALSE(sim::batch_points_enabled(config::parse_scenario(base, "s.toml")));
  CHECK(sim::batch_points_enabled(config::parse_scenario(base, "s.toml", {config::parse_override("platform.device=cuda")})));
  CHECK(sim::batch_points_enabled(config::parse_scenario(base, "s.toml", {config::parse_override("sweep.batch_points=on")})));
  CHECK_FALSE(sim::batch_points_enabled(config::parse_scenario(
      base, "s.toml", {config::parse_override("sweep.batch_points=off"), config::parse_override("platform.device=cuda")})));
}

TEST_CASE("curves batched across sweep points equal each point's own estimate and are read from the cache",
          "[sweep][prefetch]") {
  // 2 epochs values × 2 replicates = 4 points of 6 α × 3 trainings. Epochs is a hyperparameter an ensemble member
  // may have of its own, so with ensemble_size 64 the points are gathered until their trainings fill a batch: all
  // four (72 trainings), cut into batches of 64 (every point has trainings in it) and 8.
  const std::vector<config::Override> on = {config::parse_override("sweep.batch_points=on"),
                                            config::parse_override("platform.ensemble_size=64")};
  const sim::SweepPlan plan = sim::plan_sweep(fixture, on, false);
  REQUIRE(plan.points.size() == 4);
  const fs::path cache = scratch("cache");
  std::vector<std::size_t> all = {0, 1, 2, 3};
  const sim::PrefetchSummary s = sim::prefetch_response_curves(plan, all, cache, false);
  CHECK(s.curves == 4);
  CHECK(s.trainings == 72);
  CHECK(s.largest_batch_points == 4);
  for (const auto& sc : plan.resolved) CHECK(sim::response_curve_cached(sc, cache));
  // A second call finds everything cached and trains nothing.
  CHECK(sim::prefetch_response_curves(plan, all, cache, false).trainings == 0);

  // Whole sweeps: batched across points against each point on its own.
  const fs::path a = scratch("on"), b = scratch("off");
  sim::SweepOptions o;
  o.out_dir = a;
  o.jobs = 1;
  REQUIRE(sim::run_sweep(fixture, on, o).ran == 4);
  o.out_dir = b;
  REQUIRE(sim::run_sweep(fixture, {config::parse_override("sweep.batch_points=off"),
                                   config::parse_override("platform.ensemble_size=64")}, o).ran == 4);
  const double n_test = 400;  // the fixture's data.test_size
  int points = 0;
  for (const auto& d : fs::directory_iterator(a / "points")) {
    const fs::path other = b / "points" / d.path().filename();
    REQUIRE(fs::exists(other / "response_curve.csv"));
    const auto sa = successes(d.path() / "response_curve.csv"), sb = successes(other / "response_curve.csv");
    REQUIRE(sa.size() == 18);
    REQUIRE(sa.size() == sb.size());
    for (std::size_t i = 0; i < sa.size(); ++i) CHECK(std::abs(sa[i] - sb[i]) <= 2.0 / n_test + 1e-12);
    // Every point of the batched sweep read its curve from the cache the prefetch wrote.
    CHECK(slurp(d.path() / "manifest.json").find("\"curve_sources\": [\"cache\"]") != std::string::npos);
    ++points;
  }
  CHECK(points == 4);
  fs::remove_all(cache);
  fs::remove_all(a);
  fs::remove_all(b);
}
