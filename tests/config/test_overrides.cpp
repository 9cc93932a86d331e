#include <catch2/catch.hpp>

#include "config/scenario.hpp"

using namespace aca::config;

TEST_CASE("overrides from --set replace values and are validated like the file", "[overrides]") {
  const Scenario s = parse_scenario("[population]\nsize = 10\n", "s.toml",
                                    {parse_override("population.size=500"), parse_override("decision.rule=threshold")});
  REQUIRE(s.root().sub("population").integer("size") == 500);
  REQUIRE(s.root().sub("decision").string("rule") == "threshold");
}

TEST_CASE("overrides from --set reach array-of-table elements by index in both spellings", "[overrides]") {
  const std::string text = "[[collective]]\ntarget = 1\n[[collective]]\ntarget = 0\n";
  const Scenario a = parse_scenario(text, "s.toml", {parse_override("collective.1.target=3")});
  REQUIRE(a.root().elements("collective")[1].integer("target") == 3);
  const Scenario b = parse_scenario(text, "s.toml", {parse_override("collective[0].target=3")});
  REQUIRE(b.root().elements("collective")[0].integer("target") == 3);
}

TEST_CASE("a bad --set names the override, the key and the hint", "[overrides]") {
  try {
    parse_scenario("", "s.toml", {parse_override("population.szie=5")});
    FAIL("expected a ScenarioError");
  } catch (const ScenarioError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    REQUIRE_THAT(e.diagnostics().items()[0].format(),
                 Catch::Contains("--set population.szie=5: error: unknown key `population.szie` — did you mean "
                                 "`population.size`?"));
  }
  try {
    parse_scenario("[[collective]]\n", "s.toml", {parse_override("collective.4.target=1")});
    FAIL("expected a ScenarioError");
  } catch (const ScenarioError& e) {
    REQUIRE_THAT(e.diagnostics().format(), Catch::Contains("index 4 is out of range"));
  }
  REQUIRE_THROWS_AS(parse_override("no_equals_sign"), ScenarioError);
}

TEST_CASE("a cross-key rule broken by a --set value names the override, also for bare words and quotes",
          "[overrides]") {
  try {
    parse_scenario("[platform]\nlearner = \"sgd\"\n", "s.toml", {parse_override("platform.epsilon_suboptimal=0.1")});
    FAIL("expected a ScenarioError");
  } catch (const ScenarioError& e) {
    REQUIRE_THAT(e.diagnostics().format(),
                 Catch::Contains("--set platform.epsilon_suboptimal=0.1: error: epsilon_suboptimal applies to "
                                 "learner = \"bayes_optimal\" only"));
  }
  try {
    parse_scenario("", "s.toml", {parse_override("platform.learner=dp_sgd")});
    FAIL("expected a ScenarioError");
  } catch (const ScenarioError& e) {
    // The rule fires on the privacy table the file never wrote; the bare word itself was taken as a string.
    REQUIRE_THAT(e.diagnostics().format(), Catch::Contains("needs exactly one of"));
  }
  const Scenario s = parse_scenario("", "s.toml", {parse_override("simulation.name=a\"b\\c")});
  REQUIRE(s.root().sub("simulation").string("name") == "a\"b\\c");
}

TEST_CASE("a --set index too large for any number is out of range, in both spellings", "[overrides]") {
  const std::string text = "[[collective]]\ntarget = 1\n";
  for (const char* key : {"collective.99999999999999999999.target=2", "collective[123456789012345678901].target=2"}) {
    INFO(key);
    try {
      parse_scenario(text, "s.toml", {parse_override(key)});
      FAIL("expected a ScenarioError");
    } catch (const ScenarioError& e) {
      const std::string index = std::string(key).find('[') != std::string::npos ? "123456789012345678901"
                                                                                : "99999999999999999999";
      CHECK_THAT(e.diagnostics().format(),
                 Catch::Contains("`collective` has 1 element(s); index " + index + " is out of range"));
    }
  }
}

TEST_CASE("a --set value with a line break is refused and shown on one line", "[overrides]") {
  try {
    parse_scenario("", "s.toml", {parse_override("simulation.name=\"a\nb\"")});
    FAIL("expected a ScenarioError");
  } catch (const ScenarioError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    CHECK_THAT(e.diagnostics().items()[0].format(),
               Catch::Contains("--set simulation.name=\"a\\nb\": error: a --set value cannot contain a line break"));
  }
}
