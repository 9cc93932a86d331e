#include <catch2/catch.hpp>

#include "support/slurp.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "sim/sweep.hpp"

namespace fs = std::filesystem;
using namespace aca;

namespace {
const fs::path alpha_fixture = fs::path(ACASIM_FIXTURES) / "scenarios" / "sweep_alpha.toml";
const std::string lhs_text = R"(
[simulation]
seed = 3
mode = "theory"
rounds = 2
[population]
size = 500
[[collective]]
name = "a"
[sweep]
design = "latin_hypercube"
points = 20
[[sweep.axis]]
key = "population.size"
low = 100
high = 2100
integer = true
[[sweep.axis]]
key = "platform.privacy.target_epsilon"
low = 0.1
high = 1000
log = true
[[sweep.axis]]
key = "decision.rule"
values = ["logit", "best_response", "threshold", "imitation"]
)";
}  // namespace

TEST_CASE("a latin hypercube puts exactly one point in each of the n strata of every axis", "[sweep][lhs]") {
  for (std::size_t n : {1u, 2u, 7u, 50u}) {
    util::Engine rng = util::make_stream(42, sim::latin_hypercube_stream);
    const auto u = sim::latin_hypercube(n, 3, rng);
    REQUIRE(u.size() == n);
    for (std::size_t d = 0; d < 3; ++d) {
      std::set<long> strata;
      for (const auto& p : u) {
        REQUIRE(p[d] >= 0.0);
        REQUIRE(p[d] < 1.0);
        strata.insert(static_cast<long>(std::floor(p[d] * static_cast<double>(n))));
      }
      REQUIRE(strata.size() == n);
    }
  }
}

TEST_CASE("latin hypercube sweep points stratify linear ranges, log ranges and value lists", "[sweep][lhs]") {
  const auto pts = sim::sweep_points(config::parse_scenario(lhs_text, "lhs.toml"));
  REQUIRE(pts.size() == 20);
  std::set<long> lin, lg;
  std::map<std::string, int> rules;
  for (const auto& p : pts) {
    REQUIRE(p.settings.size() == 3);
    const double size = std::stod(p.settings[0].value);
    REQUIRE(p.settings[0].value.find('.') == std::string::npos);  // rounded: population.size is an integer key
    // Integer rounding can move a value across a stratum edge by < 0.5 / (2000 / 20) of a stratum: use centres.
    lin.insert(static_cast<long>(std::floor((size - 100.0) / 2000.0 * 20.0 + 1e-9)));
    const double eps = std::stod(p.settings[1].value);
    REQUIRE(eps >= 0.1);
    REQUIRE(eps <= 1000.0);
    lg.insert(static_cast<long>(std::floor((std::log(eps) - std::log(0.1)) / (std::log(1000.0) - std::log(0.1)) * 20.0)));
    ++rules[p.settings[2].value];
  }
  REQUIRE(lg.size() == 20);
  REQUIRE(lin.size() >= 19);  // rounding to integers may merge two neighbouring strata's edge values
  // 20 strata over 4 values: each value is taken by exactly 5 strata.
  REQUIRE(rules.size() == 4);
  for (const auto& [v, c] : rules) REQUIRE(c == 5);
}

TEST_CASE("a latin hypercube design is reproducible from the seed and changes with it", "[sweep][lhs]") {
  const auto a = sim::sweep_points(config::parse_scenario(lhs_text, "lhs.toml"));
  const auto b = sim::sweep_points(config::parse_scenario(lhs_text, "lhs.toml"));
  const auto c = sim::sweep_points(config::parse_scenario(lhs_text, "lhs.toml", {{"simulation.seed", "4"}}));
  for (std::size_t i = 0; i < a.size(); ++i)
    for (std::size_t k = 0; k < a[i].settings.size(); ++k) REQUIRE(a[i].settings[k].value == b[i].settings[k].value);
  bool differs = false;
  for (std::size_t i = 0; i < a.size(); ++i) differs = differs || a[i].settings[1].value != c[i].settings[1].value;
  REQUIRE(differs);
}

TEST_CASE("a range axis outside a latin hypercube design, or half a range, is a scenario error", "[sweep][lhs]") {
  REQUIRE_THROWS_AS(config::parse_scenario(lhs_text, "lhs.toml", {{"sweep.design", "\"grid\""}}), config::ScenarioError);
  const std::string half = "[simulation]\nmode = \"theory\"\n[[collective]]\nname = \"a\"\n[sweep]\ndesign = "
                           "\"latin_hypercube\"\n[[sweep.axis]]\nkey = \"population.size\"\nlow = 10\n";
  REQUIRE_THROWS_AS(config::parse_scenario(half, "half.toml"), config::ScenarioError);
}

TEST_CASE("the quick design takes sweep.quick.points configurations of the full design, one replicate each",
          "[sweep][quick]") {
  const auto scenario = config::load_scenario(alpha_fixture);
  const auto full = sim::sweep_points(scenario);
  const auto quick = sim::quick_sweep_points(scenario);
  REQUIRE(full.size() == 24);
  REQUIRE(quick.size() == 3);
  for (const auto& q : quick) REQUIRE(q.replicate == 0);
  // First and last configurations of the full design are always included.
  REQUIRE(quick.front().settings[0].value == full.front().settings[0].value);
  REQUIRE(quick.front().settings[1].value == full.front().settings[1].value);
  REQUIRE(quick.back().settings[0].value == full.back().settings[0].value);
  REQUIRE(quick.back().settings[1].value == full.back().settings[1].value);
  // The quick overrides (fewer rounds) are part of what defines a quick point.
  const auto full_plan = sim::plan_sweep(alpha_fixture, {}, false);
  const auto quick_plan = sim::plan_sweep(alpha_fixture, {}, true);
  REQUIRE(quick_plan.points.front().settings[0].value == full_plan.points.front().settings[0].value);
  REQUIRE(quick_plan.points.front().id != full_plan.points.front().id);
}

TEST_CASE("a quick design with its own axes is a grid over them", "[sweep][quick]") {
  const std::string text = slurp(alpha_fixture) + "\n[[sweep.quick.axis]]\nkey = \"decision.rule\"\nvalues = "
                                                  "[\"logit\", \"best_response\"]\n";
  const auto quick = sim::quick_sweep_points(config::parse_scenario(text, "q.toml"));
  REQUIRE(quick.size() == 2);
  REQUIRE(quick[0].settings.size() == 1);
  REQUIRE(quick[1].settings[0].value == "'best_response'");
}

TEST_CASE("toml = true axes pass array values through, and reject non-string values", "[sweep]") {
  const auto pts = sim::sweep_points(config::load_scenario(alpha_fixture));
  REQUIRE(pts[0].settings[1].key == "population.initial_members");
  REQUIRE(pts[0].settings[1].value == "[2]");
  const std::string bad = slurp(alpha_fixture) + "\n[[sweep.axis]]\nkey = \"population.size\"\ntoml = true\nvalues = [1, 2]\n";
  REQUIRE_THROWS_AS(config::parse_scenario(bad, "bad.toml"), config::ScenarioError);
}
