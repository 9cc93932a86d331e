// Morris's trajectories (sim/morris_design.hpp) and the morris sweep built from them.
#include <catch2/catch.hpp>

#include "support/slurp.hpp"

#include <cmath>
#include <filesystem>
#include <set>

#include "analysis/morris_effects.hpp"
#include "sim/morris_design.hpp"
#include "sim/sweep.hpp"

namespace fs = std::filesystem;
using namespace aca;

namespace {

std::vector<sim::SensitivityRow> trajectories(std::size_t r, std::size_t d, int p, std::uint64_t seed) {
  util::Engine rng = util::make_stream(seed, sim::morris_stream);
  return sim::morris_design(r, d, p, rng);
}

}  // namespace

TEST_CASE("a Morris trajectory starts on the grid and moves every axis once by plus or minus Delta",
          "[sweep][morris]") {
  for (int p : {2, 4, 6}) {
    INFO("levels " << p);
    const double delta = sim::morris_delta(p);
    REQUIRE(delta == Approx(p / (2.0 * (p - 1))));
    const std::size_t r = 30, d = 5;
    const auto rows = trajectories(r, d, p, 1);
    REQUIRE(rows.size() == r * (d + 1));
    std::set<double> levels_seen;
    for (std::size_t t = 0; t < r; ++t) {
      const auto* g = &rows[t * (d + 1)];
      REQUIRE(g[0].block == "start");
      std::set<long> moved;
      for (std::size_t s = 0; s <= d; ++s) {
        REQUIRE(g[s].group == static_cast<long>(t));
        for (double u : g[s].unit) {
          REQUIRE(u >= 0.0);
          REQUIRE(u <= 1.0);
          REQUIRE(std::fabs(u * (p - 1) - std::round(u * (p - 1))) < 1e-12);  // a grid level
          levels_seen.insert(std::round(u * (p - 1)));
        }
        if (s == 0) continue;
        REQUIRE(g[s].block == "step");
        const auto k = static_cast<std::size_t>(g[s].axis);
        moved.insert(g[s].axis);
        REQUIRE(std::fabs(g[s].step) == Approx(delta));
        for (std::size_t i = 0; i < d; ++i)
          REQUIRE(g[s].unit[i] == Approx(g[s - 1].unit[i] + (i == k ? g[s].step : 0.0)).margin(1e-12));
      }
      REQUIRE(moved.size() == d);
    }
    REQUIRE(levels_seen.size() == static_cast<std::size_t>(p));  // every level is used
  }
  REQUIRE_THROWS_AS(trajectories(3, 2, 3, 1), std::invalid_argument);
  REQUIRE_THROWS_AS(trajectories(0, 2, 4, 1), std::invalid_argument);
}

TEST_CASE("Morris's trajectories rank a function's inputs by mu* as their influence", "[sweep][morris]") {
  // f = 6 x1 + 3 x2² + x1·x3, x4 absent: mu*(x1) in [6, 7] > mu*(x2) in [2, 4] > mu*(x3) ≤ 1 > mu*(x4) = 0.
  const auto f = [](const std::vector<double>& x) { return 6 * x[0] + 3 * x[1] * x[1] + x[0] * x[2]; };
  const auto rows = trajectories(40, 4, 4, 2);
  std::vector<std::vector<double>> effects(4);
  for (std::size_t i = 1; i < rows.size(); ++i)
    if (rows[i].block == "step")
      effects[static_cast<std::size_t>(rows[i].axis)].push_back(
          analysis::elementary_effect(f(rows[i - 1].unit), f(rows[i].unit), rows[i].step));
  util::Engine rng = util::make_stream(1, "analysis.sensitivity");
  const auto m = analysis::morris_measures(effects, 200, 0.95, rng);
  REQUIRE(m[0].mu_star.value > m[1].mu_star.value);
  REQUIRE(m[1].mu_star.value > m[2].mu_star.value);
  REQUIRE(m[2].mu_star.value > m[3].mu_star.value);
  REQUIRE(m[3].mu_star.value == 0.0);
  // 3x² between grid levels x and x + Δ (Δ = 2/3, x ∈ {0, 1/3}) has the effect 3(2x + Δ): 2 or 4, whichever way.
  for (double e : effects[1]) REQUIRE((e == Approx(2.0) || e == Approx(4.0)));
}

TEST_CASE("a morris sweep has trajectories × (axes + 1) points, and an odd level count is refused at sweep.levels",
          "[sweep][morris]") {
  const std::string text = R"(
[simulation]
seed = 3
mode = "theory"
[[collective]]
name = "a"
[sweep]
design = "morris"
trajectories = 6
levels = 4
[[sweep.axis]]
key = "population.benefit"
low = 0.5
high = 2.0
[[sweep.axis]]
key = "data.categorical.xi"
low = 0.001
high = 0.1
log = true
)";
  const auto scenario = config::parse_scenario(text, "morris.toml");
  const auto pts = sim::sweep_points(scenario);
  REQUIRE(pts.size() == 6 * 3);
  std::set<std::string> benefits;
  for (const auto& p : pts) benefits.insert(p.settings[0].value);
  REQUIRE(benefits.size() <= 4);  // the grid's 4 levels: 0.5, 1, 1.5, 2
  for (const auto& b : benefits) {
    const double level = (std::stod(b) - 0.5) / 0.5;
    REQUIRE(std::fabs(level - std::round(level)) < 1e-9);
  }
  try {
    config::parse_scenario(text, "morris.toml", {{"sweep.levels", "5"}});
    FAIL("odd levels accepted");
  } catch (const config::ScenarioError& e) {
    REQUIRE(std::string(e.what()).find("sweep.levels") != std::string::npos);
    REQUIRE(std::string(e.what()).find("even") != std::string::npos);
  }
}
