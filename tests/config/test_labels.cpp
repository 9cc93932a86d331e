#include <catch2/catch.hpp>

#include <algorithm>

#include "config/labels.hpp"
#include "config/schema.hpp"

using namespace aca::config;

TEST_CASE("every scenario key has a human label, and value names match its choices", "[config][labels]") {
  for (const auto& k : scenario_schema().keys()) {
    INFO(k.path);
    CHECK(!k.label.empty());
    CHECK(k.label.find('_') == std::string::npos);          // words, not a key
    CHECK(k.label.find('|') == std::string::npos);          // a Markdown table cell of the reference
    if (!k.value_names.empty()) CHECK(k.value_names.size() == k.choices.size());
    if (!k.infinity_meaning.empty()) CHECK(k.infinity_allowed);
  }
}

TEST_CASE("axis labels name a key by label, symbol and unit", "[config][labels]") {
  CHECK(axis_label("platform.privacy.target_epsilon") == "privacy budget ε");
  CHECK(axis_label("population.initial_members") == "initial members (agents)");
  CHECK(axis_label("population.network.rewire") == "rewiring probability p");
  CHECK(axis_label("collective.0.coordination_noise") == "coordination noise");  // array index → []
  CHECK(axis_label("no.such.key") == "no.such.key");
}

TEST_CASE("a field of a distribution a sweep varies is named by the distribution's label", "[config][labels]") {
  CHECK(axis_label("population.threshold.mean") == "participation threshold τ, mean (share)");
  CHECK(setting_label("population.threshold.mean", "0.25") == "τ mean = 0.25");
  CHECK(axis_label("population.network.rewire.mean") == "population.network.rewire.mean");  // not a distribution
}

TEST_CASE("setting labels name values in the reader's words", "[config][labels]") {
  CHECK(setting_label("platform.privacy.target_epsilon", "4.0") == "ε = 4");
  CHECK(setting_label("platform.privacy.target_epsilon", "inf") == "ε = ∞ (no DP)");
  CHECK(setting_label("platform.privacy.target_epsilon", "0.123456") == "ε = 0.1235");  // ≤ 4 significant digits
  CHECK(setting_label("platform.learner", "'gdro'") == "learner: Group DRO");
  CHECK(setting_label("platform.learner", "\"sgd\"") == "learner: ERM (SGD)");
  CHECK(setting_label("population.initial_members", "[60]") == "initial members = 60");
  CHECK(setting_label("population.initial_members", "[60, 20]") == "initial members = 60, 20");
  CHECK(setting_label("population.network.kind", "'watts_strogatz'") == "network: Watts–Strogatz");
  CHECK(setting_label("decision.temperature", "0.05") == "T = 0.05");
  CHECK(settings_label({{"platform.learner", "'gdro'"}, {"platform.privacy.target_epsilon", "8"}}) ==
        "learner: Group DRO, ε = 8");
  CHECK(settings_label({}).empty());
}

TEST_CASE("schema paths replace array indices by []", "[config][labels]") {
  CHECK(schema_path("collective.1.signal.size") == "collective[].signal.size");
  CHECK(schema_path("population.segment.0.share") == "population.segment[].share");
  CHECK(schema_path("platform.learner") == "platform.learner");
}
