#include <catch2/catch.hpp>

#include "support/python.hpp"
#include "support/slurp.hpp"

#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

#include <unistd.h>

#include "analysis/csv_table.hpp"
#include "run_folder/summary_record.hpp"
#include "run_process.hpp"

namespace fs = std::filesystem;
using aca::analysis::CsvTable;
using aca::analysis::parse_number;
using aca::analysis::read_csv_table;

namespace {

const std::string alpha_fixture = std::string(ACASIM_FIXTURES) + "/scenarios/sweep_alpha.toml";

fs::path fresh_dir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("acasim_cli_tables_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  return d;
}

// The distinct (round, collective) pairs of a point's metrics.csv: the panel rows it should give.
std::set<std::pair<std::string, std::string>> round_collectives(const fs::path& metrics) {
  const CsvTable m = read_csv_table(metrics);
  std::set<std::pair<std::string, std::string>> out;
  for (const auto& r : m.rows) {
    const std::string c = r[m.column("collective")];
    out.insert({r[m.column("round")], c.empty() ? "platform" : c});
  }
  return out;
}

}  // namespace

TEST_CASE("a two-axis sweep with 2 replicates writes panel.csv with a row per point, replicate, round and "
          "collective and points.csv equal to each point's summary.json and equilibria.csv",
          "[cli][sweep][sweep_tables]") {
  const fs::path out = fresh_dir("full");
  const auto s = run_acasim("sweep " + alpha_fixture + " --jobs 2 --out " + out.string());
  INFO(s.output);
  REQUIRE(s.exit_code == 0);
  const CsvTable design = read_csv_table(out / "design.csv");
  REQUIRE(design.rows.size() == 24);  // 2 ξ × 6 initial_members × 2 replicates

  const CsvTable panel = read_csv_table(out / "panel.csv");
  const std::vector<std::string> lead = {"point", "replicate", "data_categorical_xi",
                                         "population_initial_members_workers", "round", "collective"};
  REQUIRE(std::vector<std::string>(panel.header.begin(), panel.header.begin() + 6) == lead);
  std::size_t expected = 0;
  for (const auto& r : design.rows) expected += round_collectives(out / "points" / r[0] / "metrics.csv").size();
  // Here every one of the 12 rounds records the collective, non-members' flows and platform metrics.
  CHECK(expected == 24 * 12 * 3);
  CHECK(panel.rows.size() == expected);
  std::map<std::string, std::size_t> by_collective;
  for (const auto& r : panel.rows) ++by_collective[r[panel.column("collective")]];
  CHECK(by_collective == std::map<std::string, std::size_t>{{"none", 288}, {"platform", 288}, {"workers", 288}});

  const CsvTable points = read_csv_table(out / "points.csv");
  REQUIRE(points.rows.size() == 24);
  for (std::size_t i = 0; i < points.rows.size(); ++i) {
    const auto& row = points.rows[i];
    const std::string id = row[points.column("point")];
    INFO(id);
    REQUIRE(id == design.rows[i][0]);
    // The list axis "[20]" is split into its one per-collective column.
    CHECK("[" + row[points.column("population_initial_members_workers")] + "]" ==
          design.rows[i][design.column("population.initial_members")]);
    const auto sum = aca::run_folder::read_summary(out / "points" / id);
    CHECK(parse_number(row[points.column("workers_final_alpha")]) == sum.outcomes[0].final_alpha);
    CHECK(parse_number(row[points.column("workers_critical_mass")]) == sum.outcomes[0].critical_mass);
    CHECK(row[points.column("converged_round")] ==
          (sum.converged_round ? std::to_string(*sum.converged_round) : std::string()));
    const CsvTable eq = read_csv_table(out / "points" / id / "equilibria.csv");
    CHECK(row[points.column("workers_equilibria")] == std::to_string(eq.rows.size()));
    for (std::size_t e = 0; e < eq.rows.size(); ++e) {
      const std::string pre = "workers_equilibrium_" + std::to_string(e + 1) + "_";
      CHECK(parse_number(row[points.column(pre + "alpha")]) == parse_number(eq.rows[e][eq.column("alpha")]));
      CHECK(row[points.column(pre + "stability")] == eq.rows[e][eq.column("stability")]);
    }
  }
  // results.csv follows the same conventions: snake_case axis columns, no −1 for "not converged".
  const CsvTable results = read_csv_table(out / "results.csv");
  CHECK(results.has("data_categorical_xi"));
  CHECK(results.has("population_initial_members_workers"));
  for (const auto& r : results.rows) CHECK(r[results.column("converged_round")] != "-1");
  fs::remove_all(out);
}

TEST_CASE("an interrupted sweep has no points.csv or panel.csv, analyze says why, and the resumed sweep writes "
          "them",
          "[cli][sweep][sweep_tables]") {
  const fs::path out = fresh_dir("interrupted");
  ::setenv("ACASIM_TEST_ABORT_AFTER_POINTS", "5", 1);
  const auto killed = run_acasim("sweep " + alpha_fixture + " --jobs 1 --out " + out.string());
  ::unsetenv("ACASIM_TEST_ABORT_AFTER_POINTS");
  REQUIRE(killed.exit_code == 75);
  CHECK(fs::exists(out / "design.csv"));
  CHECK_FALSE(fs::exists(out / "points.csv"));
  CHECK_FALSE(fs::exists(out / "panel.csv"));
  const auto a = run_acasim("analyze " + out.string() + " --resamples 20");
  INFO(a.output);
  REQUIRE(a.exit_code == 0);
  CHECK_THAT(a.output, Catch::Contains("points.csv and panel.csv not written: 19 of 24 points are not complete"));
  CHECK_FALSE(fs::exists(out / "points.csv"));
  const auto resumed = run_acasim("sweep " + alpha_fixture + " --jobs 1 --out " + out.string());
  REQUIRE(resumed.exit_code == 0);
  CHECK(read_csv_table(out / "points.csv").rows.size() == 24);
  CHECK(read_csv_table(out / "panel.csv").rows.size() == 24 * 12 * 3);
  fs::remove_all(out);
}

TEST_CASE("analyze and a resumed sweep give a sweep folder of an older build (its design in points.csv) design.csv, "
          "points.csv and panel.csv",
          "[cli][sweep][sweep_tables]") {
  const fs::path out = fresh_dir("older");
  REQUIRE(run_acasim("sweep " + alpha_fixture + " --quick --out " + out.string()).exit_code == 0);
  const std::string design = slurp(out / "design.csv"), points = slurp(out / "points.csv"),
                    panel = slurp(out / "panel.csv");
  // As an older build left it: the design under the name points.csv, no panel.
  fs::remove(out / "panel.csv");
  fs::rename(out / "design.csv", out / "points.csv");
  const auto a = run_acasim("analyze " + out.string() + " --resamples 20");
  INFO(a.output);
  REQUIRE(a.exit_code == 0);
  CHECK_THAT(a.output, Catch::Contains("wrote " + (out / "panel.csv").string()));
  CHECK(slurp(out / "design.csv") == design);
  CHECK(slurp(out / "points.csv") == points);
  CHECK(slurp(out / "panel.csv") == panel);
  CHECK(fs::file_size(out / "analysis" / "runs.csv") > 0);
  // Resumed in that state, the sweep reuses every point and rewrites the design as design.csv and the tables.
  fs::remove(out / "panel.csv");
  fs::rename(out / "design.csv", out / "points.csv");
  const auto resumed = run_acasim("sweep " + alpha_fixture + " --quick --out " + out.string());
  INFO(resumed.output);
  REQUIRE(resumed.exit_code == 0);
  CHECK_THAT(resumed.output, Catch::Contains("(0 run now"));
  CHECK(slurp(out / "design.csv") == design);
  CHECK(slurp(out / "points.csv") == points);
  CHECK(slurp(out / "panel.csv") == panel);
  fs::remove_all(out);
}

TEST_CASE("a real sweep's points.csv and panel.csv load in pandas with float, integer and text columns",
          "[cli][sweep][sweep_tables][python]") {
  if (std::system("/usr/bin/python3 -c 'import pandas' >/dev/null 2>&1") != 0) {
    WARN("skipping: /usr/bin/python3 has no pandas (scripts/install-deps.sh --tests installs it)");
    return;
  }
  const fs::path out = fresh_dir("pandas");
  REQUIRE(run_acasim("sweep " + alpha_fixture + " --quick --out " + out.string()).exit_code == 0);
  const auto r = run_command(
      "/usr/bin/python3 -c '\n"
      "import sys, pandas as pd\n"
      "d = sys.argv[1]\n"
      "p = pd.read_csv(d + \"/points.csv\"); q = pd.read_csv(d + \"/panel.csv\")\n"
      "for t in (p, q):\n"
      "    assert not [c for c in t.columns if \"Unnamed\" in c or \".\" in c], list(t.columns)\n"
      "    assert t[\"data_categorical_xi\"].dtype == \"float64\", t.dtypes\n"
      "    assert t[\"population_initial_members_workers\"].dtype == \"int64\", t.dtypes\n"
      "assert p[\"workers_final_alpha\"].dtype == \"float64\" and p[\"mode\"].dtype == object\n"
      "assert set(q[\"collective\"]) == {\"workers\", \"none\", \"platform\"}\n"
      "assert q[\"welfare\"].dtype == \"float64\" and q[\"welfare\"][q.collective == \"platform\"].notna().all()\n"
      "print(\"ok\")' " + out.string());
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output == "ok\n");
  fs::remove_all(out);
}

// One rule for every table (config::value_fields): a parameter is the same text, so the same pandas dtype, in the
// sweep's results.csv, points.csv and panel.csv and in analyze's critical_mass.csv and runs.csv; joins keep rows.
const char* typed_axes_script = R"(
import sys
import pandas as pd
axes = {"platform_privacy_target_epsilon": "float64", "simulation_rounds": "int64", "decision_rule": "object",
        "population_initial_members_workers": "int64"}
tables = {t: pd.read_csv(t) for t in ("results.csv", "points.csv", "panel.csv", "analysis/runs.csv",
                                      "analysis/critical_mass.csv")}
texts = {t: pd.read_csv(t, dtype=str, keep_default_na=False) for t in tables}
for c, dtype in axes.items():
    for t, df in tables.items():
        if c == "population_initial_members_workers" and t == "analysis/critical_mass.csv":
            assert c not in df.columns  # the alpha axis is what a critical-mass curve spans
            continue
        assert str(df[c].dtype) == dtype, (t, c, df[c].dtype)
        print("text", c, t, sorted(set(texts[t][c])))
points, cm = tables["points.csv"], tables["analysis/critical_mass.csv"]
keys = ["platform_privacy_target_epsilon", "simulation_rounds", "decision_rule"]
merged = points.merge(cm, on=keys, how="inner")
print("merge", len(points), len(cm), len(merged), merged[keys].drop_duplicates().shape[0])
runs = tables["analysis/runs.csv"].merge(points, on=["point", "replicate"] + list(axes), how="inner")
print("runs merge", len(tables["analysis/runs.csv"]), len(runs))
)";

TEST_CASE("an axis column of each type (real of whole values and inf, integer, string, list) has the same text "
          "and pandas dtype in results.csv, points.csv, panel.csv, analysis/critical_mass.csv and runs.csv",
          "[cli][sweep][sweep_tables]") {
  const fs::path out = fresh_dir("typed_axes");
  const auto s = run_acasim("sweep " + std::string(ACASIM_FIXTURES) + "/scenarios/sweep_typed_axes.toml --jobs 2 "
                            "--quiet --out " + out.string());
  INFO(s.output);
  REQUIRE(s.exit_code == 0);
  const auto a = run_acasim("analyze " + out.string() + " --resamples 100");
  INFO(a.output);
  REQUIRE(a.exit_code == 0);
  const CsvTable points = read_csv_table(out / "points.csv");
  REQUIRE(points.rows.size() == 36);  // 3 ε × 2 rounds × 2 rules × 3 initial_members
  if (!pandas_available()) {
    WARN("skipping the read-back: /usr/bin/python3 cannot import pandas (scripts/install-deps.sh --tests)");
    return;
  }
  const auto c = run_python(out, "typed.py", typed_axes_script);
  INFO(c.output);
  REQUIRE(c.exit_code == 0);
  for (const char* t : {"results.csv", "points.csv", "panel.csv", "analysis/runs.csv", "analysis/critical_mass.csv"}) {
    INFO(t);
    REQUIRE(c.output.find(std::string("text platform_privacy_target_epsilon ") + t + " ['4.0', '8.0', 'inf']") !=
            std::string::npos);
    REQUIRE(c.output.find(std::string("text simulation_rounds ") + t + " ['3', '4']") != std::string::npos);
    REQUIRE(c.output.find(std::string("text decision_rule ") + t + " ['best_response', 'logit']") !=
            std::string::npos);
  }
  REQUIRE(c.output.find("text population_initial_members_workers points.csv ['10', '100', '50']") !=
          std::string::npos);
  // Every point row meets its configuration's critical-mass row (one per ε × rounds × rule, 12 in all).
  REQUIRE(c.output.find("merge 36 12 36 12") != std::string::npos);
  REQUIRE(c.output.find("runs merge 36 36") != std::string::npos);
  fs::remove_all(out);
}
