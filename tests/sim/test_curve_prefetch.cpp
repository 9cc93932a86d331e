#include <catch2/catch.hpp>

#include "support/curve_sources.hpp"

#include "support/curve_successes.hpp"
#include "support/slurp.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
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
    const auto sa = curve_successes(d.path() / "response_curve.csv"), sb = curve_successes(other / "response_curve.csv");
    REQUIRE(sa.size() == 18);
    REQUIRE(sa.size() == sb.size());
    for (std::size_t i = 0; i < sa.size(); ++i) CHECK(std::abs(sa[i] - sb[i]) <= 2.0 / n_test + 1e-12);
    // Every point of the batched sweep read its curve from the cache the prefetch wrote.
    CHECK(curve_sources(slurp(d.path() / "manifest.json")) == std::vector<std::string>{"cache"});
    ++points;
  }
  CHECK(points == 4);
  fs::remove_all(cache);
  fs::remove_all(a);
  fs::remove_all(b);
}

TEST_CASE("joint curves of two collectives are batched across points too and equal each point's own", "[sweep][prefetch]") {
  // two_collectives.toml, small: 3 × 3 joint grid × 1 replicate + 2 × 3 one-collective trainings per point; a
  // sweep over the learning rate (a hyperparameter members may differ in), 2 points sharing one batch.
  std::string toml = slurp(std::string(ACASIM_SOURCE_DIR) + "/scenarios/two_collectives.toml");
  toml += "\n[sweep]\n[[sweep.axis]]\nkey = \"platform.learning_rate\"\nvalues = [0.1, 0.3]\n";
  const fs::path scenario = scratch("two.toml");
  {
    std::ofstream out(scenario);
    out << toml;
  }
  const std::vector<config::Override> small = {
      config::parse_override("population.size=300"), config::parse_override("response_curve.alphas=[0.0, 0.1, 0.6]"),
      config::parse_override("response_curve.replicates=1"), config::parse_override("simulation.rounds=3"),
      config::parse_override("platform.ensemble_size=64")};
  auto on = small, off = small;
  on.push_back(config::parse_override("sweep.batch_points=on"));
  off.push_back(config::parse_override("sweep.batch_points=off"));
  const sim::SweepPlan plan = sim::plan_sweep(scenario, on, false);
  REQUIRE(plan.points.size() == 2);
  const fs::path cache = scratch("cache2");
  const sim::PrefetchSummary s = sim::prefetch_response_curves(plan, {0, 1}, cache, false);
  CHECK(s.curves == 2);
  CHECK(s.trainings == 2 * (6 + 9));
  CHECK(s.largest_batch_points == 2);
  for (const auto& sc : plan.resolved) {
    CHECK(sim::response_curve_cached(sc, cache));
    CHECK(sim::joint_curve_cached(sc, cache));
  }
  const fs::path a = scratch("two_on"), b = scratch("two_off");
  sim::SweepOptions o;
  o.out_dir = a;
  o.jobs = 1;
  REQUIRE(sim::run_sweep(scenario, on, o).ran == 2);
  o.out_dir = b;
  REQUIRE(sim::run_sweep(scenario, off, o).ran == 2);
  const double n_test = 1000;  // two_collectives' data.test_size
  for (const auto& d : fs::directory_iterator(a / "points")) {
    const fs::path other = b / "points" / d.path().filename();
    CHECK(curve_sources(slurp(d.path() / "manifest.json")) == std::vector<std::string>{"cache", "cache", "cache"});
    // response_curve_joint.csv: alpha_1, alpha_2, replicate, success_1, success_2, mean_1, mean_2.
    std::stringstream ja(slurp(d.path() / "response_curve_joint.csv")), jb(slurp(other / "response_curve_joint.csv"));
    std::string la, lb;
    int rows = 0;
    std::getline(ja, la);
    std::getline(jb, lb);
    while (std::getline(ja, la) && std::getline(jb, lb)) {
      std::stringstream ra(la), rb(lb);
      std::string ca, cb;
      for (int c = 0; c < 5; ++c) {
        std::getline(ra, ca, ',');
        std::getline(rb, cb, ',');
        if (c < 3) CHECK(ca == cb);
        else CHECK(std::abs(std::strtod(ca.c_str(), nullptr) - std::strtod(cb.c_str(), nullptr)) <= 2.0 / n_test + 1e-12);
      }
      ++rows;
    }
    CHECK(rows == 9);
  }
  fs::remove_all(cache);
  fs::remove_all(a);
  fs::remove_all(b);
  fs::remove(scenario);
}

TEST_CASE("prefetch groups trained two at a time write the same cache files as one at a time", "[sweep][prefetch]") {
  // ensemble_size 16 below a point's 18 trainings: each of the 4 points is a group of its own.
  const std::vector<config::Override> on = {config::parse_override("sweep.batch_points=on"),
                                            config::parse_override("platform.ensemble_size=16")};
  const sim::SweepPlan plan = sim::plan_sweep(fixture, on, false);
  const std::vector<std::size_t> all = {0, 1, 2, 3};
  const fs::path one = scratch("jobs1"), two = scratch("jobs2");
  REQUIRE(sim::prefetch_groups(plan, all, one).size() == 4);
  const sim::PrefetchSummary s1 = sim::prefetch_response_curves(plan, all, one, false, 1);
  const sim::PrefetchSummary s2 = sim::prefetch_response_curves(plan, all, two, false, 2);
  CHECK(s1.trainings == 72);
  CHECK(s2.trainings == s1.trainings);
  CHECK(s2.curves == s1.curves);
  const auto count = [](const fs::path& dir) {
    std::size_t n = 0;
    for (const auto& f : fs::recursive_directory_iterator(dir)) n += f.is_regular_file();
    return n;
  };
  CHECK(count(one) >= 4);
  CHECK(count(two) == count(one));
  for (const auto& f : fs::recursive_directory_iterator(one)) {
    if (!f.is_regular_file()) continue;
    const fs::path other = two / fs::relative(f.path(), one);
    REQUIRE(fs::exists(other));
    CHECK(slurp(other) == slurp(f.path()));
  }
  fs::remove_all(one);
  fs::remove_all(two);
}
