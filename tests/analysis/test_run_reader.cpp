#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "analysis/run_reader.hpp"
#include "util/atomic_file.hpp"
#include "util/csv_writer.hpp"
#include "util/json_writer.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using namespace aca::analysis;
using aca::analysis::test::ScratchDir;

namespace {

RunMetrics parse(const std::string& text) {
  std::istringstream in(text);
  return parse_metrics_csv(in, "metrics.csv");
}

std::string error_of(const std::string& text) {
  try {
    parse(text);
  } catch (const RunReadError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("metrics written like the recorder's read back as series per collective and metric",
          "[analysis][run_reader]") {
  const ScratchDir dir("reader");
  // The recorder's exact writer and number format (sim::Recorder uses util::CsvWriter and format_number).
  aca::util::CsvWriter csv(dir / "metrics.csv", {"round", "collective", "metric", "value", "source"});
  for (long r = 0; r < 3; ++r) {
    csv.row({std::to_string(r), "c1", "alpha", aca::util::format_number(0.1 * r), "response_curve"});
    csv.row({std::to_string(r), "team, two", "alpha", aca::util::format_number(1.0 / 3.0), "response_curve"});
    csv.row({std::to_string(r), "", "clean_accuracy", aca::util::format_number(r ? 0.9 : NAN), "learned"});
  }
  csv.commit();
  const auto run = read_run(dir.path());
  REQUIRE_FALSE(run.manifest.has_value());
  const auto& m = run.metrics;
  REQUIRE(m.series.size() == 3);
  REQUIRE(m.collectives() == std::vector<std::string>{"c1", "team, two", ""});
  const auto& a = m.at("c1", "alpha");
  REQUIRE(a.rounds == std::vector<long>{0, 1, 2});
  REQUIRE(a.values[2] == 0.1 * 2);  // exact: format_number round-trips
  REQUIRE(a.sources == std::vector<std::string>{"response_curve"});
  REQUIRE(m.at("team, two", "alpha").values[1] == 1.0 / 3.0);
  REQUIRE(std::isnan(m.at("", "clean_accuracy").values[0]));
  REQUIRE(m.find("c1", "success") == nullptr);
  REQUIRE_THROWS_AS(m.at("c1", "success"), std::out_of_range);
}

TEST_CASE("platform rows read back as the platform-wide series whether named platform or, as before, empty",
          "[analysis][run_reader]") {
  // A run resumed from an older checkpoint has both spellings in one file: they are one series.
  std::istringstream in("round,collective,metric,value,source\n0,,epsilon,1.5,learned\n0,c,alpha,0.1,learned\n"
                        "1,platform,epsilon,2.5,learned\n");
  const RunMetrics m = parse_metrics_csv(in, "metrics.csv");
  REQUIRE(m.series.size() == 2);
  REQUIRE(m.collectives() == std::vector<std::string>{"", "c"});
  REQUIRE(m.at("", "epsilon").values == std::vector<double>{1.5, 2.5});
  REQUIRE(m.find("platform", "epsilon") == nullptr);
}

TEST_CASE("metrics columns are found by name in any order and mixed sources are all listed",
          "[analysis][run_reader]") {
  const auto m = parse("value,metric,round,source,collective\n0.5,alpha,1,learned,a\r\n0.6,alpha,2,theory,a\n\n");
  REQUIRE(m.at("a", "alpha").values == std::vector<double>{0.5, 0.6});
  REQUIRE(m.at("a", "alpha").sources == std::vector<std::string>{"learned", "theory"});
}

TEST_CASE("malformed metrics files are rejected with their line and column", "[analysis][run_reader]") {
  const std::string head = "round,collective,metric,value,source\n";
  REQUIRE(error_of("") == "metrics.csv:0:0: empty file (no header row)");
  REQUIRE(error_of("round,collective,metric,source\n") == "metrics.csv:1:0: missing column 'value' in the header");
  REQUIRE(error_of(head + "0,a,alpha,0.1,x\n1,a,alpha,abc,x\n") ==
          "metrics.csv:3:4: value 'abc' is not a number");
  REQUIRE(error_of(head + "1.5,a,alpha,0.1,x\n") == "metrics.csv:2:1: round '1.5' is not an integer");
  REQUIRE(error_of(head + "1,a,alpha,0.1\n") == "metrics.csv:2:0: row has 4 fields, header has 5");
  REQUIRE(error_of(head + "1,\"a,alpha,0.1,x\n") == "metrics.csv:2:2: unterminated quoted field");
  REQUIRE(error_of(head + "1,a,,0.1,x\n") == "metrics.csv:2:3: empty metric name");
  REQUIRE_THROWS_AS(read_metrics_csv("/nonexistent/metrics.csv"), RunReadError);
}

TEST_CASE("manifest fields written by the JSON writer read back, nested objects kept raw",
          "[analysis][run_reader]") {
  const ScratchDir dir("manifest");
  aca::util::JsonObject libs;
  libs.add("boost", "1.83.0");
  aca::util::JsonObject o;
  o.add("status", "complete")
      .add("mode", "response_curve")
      .add("seed", static_cast<std::int64_t>(9007199254740993))  // 2^53 + 1: not exact as a double
      .add("scenario_file", "scenarios/q \"uick\".toml\n")
      .add("wall_time_s", 1.25)
      .add("ok", true)
      .add("eps", NAN)
      .add("libraries", libs);
  aca::util::write_file_atomic(dir / "manifest.json", o.str() + "\n");
  const Manifest m = read_manifest(dir / "manifest.json");
  REQUIRE(m.status() == "complete");
  REQUIRE(m.mode() == "response_curve");
  REQUIRE(m.integer("seed") == std::optional<std::int64_t>(9007199254740993));
  REQUIRE(m.string_or("scenario_file") == "scenarios/q \"uick\".toml\n");
  REQUIRE(m.number("wall_time_s") == std::optional<double>(1.25));
  REQUIRE_FALSE(m.number("eps").has_value());  // written as null
  REQUIRE(m.doc.at("ok").is_boolean());
  REQUIRE(m.doc.at("libraries").at("boost") == "1.83.0");
  // A report lists the scalar members in file order, strings unquoted; nested objects are left out.
  const auto scalars = m.scalar_fields();
  REQUIRE(scalars.size() == 7);
  REQUIRE(scalars[0] == std::pair<std::string, std::string>{"status", "complete"});
  REQUIRE(scalars[4] == std::pair<std::string, std::string>{"wall_time_s", "1.25"});
  REQUIRE(scalars[6] == std::pair<std::string, std::string>{"eps", "null"});
  REQUIRE(m.string_or("absent", "fallback") == "fallback");
  REQUIRE_FALSE(m.integer("wall_time_s").has_value());
}

TEST_CASE("align_metric puts every collective on the union of rounds with NaN where one is missing",
          "[analysis][run_reader]") {
  const auto m = parse(
      "round,collective,metric,value,source\n"
      "0,a,alpha,0.1,x\n0,b,alpha,0.2,x\n1,a,alpha,0.3,x\n2,b,alpha,0.4,x\n0,,clean_accuracy,0.9,x\n");
  const auto t = align_metric(m, "alpha");
  REQUIRE(t.rounds == std::vector<long>{0, 1, 2});
  REQUIRE(t.collectives == std::vector<std::string>{"a", "b"});
  REQUIRE(t.values[0][1] == 0.3);
  REQUIRE(std::isnan(t.values[0][2]));
  REQUIRE(std::isnan(t.values[1][1]));
  REQUIRE(t.values[1][2] == 0.4);
  REQUIRE(align_metric(m, "clean_accuracy").collectives == std::vector<std::string>{""});
  REQUIRE(align_metric(m, "absent").collectives.empty());
  const auto dup = parse("round,collective,metric,value,source\n0,a,alpha,0.1,x\n0,a,alpha,0.2,x\n");
  REQUIRE_THROWS_AS(align_metric(dup, "alpha"), std::invalid_argument);
}

TEST_CASE("a run folder whose manifest says the run is not complete is refused, naming the folder and its status",
          "[analysis][run_reader]") {
  const ScratchDir dir("reader_unfinished");
  aca::util::write_file_atomic(dir / "metrics.csv", "round,collective,metric,value,source\n0,c,alpha,0.1,learned\n");
  aca::util::write_file_atomic(dir / "manifest.json", "{\"status\": \"stopped\"}\n");
  REQUIRE_THROWS_WITH(read_run(dir.path()), Catch::Contains(dir.path().string() + " holds a run that is not complete "
                                                                                 "(status \"stopped\")"));
  aca::util::write_file_atomic(dir / "manifest.json", "{\"status\": \"complete\"}\n");
  REQUIRE(read_run(dir.path()).manifest->status() == "complete");
}
