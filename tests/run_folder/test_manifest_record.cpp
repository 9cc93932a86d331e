// manifest.json and sweep.json as typed records: versioned, members in a fixed order, and a sweep record that
// reads back what was written.
#include <catch2/catch.hpp>

#include <filesystem>

#include "run_folder/manifest_record.hpp"

namespace fs = std::filesystem;
using namespace aca::run_folder;

TEST_CASE("a manifest is versioned, keeps its member order and writes a seed above 2^53 exactly", "[run_folder]") {
  ManifestRecord m;
  m.status = "complete";
  m.seed = 9007199254740993ULL;  // 2^53 + 1: not exact as a double
  m.libraries = Json{{"boost", "1.74.0"}};
  m.runtime = Json{{"blas", "openblas"}};
  const Json j = to_json(m);
  CHECK(j.begin().key() == "format_version");
  CHECK(j.at("format_version") == manifest_format_version);
  CHECK_FALSE(j.contains("curve_sources"));  // only response-curve runs have them
  CHECK_FALSE(j.contains("joint_trainings"));  // only runs on a joint surface trained on demand have them
  m.joint_trainings = Json{{"trained", 364}, {"full_grid", 432}};
  CHECK(to_json(m).at("joint_trainings").at("full_grid") == 432);
  const Json back = parse_json(j.dump(), "manifest.json");
  CHECK(back.at("seed").get<std::uint64_t>() == 9007199254740993ULL);
  CHECK(back.at("libraries").at("boost") == "1.74.0");
  CHECK(back.at("status") == "complete");
}

TEST_CASE("a sweep record written and read back is the same record", "[run_folder]") {
  const fs::path dir = fs::temp_directory_path() / "acasim_sweep_record";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const SweepRecord s{"scenarios/dp_regulation.toml", "grid", 12, {"platform.privacy.target_epsilon"},
                      {"simulation.rounds=10", "population.size=\"x,y\""}};
  write_sweep_record(dir, s);
  const SweepRecord r = read_sweep_record(dir);
  CHECK(r.scenario_file == s.scenario_file);
  CHECK(r.design == "grid");
  CHECK(r.points == 12);
  CHECK(r.axes == s.axes);
  CHECK(r.set == s.set);
  CHECK_THROWS_AS(sweep_from_json(Json{{"design", "grid"}}, "sweep.json"), FolderError);
}
