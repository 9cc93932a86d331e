#include <catch2/catch.hpp>

#include "support/slurp.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "run_process.hpp"

namespace fs = std::filesystem;

namespace {
const std::string fixtures = std::string(ACASIM_FIXTURES) + "/scenarios/";
const std::string scenarios = std::string(ACASIM_SOURCE_DIR) + "/scenarios/";

fs::path fresh_dir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("acasim_cli_" + name);
  fs::remove_all(d);
  return d;
}
}  // namespace

TEST_CASE("acasim validate accepts every shipped scenario", "[cli]") {
  for (const auto& e : fs::recursive_directory_iterator(scenarios)) {
    if (e.path().extension() != ".toml") continue;
    INFO(e.path());
    const auto r = run_acasim("validate " + e.path().string());
    REQUIRE(r.exit_code == 0);
  }
}

TEST_CASE("each bad-input fixture exits 2 with file:line:col, key path and hint", "[cli]") {
  struct Case {
    const char* file;
    const char* expect;
  };
  const Case cases[] = {
      {"bad_unknown_key.toml", "bad_unknown_key.toml:3:1: error: unknown key `population.szie` — did you mean "
                               "`population.size`?"},
      {"bad_wrong_type.toml", "bad_wrong_type.toml:2:8: error: `population.size` must be an integer"},
      {"bad_out_of_range.toml", "bad_out_of_range.toml:2:18: error: `analysis.target_success` = 1.5 is out of "
                                "range: allowed 0 ≤ value ≤ 1"},
      {"bad_malformed.toml", "bad_malformed.toml:3:"},
      {"no_such_file.toml", "no_such_file.toml: error: cannot read scenario file"},
  };
  for (const auto& c : cases) {
    INFO(c.file);
    const auto r = run_acasim("validate " + fixtures + c.file);
    REQUIRE(r.exit_code == 2);
    REQUIRE_THAT(r.output, Catch::Contains(c.expect));
  }
}

TEST_CASE("acasim validate runs the plan stage: an error found when the world is built exits 2", "[cli]") {
  // The scenario parses, but its data has labels 0..1, so "label:7" beneficiaries fail when the world is built,
  // which validate does as run does; the error names the --set that wrote the value.
  const auto r = run_acasim("validate " + scenarios + "free_riding.toml --set 'population.beneficiaries=[\"label:7\"]'");
  REQUIRE(r.exit_code == 2);
  REQUIRE_THAT(r.output, Catch::Contains("--set population.beneficiaries=[\"label:7\"]: error: `population.beneficiaries`: "
                                         "\"label:7\" is not a label"));
}

TEST_CASE("usage errors exit 2 and --help exits 0 for every subcommand", "[cli]") {
  REQUIRE(run_acasim("").exit_code == 2);
  REQUIRE(run_acasim("frobnicate").exit_code == 2);
  REQUIRE(run_acasim("run").exit_code == 2);
  REQUIRE(run_acasim("run --bogus-option x.toml").exit_code == 2);
  for (const char* sub : {"run", "validate", "info", "schema", "sweep", "privacy"}) {
    INFO(sub);
    const auto r = run_acasim(std::string(sub) + " --help");
    REQUIRE(r.exit_code == 0);
    REQUIRE_THAT(r.output, Catch::Contains("usage: acasim"));
  }
  const auto run_help = run_acasim("run --help");
  for (const char* opt : {"--out", "--seed", "--set", "--quiet"}) REQUIRE_THAT(run_help.output, Catch::Contains(opt));
}

TEST_CASE("quickstart runs end to end and writes manifest, resolved scenario and tidy CSV", "[cli]") {
  const fs::path out = fresh_dir("quickstart");
  const auto r = run_acasim("run " + scenarios + "quickstart.toml --quiet --out " + out.string());
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  REQUIRE_THAT(r.output, Catch::Contains("final participation"));
  REQUIRE(fs::exists(out / "manifest.json"));
  REQUIRE(fs::exists(out / "scenario.resolved.toml"));
  const std::string csv = slurp(out / "metrics.csv");
  REQUIRE(csv.rfind("round,collective,metric,value,source\n", 0) == 0);
  REQUIRE_THAT(csv, Catch::Contains(",alpha,") && Catch::Contains(",success,"));
  const std::string manifest = slurp(out / "manifest.json");
  for (const char* k : {"\"acasim_version\"", "\"git_commit\"", "\"scenario_hash\"", "\"seed\"", "\"device\"",
                        "\"libraries\"", "\"start_time\"", "\"end_time\"", "\"wall_time_s\"", "\"status\": \"complete\""})
    REQUIRE_THAT(manifest, Catch::Contains(k));
  for (const auto& e : fs::directory_iterator(out)) REQUIRE(e.path().extension() != ".partial");
}

TEST_CASE("same scenario and seed give byte-identical CSVs and another seed differs", "[cli][reproducibility]") {
  const fs::path a = fresh_dir("repro_a"), b = fresh_dir("repro_b"), c = fresh_dir("repro_c");
  REQUIRE(run_acasim("run " + scenarios + "quickstart.toml -q --out " + a.string()).exit_code == 0);
  REQUIRE(run_acasim("run " + scenarios + "quickstart.toml -q --out " + b.string()).exit_code == 0);
  REQUIRE(run_acasim("run " + scenarios + "quickstart.toml -q --seed 99 --out " + c.string()).exit_code == 0);
  REQUIRE(slurp(a / "metrics.csv") == slurp(b / "metrics.csv"));
  REQUIRE(slurp(a / "scenario.resolved.toml") == slurp(b / "scenario.resolved.toml"));
  REQUIRE(slurp(a / "metrics.csv") != slurp(c / "metrics.csv"));
}

TEST_CASE("overrides from --set reach the resolved scenario and a bad --set exits 2 with a hint", "[cli]") {
  const fs::path out = fresh_dir("set");
  const auto r = run_acasim("run " + scenarios + "quickstart.toml -q --set population.size=321 --out " + out.string());
  REQUIRE(r.exit_code == 0);
  REQUIRE_THAT(slurp(out / "scenario.resolved.toml"), Catch::Contains("size = 321"));
  const auto bad = run_acasim("run " + scenarios + "quickstart.toml -q --set population.szie=3 --out " + out.string());
  REQUIRE(bad.exit_code == 2);
  REQUIRE_THAT(bad.output, Catch::Contains("did you mean `population.size`?"));
}

TEST_CASE("acasim --version names the commit the binary was built from, -dirty with uncommitted changes", "[cli]") {
  // The commit is read at every build, so it cannot lag behind the tree as a configure-time value did.
  const std::string git = "git -C " + std::string(ACASIM_SOURCE_DIR) + " ";
  const auto head = run_command(git + "rev-parse --short=12 HEAD");
  const bool dirty = run_command(git + "diff --quiet HEAD --").exit_code == 1;
  // Where git cannot read the tree (no git, or a repository it refuses), the build could not either.
  const std::string expected =
      head.exit_code != 0 ? "unknown" : head.output.substr(0, head.output.find('\n')) + (dirty ? "-dirty" : "");
  const auto r = run_acasim("--version");
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.output, Catch::Contains("(" + expected + ")"));
}

TEST_CASE("acasim info reports versions, BLAS, threads and devices", "[cli]") {
  const auto r = run_acasim("info --json");
  REQUIRE(r.exit_code == 0);
  for (const char* k : {"\"acasim_version\"", "\"libtorch\"", "\"blas\"", "\"torch_intra_op_threads\"",
                        "\"cuda_available\"", "\"eigen\"", "\"boost\""})
    REQUIRE_THAT(r.output, Catch::Contains(k));
  REQUIRE(run_acasim("--version").exit_code == 0);
}
