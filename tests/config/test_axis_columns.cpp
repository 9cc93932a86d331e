#include <catch2/catch.hpp>

#include "config/axis_columns.hpp"

using aca::config::axis_columns;
using aca::config::AxisColumns;
using aca::config::Override;
using aca::config::same_value;
using aca::config::Setting;
using aca::config::SettingColumns;
using aca::config::value_fields;
using aca::config::with_setting_columns;
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

// Merged from run_folder's SettingColumns (analysis/*.csv used it): one rule now serves every table.
TEST_CASE("axis values: escapes, TOML's 1_000, exact shortest reals, -inf, and NaN as an empty (missing) cell",
          "[config][axis_columns]") {
  CHECK(value_fields("platform.learner", "\"a \\\"b\\\"\"", {}) == Fields{{"", "a \"b\""}});
  CHECK(value_fields("data.categorical.xi", "0.0050000000000000001", {}) == Fields{{"", "0.005"}});
  CHECK(value_fields("platform.privacy.target_epsilon", "4.0", {}) == Fields{{"", "4.0"}});  // a real stays real
  CHECK(value_fields("sim.rounds", "1_000", {}) == Fields{{"", "1000"}});
  CHECK(value_fields("platform.privacy.target_epsilon", "-inf", {}) == Fields{{"", "-inf"}});
  CHECK(value_fields("platform.privacy.target_epsilon", "nan", {}) == Fields{{"", ""}});
}

TEST_CASE("a list splits at the top level only: a comma inside a string stays, nested lists give one value per cell",
          "[config][axis_columns]") {
  CHECK(value_fields("population.correlated", "['a,b', 'c']", {}) == Fields{{"_1", "a,b"}, {"_2", "c"}});
  CHECK(value_fields("x.matrix", "[[1, 0.5], [0.5, 1]]", {}) ==
        Fields{{"_1_1", "1"}, {"_1_2", "0.5"}, {"_2_1", "0.5"}, {"_2_2", "1"}});
  CHECK(value_fields("population.correlated", "[]", {}).empty());
}

TEST_CASE("setting columns: one typed column per axis, per-collective lists named by collective, others numbered, "
          "a row's missing axis or list entry empty",
          "[config][axis_columns]") {
  const std::vector<std::string> axes = {"platform.learner", "platform.privacy.target_epsilon",
                                         "population.initial_members", "population.correlated"};
  const std::vector<std::vector<Setting>> points = {
      {{"platform.learner", "'erm'"}, {"platform.privacy.target_epsilon", "inf"},
       {"population.initial_members", "[40, 20]"}, {"population.correlated", "['benefit', 'inertia']"}},
      {{"platform.learner", "'group_dro'"}, {"platform.privacy.target_epsilon", "4.0"},
       {"population.initial_members", "[10]"}, {"population.correlated", "[]"}}};
  const SettingColumns cols(axes, points, {"Left Riders", "b"});
  REQUIRE(cols.header() == std::vector<std::string>{"platform_learner", "platform_privacy_target_epsilon",
                                                    "population_initial_members_left_riders",
                                                    "population_initial_members_b", "population_correlated_1",
                                                    "population_correlated_2"});
  REQUIRE(cols.cells(points[0]) == std::vector<std::string>{"erm", "inf", "40", "20", "benefit", "inertia"});
  REQUIRE(cols.cells(points[1]) == std::vector<std::string>{"group_dro", "4.0", "10", "", "", ""});
  REQUIRE(cols.cells({{"platform.learner", "'erm'"}}) == std::vector<std::string>{"erm", "", "", "", "", ""});
  REQUIRE(with_setting_columns({"point"}, cols, {"status"}) ==
          std::vector<std::string>{"point", "platform_learner", "platform_privacy_target_epsilon",
                                   "population_initial_members_left_riders", "population_initial_members_b",
                                   "population_correlated_1", "population_correlated_2", "status"});
}

TEST_CASE("setting columns: a per-collective list longer than the collectives numbers the rest",
          "[config][axis_columns]") {
  const SettingColumns cols({"population.initial_members"}, {{{"population.initial_members", "[1, 2, 3]"}}}, {"a"});
  REQUIRE(cols.header() == std::vector<std::string>{"population_initial_members_a", "population_initial_members_2",
                                                    "population_initial_members_3"});
}

TEST_CASE("the sweep's axis_columns and analyze's SettingColumns write the same text for the same design",
          "[config][axis_columns]") {
  const std::vector<std::vector<Override>> design = {
      {{"platform.privacy.target_epsilon", "8.0"}, {"sim.rounds", "20"}, {"platform.learner", "'erm'"},
       {"population.initial_members", "[40, 20]"}},
      {{"platform.privacy.target_epsilon", "inf"}, {"sim.rounds", "40"}, {"platform.learner", "'group_dro'"},
       {"population.initial_members", "[10, 30]"}}};
  const AxisColumns ax = axis_columns(design, {"a", "b"});
  std::vector<std::vector<Setting>> points;
  for (const auto& p : design) {
    points.emplace_back();
    for (const auto& o : p) points.back().emplace_back(o.key, o.value);
  }
  const SettingColumns cols({"platform.privacy.target_epsilon", "sim.rounds", "platform.learner",
                             "population.initial_members"},
                            points, {"a", "b"});
  CHECK(cols.header() == ax.names);
  CHECK(cols.cells(points[0]) == ax.cells[0]);
  CHECK(cols.cells(points[1]) == ax.cells[1]);
  CHECK(ax.cells[0] == std::vector<std::string>{"8.0", "20", "erm", "40", "20"});
}

TEST_CASE("same_value compares settings by their cells, not their TOML spelling", "[config][axis_columns]") {
  CHECK(same_value("platform.privacy.target_epsilon", "4.0", "4.00"));
  CHECK(same_value("platform.learner", "'erm'", "\"erm\""));
  CHECK_FALSE(same_value("platform.privacy.target_epsilon", "4.0", "inf"));
}
