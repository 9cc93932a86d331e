#include <catch2/catch.hpp>

#include "config/scenario.hpp"
#include "config/schema.hpp"

using namespace aca::config;

namespace {
// Parses text and returns the diagnostics it raised (empty when the scenario is valid).
Diagnostics problems(const std::string& text, const std::vector<Override>& ov = {}) {
  try {
    parse_scenario(text, "s.toml", ov);
  } catch (const ScenarioError& e) {
    return e.diagnostics();
  }
  return {};
}
Diagnostics problems_in(const std::string& fixture) {
  try {
    load_scenario(std::string(ACASIM_FIXTURES) + "/scenarios/" + fixture);
  } catch (const ScenarioError& e) {
    return e.diagnostics();
  }
  return {};
}
}  // namespace

TEST_CASE("an empty scenario is valid and every default is filled in", "[scenario]") {
  const Scenario s = parse_scenario("", "empty.toml");
  const View r = s.root();
  REQUIRE(r.sub("population").integer("size") == 1000);
  REQUIRE(r.sub("simulation").string("mode") == "learned");
  REQUIRE(r.sub("platform").sub("privacy").real("delta") == Approx(1e-5));
  REQUIRE_FALSE(r.sub("platform").sub("privacy").has("noise_multiplier"));
}

TEST_CASE("an unknown key names file, line, column, key path and the closest known key", "[scenario]") {
  const Diagnostics d = problems_in("bad_unknown_key.toml");
  REQUIRE(d.size() == 1);
  const Diagnostic& e = d.items()[0];
  REQUIRE(e.line == 3);
  REQUIRE(e.column == 1);
  REQUIRE(e.key == "population.szie");
  REQUIRE_THAT(e.format(), Catch::Contains("bad_unknown_key.toml:3:1: error: unknown key `population.szie` — "
                                           "did you mean `population.size`?"));
}

TEST_CASE("a wrong type says what type is expected and what was given", "[scenario]") {
  const Diagnostics d = problems_in("bad_wrong_type.toml");
  REQUIRE(d.size() == 1);
  REQUIRE(d.items()[0].line == 2);
  REQUIRE(d.items()[0].column == 8);
  REQUIRE_THAT(d.items()[0].message,
               Catch::Contains("`population.size` must be an integer, got a string (\"many\")"));
}

TEST_CASE("an out-of-range value states the allowed range", "[scenario]") {
  const Diagnostics d = problems_in("bad_out_of_range.toml");
  REQUIRE(d.size() == 1);
  REQUIRE(d.items()[0].line == 2);
  REQUIRE_THAT(d.items()[0].message,
               Catch::Contains("`analysis.target_success` = 1.5 is out of range: allowed 0 ≤ value ≤ 1"));
}

TEST_CASE("malformed TOML is reported with its position", "[scenario]") {
  const Diagnostics d = problems_in("bad_malformed.toml");
  REQUIRE(d.size() == 1);
  REQUIRE(d.items()[0].line == 3);
  REQUIRE_THAT(d.items()[0].message, Catch::Contains("TOML syntax"));
}

TEST_CASE("a missing file is a scenario error naming the file", "[scenario]") {
  const Diagnostics d = problems_in("no_such_file.toml");
  REQUIRE(d.size() == 1);
  REQUIRE_THAT(d.items()[0].format(), Catch::Contains("no_such_file.toml: error: cannot read scenario file"));
}

TEST_CASE("all errors in a file are reported at once, inside arrays of tables too", "[scenario]") {
  const Diagnostics d = problems_in("bad_many_errors.toml");
  REQUIRE(d.size() == 4);
  const std::string all = d.format();
  REQUIRE_THAT(all, Catch::Contains("`simulation.rounds` = 0 is out of range"));
  REQUIRE_THAT(all, Catch::Contains("\"learnd\" is not allowed") && Catch::Contains("did you mean \"learned\"?"));
  REQUIRE_THAT(all, Catch::Contains("unknown key `decision.rul` — did you mean `decision.rule`?"));
  REQUIRE_THAT(all, Catch::Contains("unknown key `collective[0].tagret` — did you mean `collective[0].target`?"));
}

TEST_CASE("integers are accepted for real keys and widened in the resolved scenario", "[scenario]") {
  const Scenario s = parse_scenario("[analysis]\ntarget_success = 1\n", "s.toml");
  REQUIRE(s.root().sub("analysis").real("target_success") == 1.0);
  REQUIRE_THAT(s.resolved_toml(), Catch::Contains("target_success = 1.0"));
}

TEST_CASE("distributions accept numbers and tables, and reject unknown parameters", "[scenario]") {
  const Scenario s = parse_scenario(
      "[population]\nparticipation_cost = { dist = \"uniform\", low = 0, high = 0.4 }\nbenefit = 2\n", "s.toml");
  const Distribution c = s.root().sub("population").distribution("participation_cost");
  REQUIRE(c.dist == "uniform");
  REQUIRE(c.params.at("high") == Approx(0.4));
  const Distribution b = s.root().sub("population").distribution("benefit");
  REQUIRE(b.dist == "constant");
  REQUIRE(b.params.at("value") == 2.0);

  const Diagnostics d = problems("[population]\nbenefit = { dist = \"normal\", mean = 1, sdd = 2 }\n");
  REQUIRE(d.size() == 2);  // unknown parameter sdd, and sd missing
  REQUIRE_THAT(d.format(), Catch::Contains("did you mean `population.benefit.sd`?"));
  REQUIRE_THAT(d.format(), Catch::Contains("needs `sd`"));
  REQUIRE(problems("[population]\ninertia = { dist = \"uniform\", low = 0, high = 2 }\n").size() == 1);
}

TEST_CASE("cross-key rules run after defaults: dp_sgd needs exactly one privacy level", "[scenario]") {
  REQUIRE(problems("[platform]\nlearner = \"dp_sgd\"\n").size() == 1);
  REQUIRE(problems("[platform]\nlearner = \"dp_sgd\"\n[platform.privacy]\nnoise_multiplier = 1.0\n").empty());
  REQUIRE(problems("[platform]\nlearner = \"dp_sgd\"\n[platform.privacy]\nnoise_multiplier = 1.0\n"
                   "target_epsilon = 2.0\n").size() == 1);
}

TEST_CASE("a section written as a value and a list with a wrong element are both reported", "[scenario]") {
  const Diagnostics d = problems("population = 3\n[response_curve]\nalphas = [0.1, \"x\", 2.0]\n");
  REQUIRE(d.size() == 3);
  REQUIRE_THAT(d.format(), Catch::Contains("`population` must be a table"));
  REQUIRE_THAT(d.format(), Catch::Contains("`response_curve.alphas[1]` must be a number"));
  REQUIRE_THAT(d.format(), Catch::Contains("`response_curve.alphas[2]` = 2 is out of range"));
}

TEST_CASE("the resolved scenario and its hash are deterministic", "[scenario]") {
  const std::string text = "[population]\nsize = 10\n";
  REQUIRE(parse_scenario(text, "a.toml").resolved_toml() == parse_scenario(text, "b.toml").resolved_toml());
  REQUIRE(parse_scenario(text, "a.toml").hash() == parse_scenario(text, "b.toml").hash());
  REQUIRE(parse_scenario(text, "a.toml").hash() != parse_scenario("[population]\nsize = 11\n", "a.toml").hash());
  // The resolved text parses back to the same scenario.
  const Scenario s = parse_scenario(text, "a.toml");
  REQUIRE(parse_scenario(s.resolved_toml(), "r.toml").hash() == s.hash());
}

TEST_CASE("closest_match suggests only plausible typos", "[suggest]") {
  REQUIRE(closest_match("szie", {"size", "seed"}) == "size");
  REQUIRE(closest_match("zzzzzzzz", {"size", "seed"}).empty());
}
