#include <catch2/catch.hpp>

#include "run_folder/setting_columns.hpp"

using namespace aca::run_folder;

TEST_CASE("setting cells: strings unquoted, numbers in shortest exact text, infinity as inf", "[run_folder][columns]") {
  REQUIRE(setting_cell("'sgd'") == "sgd");
  REQUIRE(setting_cell("\"group_dro\"") == "group_dro");
  REQUIRE(setting_cell("\"a \\\"b\\\"\"") == "a \"b\"");
  REQUIRE(setting_cell("0.0050000000000000001") == "0.005");
  REQUIRE(setting_cell("4.0") == "4");
  REQUIRE(setting_cell("1_000") == "1000");
  REQUIRE(setting_cell("inf") == "inf");
  REQUIRE(setting_cell("+inf") == "inf");
  REQUIRE(setting_cell("-inf") == "-inf");
  REQUIRE(setting_cell("true") == "true");
}

TEST_CASE("list elements split at the top level only", "[run_folder][columns]") {
  REQUIRE(list_elements("[40, 40]") == std::vector<std::string>{"40", "40"});
  REQUIRE(list_elements("['a,b', 'c']") == std::vector<std::string>{"'a,b'", "'c'"});
  REQUIRE(list_elements("[[1, 0.5], [0.5, 1]]") == std::vector<std::string>{"[1, 0.5]", "[0.5, 1]"});
  REQUIRE(list_elements("[]").empty());
  REQUIRE(list_elements("3") == std::vector<std::string>{"3"});
}

TEST_CASE("setting columns: one typed column per axis, per-collective lists named by collective, others numbered",
          "[run_folder][columns]") {
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
  // A shorter list and an axis the point does not set leave empty cells, never a sentinel.
  REQUIRE(cols.cells(points[1]) == std::vector<std::string>{"group_dro", "4", "10", "", "", ""});
  REQUIRE(cols.cells({{"platform.learner", "'erm'"}}) == std::vector<std::string>{"erm", "", "", "", "", ""});
  REQUIRE(with_setting_columns({"point"}, cols, {"status"}).size() == 8);
}

TEST_CASE("setting columns: a per-collective list longer than the collectives is numbered", "[run_folder][columns]") {
  const SettingColumns cols({"population.initial_members"}, {{{"population.initial_members", "[1, 2, 3]"}}}, {"a"});
  REQUIRE(cols.header() == std::vector<std::string>{"population_initial_members_1", "population_initial_members_2",
                                                    "population_initial_members_3"});
}
