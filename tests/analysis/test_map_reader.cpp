#include <catch2/catch.hpp>

#include <fstream>

#include "analysis/fork_lineage.hpp"
#include "analysis/map_reader.hpp"
#include "analysis/run_reader.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using namespace aca::analysis;
using aca::analysis::test::ScratchDir;

namespace {
void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }
}  // namespace

TEST_CASE("participation_map.csv reads back per collective with the largest α flagged estimated",
          "[analysis][map_reader]") {
  const ScratchDir dir("map_alone");
  write(dir / "m.csv", "collective,alpha,next_alpha,estimated\nleft,0,0.1,true\nleft,0.5,0.6,true\nleft,1,0.6,false\n"
                       "right,0,0,true\nright,1,0.9,true\n");
  const auto maps = read_alone_maps(dir / "m.csv");
  REQUIRE(maps.size() == 2);
  REQUIRE(maps[0].collective == "left");
  REQUIRE(maps[0].map.x == std::vector<double>{0, 0.5, 1});
  REQUIRE(maps[0].map.y == std::vector<double>{0.1, 0.6, 0.6});
  REQUIRE(maps[0].estimated_up_to == 0.5);
  REQUIRE(maps[1].estimated_up_to == 1.0);
}

TEST_CASE("participation_map_joint.csv reads an empty basin as none and refuses one that is not a row index, naming "
          "the line", "[analysis][map_reader]") {
  const ScratchDir dir("map_joint");
  write(dir / "j.csv", "alpha_1,alpha_2,next_alpha_1,next_alpha_2,basin\n0,0,0.3,0,2\n0.5,0.5,0.5,0.5,\n");
  const auto grid = read_joint_map(dir / "j.csv");
  REQUIRE(grid.size() == 2);
  REQUIRE(grid[0].next_1 == 0.3);
  REQUIRE(grid[0].basin == 2);
  REQUIRE(grid[1].basin == -1);
  write(dir / "bad.csv", "alpha_1,alpha_2,next_alpha_1,next_alpha_2,basin\n0,0,0.3,0,1.5\n");
  REQUIRE_THROWS_WITH(read_joint_map(dir / "bad.csv"), Catch::Contains("bad.csv:2:5") && Catch::Contains("row index"));
  write(dir / "eq.csv", "alpha_1,alpha_2,stability,eigen_modulus_1,eigen_modulus_2,complex\n0.1,0.9,stable,0,0,false\n"
                        "0.5,0.4,saddle,3,0.1,false\n");
  const auto eq = read_joint_equilibria(dir / "eq.csv");
  REQUIRE(eq.size() == 2);
  REQUIRE(eq[1].stability == "saddle");
  REQUIRE(eq[1].alpha_2 == 0.4);
}

TEST_CASE("a fork's changed settings are the resolved keys whose values differ, sub-tables of an array of tables "
          "by element, numbers as written", "[analysis][fork]") {
  const std::string base = "[decision]\ntemperature = 0.050000000000000003\nrule = \"logit\"\n\n[simulation]\n"
                           "name = \"base\"\n\n[[collective]]\nname = \"a\"\n    [collective.signal]\n"
                           "    features = [0, 1]\n\n[[collective]]\nname = \"b\"\n    [collective.signal]\n"
                           "    features = [1, 2]\n";
  std::string fork = base;
  fork.replace(fork.find("0.050000000000000003"), 20, "0.29999999999999999");
  fork.replace(fork.find("\"base\""), 6, "\"fork\"");
  REQUIRE(changed_settings(base, fork) == std::vector<std::pair<std::string, std::string>>{{"decision.temperature", "0.3"}});
  std::string other = base;
  other.replace(other.rfind("[1, 2]"), 6, "[1, 3]");
  REQUIRE(changed_settings(base, other) ==
          std::vector<std::pair<std::string, std::string>>{{"collective.1.signal.features", "[1, 3]"}});
}

TEST_CASE("a run folder's lineage comes from manifest.json's parent, and a run without one is no fork",
          "[analysis][fork]") {
  const ScratchDir dir("lineage");
  fs::create_directories(dir / "base");
  fs::create_directories(dir / "fork");
  write(dir / "base" / "manifest.json", "{\"status\": \"complete\"}");
  write(dir / "fork" / "manifest.json", "{\"status\": \"complete\", \"parent\": {\"folder\": \"" +
                                            (dir / "base").string() + "\", \"fork_round\": 7}}");
  write(dir / "base" / "scenario.resolved.toml", "[platform]\nepochs = 3\n");
  write(dir / "fork" / "scenario.resolved.toml", "[platform]\nepochs = 5\n");
  REQUIRE_FALSE(read_fork_lineage(dir / "base"));
  const auto l = read_fork_lineage(dir / "fork");
  REQUIRE(l);
  REQUIRE(l->base == dir / "base");
  REQUIRE(l->round == 7);
  REQUIRE(l->changed == std::vector<std::pair<std::string, std::string>>{{"platform.epochs", "5"}});
  write(dir / "fork" / "manifest.json", "{\"parent\": {\"folder\": 3}}");
  REQUIRE_THROWS_AS(read_fork_lineage(dir / "fork"), RunReadError);
}
