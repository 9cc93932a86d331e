// summary.json as a typed record: per-collective values keyed by name, null for what is unknown, a format version
// that refuses files of another format, and a write/read round trip that loses nothing.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>

#include "run_folder/summary_record.hpp"

namespace fs = std::filesystem;
using namespace aca::run_folder;

namespace {

const double nan = std::numeric_limits<double>::quiet_NaN();

SummaryRecord two_collectives() {
  SummaryRecord s;
  s.mode = "response_curve";
  s.success_model = "joint";
  s.rounds = 30;
  s.target_success = 0.9;
  s.converged_round = 12;
  s.period = 0;
  s.collectives = {"left", "right"};
  s.outcomes = {{0.25, 0.8, 0.05, 0.04, 0.07, 3, 2, std::nullopt}, {0.0, 0.1, nan, nan, nan, {}, {}, {}}};
  s.privacy = PrivacyOutcome{2.0, 1e-5, 1.1, 1.0, 0.004, 1500, "prv", false};
  s.joint_equilibria = std::vector<JointEquilibriumOutcome>{{{0.49, 0.0}, "stable"}, {{0.1, 0.2}, "saddle"}};
  s.constructiveness = ConstructivenessOutcome{"joint response curve", {0.9, 0.5}, {{nan, 0.3}, {0.4, nan}},
                                               {{nan, -0.6}, {-0.1, nan}}, {{nan, -0.6 / 0.9}, {-0.2, nan}}};
  return s;
}

fs::path scratch(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / name;
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

}  // namespace

TEST_CASE("summary.json keys every per-collective value by collective name and writes unknowns as null",
          "[run_folder]") {
  const Json j = to_json(two_collectives());
  CHECK(j.at("format_version") == summary_format_version);
  CHECK(j.at("collectives").at("left").at("critical_mass") == 0.05);
  CHECK(j.at("collectives").at("left").at("critical_crossing_round_upper").is_null());
  CHECK(j.at("collectives").at("right").at("critical_mass").is_null());
  CHECK(j.at("converged_round") == 12);
  CHECK(j.at("joint_equilibria").at(0).at("alpha").at("left") == 0.49);
  CHECK(j.at("constructiveness").at("raw").at("left").at("right") == -0.6);
  CHECK_FALSE(j.at("constructiveness").at("raw").at("left").contains("left"));  // no diagonal
  // Collectives keep the engine's order, not alphabetical order.
  SummaryRecord s = two_collectives();
  s.collectives = {"zeta", "alpha"};
  const Json k = to_json(s);
  CHECK(k.at("collectives").begin().key() == "zeta");
}

TEST_CASE("a summary written and read back equals the record it was written from", "[run_folder]") {
  const fs::path dir = scratch("acasim_summary_round_trip");
  const SummaryRecord s = two_collectives();
  write_summary(dir, s);
  const SummaryRecord r = read_summary(dir);
  CHECK(r.mode == s.mode);
  CHECK(r.rounds == 30);
  CHECK(r.converged_round == std::optional<long>(12));
  REQUIRE(r.collectives == s.collectives);
  CHECK(r.outcomes[0].final_alpha == 0.25);
  CHECK(r.outcomes[0].crossing_round == std::optional<long>(3));
  CHECK_FALSE(r.outcomes[0].crossing_round_upper);
  CHECK(std::isnan(r.outcomes[1].critical_mass));
  REQUIRE(r.privacy);
  CHECK(r.privacy->steps == 1500);
  CHECK(r.privacy->accountant == "prv");
  CHECK_FALSE(r.privacy->epsilon_holds);
  REQUIRE(r.joint_equilibria);
  CHECK(r.joint_equilibria->at(1).alpha == std::vector<double>{0.1, 0.2});
  CHECK(r.joint_equilibria->at(1).stability == "saddle");
  REQUIRE(r.constructiveness);
  CHECK(r.constructiveness->raw[1][0] == -0.1);
  CHECK(std::isnan(r.constructiveness->raw[0][0]));
  CHECK(r.constructiveness->relative[0][1] == -0.6 / 0.9);  // doubles round-trip exactly
}

TEST_CASE("a summary of another format version is refused with the version and what to do", "[run_folder]") {
  const fs::path dir = scratch("acasim_summary_old");
  std::ofstream(dir / "summary.json") << R"({"mode": "learned", "collectives": ["c"], "critical_mass": [null]})";
  try {
    read_summary(dir);
    FAIL("an old summary.json was accepted");
  } catch (const FolderError& e) {
    CHECK_THAT(e.what(), Catch::Contains("summary format 1 (no format_version), this acasim reads format 2"));
    CHECK_THAT(e.what(), Catch::Contains("rerun"));
  }
}

TEST_CASE("a summary member of the wrong type names the file and the member", "[run_folder]") {
  Json j = to_json(two_collectives());
  j["collectives"]["left"]["final_alpha"] = "high";
  try {
    summary_from_json(j, "x/summary.json");
    FAIL("a string α was accepted");
  } catch (const FolderError& e) {
    CHECK(std::string(e.what()) == "x/summary.json (collective left): `final_alpha` is not a number");
  }
}

TEST_CASE("summary.json's warnings are written as code and message, read back, and read as none when absent",
          "[run_folder][warnings]") {
  SummaryRecord s = two_collectives();
  s.warnings = {{"equilibria_beyond_grid", "collective `left`: the participation map points beyond the α grid"}};
  const Json j = to_json(s);
  REQUIRE(j.at("warnings").size() == 1);
  CHECK(j.at("warnings").at(0).at("code") == "equilibria_beyond_grid");
  const SummaryRecord r = summary_from_json(j, "summary.json");
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0].message == s.warnings[0].message);
  CHECK(to_json(two_collectives()).at("warnings").empty());  // always written, empty when there is nothing
  Json old = to_json(two_collectives());
  old.erase("warnings");  // a format 2 file written before warnings existed
  CHECK(summary_from_json(old, "summary.json").warnings.empty());
  old["warnings"] = "none";
  CHECK_THROWS_WITH(summary_from_json(old, "summary.json"), Catch::Contains("`warnings` is not a list"));
}

TEST_CASE("three collectives: joint equilibria keep one share per collective and success with all present is "
          "written by name and read back, and a summary without it reads as none",
          "[run_folder]") {
  const fs::path dir = scratch("acasim_summary_three");
  const double na = std::numeric_limits<double>::quiet_NaN();  // (`nan` alone is ambiguous with ::nan here)
  SummaryRecord s = two_collectives();
  s.collectives = {"left", "right", "third"};
  s.outcomes.push_back(s.outcomes[0]);
  s.joint_equilibria = std::vector<JointEquilibriumOutcome>{{{0.49, 0.0, 0.485}, "stable"}};
  s.constructiveness = ConstructivenessOutcome{"joint response surface", {1.0, 0.05, 0.99},
                                               {{na, 1.0, 1.0}, {0.0, na, 0.06}, {1.0, 1.0, na}},
                                               {{na, 0.0, 0.0}, {-0.05, na, 0.01}, {0.01, 0.01, na}},
                                               {{na, 0.0, 0.0}, {-1.0, na, 0.2}, {0.01, 0.01, na}},
                                               {1.0, 0.006, 0.999}};
  const Json j = to_json(s);
  CHECK(j.at("joint_equilibria").at(0).at("alpha").at("third") == 0.485);
  CHECK(j.at("constructiveness").at("success_all_present").at("right") == 0.006);
  write_summary(dir, s);
  const SummaryRecord r = read_summary(dir);
  REQUIRE(r.joint_equilibria);
  CHECK(r.joint_equilibria->at(0).alpha == std::vector<double>{0.49, 0.0, 0.485});
  REQUIRE(r.constructiveness);
  CHECK(r.constructiveness->success_all_present == std::vector<double>{1.0, 0.006, 0.999});

  CHECK_FALSE(to_json(two_collectives()).at("constructiveness").contains("success_all_present"));
  write_summary(dir, two_collectives());
  CHECK(read_summary(dir).constructiveness->success_all_present.empty());
}
