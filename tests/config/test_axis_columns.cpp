#include <catch2/catch.hpp>

#include "config/axis_columns.hpp"

using aca::config::axis_columns;
using aca::config::AxisColumns;
using aca::config::Override;
using aca::config::value_fields;
using Fields = std::vector<std::pair<std::string, std::string>>;

TEST_CASE("axis values become one typed field each: strings unquoted, floats keep a decimal point, inf as inf",
          "[config][axis_columns]") {
  CHECK(value_fields("platform.learner", "'sgd'", {}) == Fields{{"", "sgd"}});
  CHECK(value_fields("platform.learner", "\"dp_sgd\"", {}) == Fields{{"", "dp_sgd"}});
  CHECK(value_fields("platform.learner", "sgd", {}) == Fields{{"", "sgd"}});  // a bare word, as --set takes it
  CHECK(value_fields("platform.privacy.target_epsilon", "inf", {}) == Fields{{"", "inf"}});
  CHECK(value_fields("platform.privacy.target_epsilon", "+inf", {}) == Fields{{"", "inf"}});
  CHECK(value_fields("platform.privacy.target_epsilon", "8.0", {}) == Fields{{"", "8.0"}});
  CHECK(value_fields("platform.privacy.target_epsilon", "8", {}) == Fields{{"", "8"}});
  CHECK(value_fields("data.categorical.xi", "0.005", {}) == Fields{{"", "0.005"}});
  CHECK(value_fields("platform.gdro.enabled", "true", {}) == Fields{{"", "true"}});
}

TEST_CASE("a list axis splits into one column per element, named after the collectives where the key is per "
          "collective",
          "[config][axis_columns]") {
  CHECK(value_fields("population.initial_members", "[40, 60]", {"Left", "right side"}) ==
        Fields{{"_left", "40"}, {"_right_side", "60"}});
  // Not a per-collective key: elements are numbered from 1, even when there are as many as collectives.
  CHECK(value_fields("collective.1.signal.position", "[24, 23]", {"A", "B"}) == Fields{{"_1", "24"}, {"_2", "23"}});
  // More entries than named collectives: the rest are numbered.
  CHECK(value_fields("population.leakage", "[0.5, 1.0]", {"a"}) == Fields{{"_a", "0.5"}, {"_2", "1.0"}});
  CHECK(value_fields("collective.0.signal", "{ kind = 'patch', size = 3 }", {}) ==
        Fields{{"_kind", "patch"}, {"_size", "3"}});
}

TEST_CASE("axis columns: snake_case names in axis order, ragged lists padded with empty fields",
          "[config][axis_columns]") {
  const std::vector<std::vector<Override>> settings = {
      {{"platform.privacy.target_epsilon", "inf"}, {"population.initial_members", "[40, 40]"}},
      {{"platform.privacy.target_epsilon", "4.0"}, {"population.initial_members", "[80]"}},
  };
  const AxisColumns ax = axis_columns(settings, {"left", "right"});
  CHECK(ax.names == std::vector<std::string>{"platform_privacy_target_epsilon", "population_initial_members_left",
                                             "population_initial_members_right"});
  REQUIRE(ax.cells.size() == 2);
  CHECK(ax.cells[0] == std::vector<std::string>{"inf", "40", "40"});
  CHECK(ax.cells[1] == std::vector<std::string>{"4.0", "80", ""});
}
