#include <catch2/catch.hpp>

#include "support/slurp.hpp"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "sim/sweep.hpp"

namespace fs = std::filesystem;
using namespace aca;

namespace {
const fs::path fixture = fs::path(ACASIM_FIXTURES) / "scenarios" / "sweep_small.toml";
}  // namespace

TEST_CASE("a grid sweep has one point per combination and replicate, with stable distinct ids", "[sweep]") {
  const auto a = sim::sweep_points(config::load_scenario(fixture));
  const auto b = sim::sweep_points(config::load_scenario(fixture));
  REQUIRE(a.size() == 4);
  std::set<std::string> ids;
  for (std::size_t i = 0; i < a.size(); ++i) {
    REQUIRE(a[i].id == b[i].id);
    ids.insert(a[i].id);
  }
  REQUIRE(ids.size() == 4);
  REQUIRE(a[0].settings[0].value == "'logit'");
}

TEST_CASE("a list design with axes of unequal length is a scenario error", "[sweep]") {
  const std::vector<config::Override> ov = {{"sweep.design", "\"list\""}};
  const std::string text = slurp(fixture) + "\n[[sweep.axis]]\nkey = \"population.size\"\nvalues = [100, 200, 300]\n";
  REQUIRE_THROWS_AS(sim::sweep_points(config::parse_scenario(text, "s.toml", ov)), config::ScenarioError);
}

TEST_CASE("a rerun of a sweep skips finished points and redoes only an unfinished one", "[sweep]") {
  const fs::path out = fs::temp_directory_path() / "acasim_sweep_resume";
  fs::remove_all(out);
  sim::SweepOptions opts;
  opts.out_dir = out;
  const auto first = sim::run_sweep(fixture, {}, opts);
  REQUIRE(first.points == 4);
  REQUIRE(first.ran == 4);
  const std::string index = slurp(out / "points.csv");
  const auto pts = sim::sweep_points(config::load_scenario(fixture));
  const std::string metrics = slurp(out / "points" / pts[1].id / "metrics.csv");

  // Simulate a crash while point 1 was running: its manifest was never written.
  fs::remove(out / "points" / pts[1].id / "manifest.json");
  const auto second = sim::run_sweep(fixture, {}, opts);
  REQUIRE(second.skipped == 3);
  REQUIRE(second.ran == 1);
  REQUIRE(slurp(out / "points.csv") == index);
  REQUIRE(slurp(out / "points" / pts[1].id / "metrics.csv") == metrics);

  const auto third = sim::run_sweep(fixture, {}, opts);
  REQUIRE(third.ran == 0);
}

TEST_CASE("replicates of a point use different seeds", "[sweep]") {
  const fs::path out = fs::temp_directory_path() / "acasim_sweep_replicates";
  fs::remove_all(out);
  sim::SweepOptions opts;
  opts.out_dir = out;
  sim::run_sweep(fixture, {}, opts);
  const auto pts = sim::sweep_points(config::load_scenario(fixture));
  REQUIRE(pts[0].replicate == 0);
  REQUIRE(pts[1].replicate == 1);
  REQUIRE(slurp(out / "points" / pts[0].id / "scenario.resolved.toml") !=
          slurp(out / "points" / pts[1].id / "scenario.resolved.toml"));
}
