// Run-folder JSON files: syntax errors are reported at the line and column an editor shows, numbers that are not
// finite are written as null and read back as NaN, and files are written whole.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>

#include "run_folder/json_file.hpp"
#include "run_folder/run_status.hpp"

namespace fs = std::filesystem;
using namespace aca::run_folder;

namespace {

std::string error_of(const std::string& text) {
  try {
    parse_json(text, "m.json");
  } catch (const FolderError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("a JSON syntax error is reported with the file, line and column", "[run_folder]") {
  CHECK_THAT(error_of("{\n  \"a\": 1,\n  \"b\": tru\n}"), Catch::StartsWith("m.json:3:11: not valid JSON (syntax error"));
  CHECK_THAT(error_of("{\"a\": 1} x"), Catch::StartsWith("m.json:1:10: not valid JSON"));
  CHECK_THAT(error_of("{\"a\": \"x}"), Catch::StartsWith("m.json:1:"));
  CHECK(parse_json("{\"a\": \"\\u00e9\"}", "m.json").at("a") == "\xc3\xa9");
}

TEST_CASE("numbers that are not finite are written as null and read back as NaN", "[run_folder]") {
  Json j;
  j["x"] = number_or_null(std::numeric_limits<double>::infinity());
  j["y"] = number_or_null(0.5);
  const Json back = parse_json(j.dump(), "t");
  CHECK(back.at("x").is_null());
  CHECK(std::isnan(number_or_nan(back, "x", "t")));
  CHECK(std::isnan(number_or_nan(back, "absent", "t")));
  CHECK(number_or_nan(back, "y", "t") == 0.5);
  CHECK_FALSE(integer_or_none(back, "x", "t"));
  CHECK_THROWS_AS(integer_or_none(back, "y", "t"), FolderError);
}

TEST_CASE("a run is complete only when its manifest says so, and a cut-off manifest is not complete",
          "[run_folder]") {
  const fs::path dir = fs::temp_directory_path() / "acasim_run_status";
  fs::remove_all(dir);
  fs::create_directories(dir);
  CHECK(run_status(dir).empty());
  std::ofstream(dir / "manifest.json") << "{\"mode\": \"learned\", \"status\": \"stopped\"}";
  CHECK(run_status(dir) == "stopped");
  CHECK_FALSE(run_complete(dir));
  // Only the top-level member counts, not the same words inside another member's value.
  std::ofstream(dir / "manifest.json") << "{\"command\": \"\\\"status\\\": \\\"complete\\\"\", \"status\": \"failed\"}";
  CHECK_FALSE(run_complete(dir));
  std::ofstream(dir / "manifest.json") << "{\"status\": \"complete\"";  // cut off by a killed process
  CHECK_FALSE(run_complete(dir));
  write_json_file(dir / "manifest.json", Json{{"status", "complete"}});
  CHECK(run_complete(dir));
}
