#include <catch2/catch.hpp>

#include "support/python.hpp"
#include "support/slurp.hpp"

#include <filesystem>
#include <string>

#include <unistd.h>

#include "run_process.hpp"

namespace fs = std::filesystem;

namespace {

// Tidy tables as the sweep writes them (panel.csv, points.csv) and acasim analyze (analysis/critical_mass.csv).
const fs::path tables_fixture = fs::path(ACASIM_FIXTURES) / "tables" / "sweep";

fs::path fresh_dir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("acasim_cli_export_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

// Every .dta holds its CSV: the same column names (all legal here), numbers bit-equal (inf read as NaN by default and
// as Stata's .i with convert_missing), text equal (empty as ""), whole-number columns int32 when complete.
const char* compare_script = R"(
import sys, math
import pandas as pd
for name in sys.argv[1:]:
    csv = pd.read_csv(name + ".csv", float_precision="round_trip")  # the default parser may miss the last digit
    dta = pd.read_stata(name + ".dta")
    raw = pd.read_stata(name + ".dta", convert_missing=True)
    assert list(csv.columns) == list(dta.columns), (name, list(dta.columns))
    for c in csv.columns:
        if csv[c].dtype == object:
            assert csv[c].fillna("").tolist() == dta[c].tolist(), (name, c)
            continue
        for x, y, z in zip(csv[c], dta[c], raw[c]):
            if math.isinf(x):
                assert math.isnan(y) and z.string == (".i" if x > 0 else ".n"), (name, c, x, z)
            elif math.isnan(x):
                assert math.isnan(y), (name, c, x, y)
            else:
                assert x == y, (name, c, x, y)
        if csv[c].dtype == "int64":
            assert str(dta[c].dtype) == "int32", (name, c, dta[c].dtype)
    print("same", name, len(dta), "rows", len(dta.columns), "columns")
)";

}  // namespace

// Fixture tables pin exact shapes; the real-sweep test below checks what `acasim sweep` writes.
TEST_CASE("acasim export writes panel.dta, points.dta and analysis .dta files that pandas reads as the CSVs (fixture "
          "tables)",
          "[cli][export]") {
  const fs::path dir = fresh_dir("fixture");
  fs::copy(tables_fixture, dir, fs::copy_options::recursive);
  const auto r = run_acasim("export " + dir.string() + " --format dta");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  REQUIRE(r.output.find("acasim export: 3 table(s) as Stata .dta") != std::string::npos);
  REQUIRE(r.output.find("wrote " + (dir / "panel.dta").string() + " (8 rows, 15 variables)") != std::string::npos);
  REQUIRE(r.output.find("wrote " + (dir / "points.dta").string() + " (2 rows, 11 variables)") != std::string::npos);
  REQUIRE(r.output.find("wrote " + (dir / "analysis" / "critical_mass.dta").string() + " (2 rows, 8 variables)") !=
          std::string::npos);
  if (!pandas_available()) {
    WARN("skipping the read-back: /usr/bin/python3 cannot import pandas (scripts/install-deps.sh --tests)");
    return;
  }
  const auto c = run_python(dir, "compare.py", compare_script, "panel points analysis/critical_mass");
  INFO(c.output);
  REQUIRE(c.exit_code == 0);
  REQUIRE(c.output.find("same panel 8 rows 15 columns") != std::string::npos);
  REQUIRE(c.output.find("same points 2 rows 11 columns") != std::string::npos);
  REQUIRE(c.output.find("same analysis/critical_mass 2 rows 8 columns") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("acasim export of a real small sweep writes panel.dta and points.dta that pandas reads as the CSVs, the "
          "swept key labelled from the schema",
          "[cli][export]") {
  const fs::path dir = fresh_dir("sweep");
  const auto sweep = run_acasim("sweep " + std::string(ACASIM_FIXTURES) + "/scenarios/sweep_small.toml --out " +
                                dir.string() + " --jobs 1 --quiet");
  INFO(sweep.output);
  REQUIRE(sweep.exit_code == 0);
  REQUIRE(fs::exists(dir / "panel.csv"));
  REQUIRE(fs::exists(dir / "points.csv"));
  const auto r = run_acasim("export " + dir.string());
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  REQUIRE(r.output.find("wrote " + (dir / "panel.dta").string()) != std::string::npos);
  REQUIRE(r.output.find("wrote " + (dir / "points.dta").string()) != std::string::npos);
  if (!pandas_available()) {
    WARN("skipping the read-back: /usr/bin/python3 cannot import pandas (scripts/install-deps.sh --tests)");
    return;
  }
  const auto c = run_python(dir, "compare.py", std::string(compare_script) + R"(
labels = pd.io.stata.StataReader("panel.dta").variable_labels()
print("label decision_rule", labels["decision_rule"][:13])
for t in ("panel", "points"):
    with pd.io.stata.StataReader(t + ".dta") as reader:
        missing = [c for c, l in reader.variable_labels().items() if not l]
    print("unlabelled", t, missing)
)", "panel points");
  INFO(c.output);
  REQUIRE(c.exit_code == 0);
  REQUIRE(c.output.find("same panel ") != std::string::npos);
  REQUIRE(c.output.find("same points ") != std::string::npos);
  REQUIRE(c.output.find("label decision_rule best_response") != std::string::npos);
  REQUIRE(c.output.find("unlabelled panel []") != std::string::npos);
  REQUIRE(c.output.find("unlabelled points []") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("a .dta never outlives a rewrite of its CSV: a resumed sweep and acasim analyze remove the Stata copy of "
          "each table they rewrite, and keep the others",
          "[cli][export]") {
  const fs::path dir = fresh_dir("stale");
  const std::string sweep_cmd =
      "sweep " + std::string(ACASIM_FIXTURES) + "/scenarios/sweep_small.toml --out " + dir.string() + " --jobs 1 --quiet";
  REQUIRE(run_acasim(sweep_cmd).exit_code == 0);
  const auto analyze = run_acasim("analyze " + dir.string() + " --resamples 100");
  INFO(analyze.output);
  REQUIRE(analyze.exit_code == 0);
  REQUIRE(fs::exists(dir / "analysis" / "runs.csv"));
  const auto exported = run_acasim("export " + dir.string());
  INFO(exported.output);
  REQUIRE(exported.exit_code == 0);
  for (const char* f : {"panel.dta", "points.dta", "analysis/runs.dta"}) REQUIRE(fs::exists(dir / f));
  // analyze rewrites analysis/*.csv only (panel.csv and points.csv exist): their copies stay, runs.dta goes.
  REQUIRE(run_acasim("analyze " + dir.string() + " --resamples 100").exit_code == 0);
  REQUIRE_FALSE(fs::exists(dir / "analysis" / "runs.dta"));
  REQUIRE(fs::exists(dir / "analysis" / "runs.csv"));
  REQUIRE(fs::exists(dir / "panel.dta"));
  REQUIRE(fs::exists(dir / "points.dta"));
  // The resumed sweep (every point complete) writes points.csv and panel.csv again: their copies go.
  const auto resumed = run_acasim(sweep_cmd);
  INFO(resumed.output);
  REQUIRE(resumed.exit_code == 0);
  REQUIRE(fs::exists(dir / "panel.csv"));
  REQUIRE_FALSE(fs::exists(dir / "panel.dta"));
  REQUIRE_FALSE(fs::exists(dir / "points.dta"));
  fs::remove_all(dir);
}

TEST_CASE("acasim export refuses a folder without panel.csv and points.csv, naming them and the commands that "
          "write them",
          "[cli][export]") {
  const fs::path dir = fresh_dir("empty");
  const auto r = run_acasim("export " + dir.string());
  INFO(r.output);
  REQUIRE(r.exit_code == 1);
  REQUIRE(r.output.find("no panel.csv, points.csv") != std::string::npos);
  REQUIRE(r.output.find("acasim sweep SCENARIO --out " + dir.string()) != std::string::npos);
  REQUIRE(r.output.find("acasim analyze") != std::string::npos);
  REQUIRE_FALSE(fs::exists(dir / "panel.dta"));
  fs::remove_all(dir);
}

TEST_CASE("acasim export refuses --format csv and a missing folder with exit 2, and --help says what it writes",
          "[cli][export]") {
  const auto csv = run_acasim("export " + tables_fixture.string() + " --format csv");
  REQUIRE(csv.exit_code == 2);
  REQUIRE(csv.output.find("already CSV") != std::string::npos);
  const auto missing = run_acasim("export /nonexistent/acasim-export");
  REQUIRE(missing.exit_code == 2);
  REQUIRE(missing.output.find("no such folder") != std::string::npos);
  const auto help = run_acasim("export --help");
  REQUIRE(help.exit_code == 0);
  REQUIRE(help.output.find("panel.dta") != std::string::npos);
  REQUIRE(help.output.find("points.dta") != std::string::npos);
  REQUIRE(help.output.find("analysis/NAME.dta") != std::string::npos);
}
