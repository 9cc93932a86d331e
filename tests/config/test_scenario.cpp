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

TEST_CASE("an integer key beyond 2^53 is compared with its bound exactly, not after rounding to a double",
          "[scenario]") {
  REQUIRE(problems("[simulation]\nseed = 9007199254740992\n").empty());
  const Diagnostics d = problems("[simulation]\nseed = 9007199254740993\n");
  REQUIRE(d.size() == 1);
  CHECK(d.items()[0].key == "simulation.seed");
  CHECK(d.items()[0].line == 2);
  CHECK_THAT(d.format(), Catch::Contains("9007199254740993 is out of range: allowed 0 ≤ value ≤ 9007199254740992"));
}

TEST_CASE("a number written as an integer for a real key keeps its line in later diagnostics", "[scenario]") {
  // class_weights and target_epsilon are widened to doubles when defaults are filled; a cross-key rule about them
  // must still point at the line the user wrote.
  const Diagnostics d = problems("[data]\nsource = \"gaussian_mixture\"\n[data.gaussian_mixture]\nclasses = 2\n"
                                 "class_weights = [1, 2, 3]\n");
  REQUIRE(d.size() == 1);
  CHECK(d.items()[0].key == "data.gaussian_mixture.class_weights");
  CHECK(d.items()[0].line == 5);
  const Scenario s = parse_scenario("[platform.privacy]\ntarget_epsilon = 2\n", "s.toml");
  CHECK(s.root().sub("platform").sub("privacy").diag("target_epsilon", "x").line == 2);
  CHECK(s.root().sub("platform").sub("privacy").real("target_epsilon") == 2.0);
}

TEST_CASE("scenario-level mistakes are refused at their key: seeds, copula, grid, class weights",
          "[scenario][plan]") {
  const std::string one = "[[collective]]\n";
  struct Case {
    std::string text, key;
  };
  const Case cases[] = {
      {"[population]\ninitial_members = [3, 4]\n" + one, "population.initial_members"},
      {"[population]\ncorrelated = [\"benefit\", \"inertia\"]\ncorrelation = [[1.0, 1.0], [1.0, 1.0]]\n" + one,
       "population.correlation"},
      {"[simulation]\nmode = \"response_curve\"\n[response_curve]\nalphas = []\n" + one, "response_curve.alphas"},
      {"[simulation]\nmode = \"response_curve\"\n[response_curve]\nalphas = [0.2, 0.2]\n" + one, "response_curve.alphas"},
      {"[data]\nsource = \"gaussian_mixture\"\n[data.gaussian_mixture]\nclass_weights = [0.0, 0.0]\n" + one,
       "data.gaussian_mixture.class_weights"},
      {"[[collective]]\nstrategy = \"gradient_cancel\"\n[collective.gradient_cancel]\ntheta = [1.0]\n"
       "[platform.model]\nkind = \"mlp\"\n", "platform.model.kind"},
      {"[[collective]]\n[collective.signal]\nfeatures = [2, 2]\nvalues = [1.0, 1.0]\n", "collective[0].signal.features"},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    const Diagnostics d = problems(c.text);
    REQUIRE(d.size() == 1);
    CHECK(d.items()[0].key == c.key);
    CHECK(d.items()[0].line > 0);
    CHECK_THAT(d.format(), Catch::Contains(c.key));
  }
  // Fewer initial_members than collectives stay allowed: the rest start empty.
  CHECK(problems("[population]\ninitial_members = [3]\n[[collective]]\n[[collective]]\n").empty());
  // The grid matters only where a curve is estimated.
  CHECK(problems("[response_curve]\nalphas = []\n" + one).empty());
}
