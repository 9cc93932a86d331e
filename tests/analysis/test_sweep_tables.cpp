#include <catch2/catch.hpp>

#include "support/slurp.hpp"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>

#include "analysis/csv_table.hpp"
#include "analysis/folder_analysis.hpp"
#include "analysis/sweep_design.hpp"
#include "analysis/sweep_tables.hpp"
#include "run_folder/summary_record.hpp"
#include "temp_dir.hpp"
#include "util/csv_writer.hpp"

namespace fs = std::filesystem;
using namespace aca::analysis;
using aca::analysis::test::ScratchDir;

namespace {

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

// What one synthetic point found; the folder is written from it and the tables are checked against it.
struct PointSpec {
  std::string id, learner, members;  // axis values as design.csv holds them (TOML text)
  long replicate = 0;
  double critical_left = 0.1;        // NaN: no α*
  std::optional<long> converged;     // nullopt: never converged
  std::vector<std::pair<double, std::string>> left_eq, right_eq;
  bool joint = false;
  std::string platform_name;         // how metrics.csv names platform rows: "" (today) or "platform"
};

void write_point(const fs::path& sweep, const PointSpec& p, const std::string& status = "complete") {
  const fs::path d = sweep / "points" / p.id;
  aca::run_folder::SummaryRecord s;
  s.mode = "response_curve";
  s.success_model = "one collective";
  s.rounds = 3;
  s.target_success = 0.8;
  s.converged_round = p.converged;
  s.period = 0;
  s.collectives = {"Left", "Right"};
  aca::run_folder::CollectiveOutcome left{0.4 + static_cast<double>(p.replicate) / 10, 0.9, p.critical_left,
                                          p.critical_left / 2, p.critical_left * 2, {}, {}, {}};
  aca::run_folder::CollectiveOutcome right{0.2, 0.5, std::nan(""), std::nan(""), std::nan(""), {}, {}, {}};
  s.outcomes = {left, right};
  if (p.joint) s.joint_equilibria = std::vector<aca::run_folder::JointEquilibriumOutcome>{{{0.3, 0.25}, "stable"}};
  write(d / "summary.json", aca::run_folder::to_json(s).dump(2) + "\n");
  std::string eq = "collective,alpha,slope,stability,tipping_point,map\n";
  for (const auto& [a, st] : p.left_eq) eq += "Left," + aca::util::format_number(a) + ",0," + st + ",false,global\n";
  for (const auto& [a, st] : p.right_eq) eq += "Right," + aca::util::format_number(a) + ",0," + st + ",false,global\n";
  write(d / "equilibria.csv", eq);
  std::string m = "round,collective,metric,value,source\n";
  for (int t = 0; t <= 2; ++t) {
    const std::string r = std::to_string(t);
    m += r + ",Left,alpha," + aca::util::format_number(0.1 * (t + 1)) + ",response_curve\n";
    m += r + ",Right,alpha,0.2,response_curve\n";
    if (t < 2) {  // the last round records the collectives' state only, as the engine does
      m += r + ",none,flow_from_left,3,response_curve\n";
      m += r + "," + p.platform_name + ",welfare," + aca::util::format_number(t + 0.5) + ",response_curve\n";
    }
  }
  m += "0," + p.platform_name + ",epsilon,inf,response_curve\n";  // recorded once, at round 0
  write(d / "metrics.csv", m);
  write(d / "manifest.json", "{\"status\": \"" + status + "\", \"mode\": \"response_curve\"}\n");
}

// Two configurations (learner × members, a list axis per collective) × 2 replicates.
std::vector<PointSpec> make_sweep(const fs::path& dir, const std::string& design_name = "design.csv") {
  std::vector<PointSpec> pts(4);
  pts[0] = {"p000000000001", "'sgd'", "[40, 40]", 0, 0.1, 3, {{0.05, "unstable"}, {0.45, "stable"}}, {{0.2, "stable"}},
            true, ""};
  pts[1] = {"p000000000002", "'sgd'", "[40, 40]", 1, 0.12, {}, {{0.5, "stable"}}, {}, true, ""};
  pts[2] = {"p000000000003", "'dp_sgd'", "[80, 20]", 0, std::nan(""), 2, {}, {}, false, "platform"};
  pts[3] = {"p000000000004", "'dp_sgd'", "[80, 20]", 1, 0.3, 2, {{0.6, "stable"}}, {}, false, ""};
  std::string design = "point,replicate,platform.learner,population.initial_members\n";
  for (const auto& p : pts) {
    design += p.id + "," + std::to_string(p.replicate) + "," + p.learner + ",\"" + p.members + "\"\n";
    write_point(dir, p);
  }
  write(dir / design_name, design);
  write(dir / "scenario.resolved.toml", "[simulation]\nmode = \"response_curve\"\n");
  return pts;
}

std::string cell(const CsvTable& t, std::size_t row, const std::string& column) { return t.rows.at(row)[t.column(column)]; }

}  // namespace

TEST_CASE("points.csv: one row per point and replicate with typed axis columns and each point's outcomes from its "
          "summary.json and equilibria.csv, empty where unknown",
          "[analysis][sweep_tables]") {
  const ScratchDir tmp("points_table");
  const fs::path dir = tmp / "sweep";
  const auto pts = make_sweep(dir);
  const SweepTables w = write_sweep_tables(dir);
  REQUIRE(w.incomplete == 0);
  REQUIRE(w.written == std::vector<fs::path>{dir / "points.csv", dir / "panel.csv"});
  const CsvTable t = read_csv_table(dir / "points.csv");
  CHECK(t.header == std::vector<std::string>{
                        "point", "replicate", "platform_learner", "population_initial_members_left",
                        "population_initial_members_right", "mode", "rounds", "converged_round", "period",
                        "left_critical_mass", "left_critical_mass_lower", "left_critical_mass_upper",
                        "left_final_alpha", "left_final_success", "left_equilibria", "left_equilibrium_1_alpha",
                        "left_equilibrium_1_stability", "left_equilibrium_2_alpha", "left_equilibrium_2_stability",
                        "right_critical_mass", "right_critical_mass_lower", "right_critical_mass_upper",
                        "right_final_alpha", "right_final_success", "right_equilibria", "right_equilibrium_1_alpha",
                        "right_equilibrium_1_stability", "joint_equilibria", "joint_equilibrium_1_left_alpha",
                        "joint_equilibrium_1_right_alpha", "joint_equilibrium_1_stability", "final_welfare",
                        "final_epsilon"});
  REQUIRE(t.rows.size() == 4);
  for (std::size_t i = 0; i < pts.size(); ++i) {
    INFO("point " << pts[i].id);
    const auto s = aca::run_folder::read_summary(dir / "points" / pts[i].id);
    CHECK(cell(t, i, "point") == pts[i].id);
    CHECK(cell(t, i, "replicate") == std::to_string(pts[i].replicate));
    CHECK(aca::analysis::parse_number(cell(t, i, "left_final_alpha")) == s.outcomes[0].final_alpha);
    CHECK(cell(t, i, "left_equilibria") == std::to_string(pts[i].left_eq.size()));
    CHECK(cell(t, i, "right_equilibria") == std::to_string(pts[i].right_eq.size()));
    CHECK(cell(t, i, "converged_round") == (s.converged_round ? std::to_string(*s.converged_round) : ""));
    CHECK(cell(t, i, "right_critical_mass").empty());  // NaN in summary.json
    CHECK(cell(t, i, "final_welfare") == "1.5");       // the platform row of the last round that has it
    CHECK(cell(t, i, "final_epsilon") == "inf");
  }
  CHECK(cell(t, 0, "platform_learner") == "sgd");  // TOML 'sgd' unquoted
  CHECK(cell(t, 2, "population_initial_members_left") == "80");
  CHECK(cell(t, 2, "population_initial_members_right") == "20");
  CHECK(cell(t, 0, "left_critical_mass") == "0.1");
  CHECK(cell(t, 0, "left_critical_mass_upper") == "0.2");
  CHECK(cell(t, 2, "left_critical_mass").empty());
  CHECK(cell(t, 0, "left_equilibrium_2_alpha") == "0.45");
  CHECK(cell(t, 0, "left_equilibrium_2_stability") == "stable");
  CHECK(cell(t, 1, "left_equilibrium_2_alpha").empty());  // fewer equilibria than the sweep's most
  CHECK(cell(t, 0, "joint_equilibrium_1_right_alpha") == "0.25");
  CHECK(cell(t, 2, "joint_equilibria").empty());  // no joint success model at that point
  CHECK(slurp(dir / "points.csv").find('\'') == std::string::npos);
}

TEST_CASE("panel.csv: one row per point, replicate, round and collective with recorded metrics, platform rows "
          "named platform, whatever metrics.csv calls them",
          "[analysis][sweep_tables]") {
  const ScratchDir tmp("panel");
  const fs::path dir = tmp / "sweep";
  const auto pts = make_sweep(dir);
  write_sweep_tables(dir);
  const CsvTable t = read_csv_table(dir / "panel.csv");
  CHECK(t.header == std::vector<std::string>{"point", "replicate", "platform_learner", "population_initial_members_left",
                                             "population_initial_members_right", "round", "collective", "alpha",
                                             "flow_from_left", "welfare", "epsilon"});
  // Per point: 3 rounds × {Left, Right}, rounds 0 and 1 also none and platform.
  REQUIRE(t.rows.size() == pts.size() * (3 * 2 + 2 * 2));
  std::map<std::string, long> per_collective;
  for (const auto& r : t.rows) ++per_collective[r[t.column("collective")]];
  CHECK(per_collective == std::map<std::string, long>{{"Left", 12}, {"Right", 12}, {"none", 8}, {"platform", 8}});
  // Point 0, round 0, in order Left, Right, none, platform.
  CHECK(cell(t, 0, "collective") == "Left");
  CHECK(cell(t, 0, "alpha") == "0.1");
  CHECK(cell(t, 0, "welfare").empty());
  CHECK(cell(t, 2, "collective") == "none");
  CHECK(cell(t, 2, "flow_from_left") == "3.0");  // metrics are reals: a decimal point keeps the column float
  CHECK(cell(t, 3, "collective") == "platform");
  CHECK(cell(t, 3, "welfare") == "0.5");
  CHECK(cell(t, 3, "epsilon") == "inf");
  CHECK(cell(t, 3, "platform_learner") == "sgd");
  // A point whose metrics.csv names platform rows `platform` gives the same rows.
  std::size_t platform_rows_of_point_2 = 0;
  for (const auto& r : t.rows)
    if (r[0] == pts[2].id && r[t.column("collective")] == "platform") ++platform_rows_of_point_2;
  CHECK(platform_rows_of_point_2 == 2);
}

TEST_CASE("with a point not complete neither table is written, and analyze-style only_missing keeps existing ones",
          "[analysis][sweep_tables]") {
  const ScratchDir tmp("incomplete");
  const fs::path dir = tmp / "sweep";
  const auto pts = make_sweep(dir);
  write_point(dir, pts[3], "running");
  const SweepTables w = write_sweep_tables(dir);
  CHECK(w.points == 4);
  CHECK(w.incomplete == 1);
  CHECK(w.written.empty());
  CHECK_FALSE(fs::exists(dir / "points.csv"));
  CHECK_FALSE(fs::exists(dir / "panel.csv"));
  write_point(dir, pts[3]);
  write(dir / "panel.csv", "kept\n");
  CHECK(write_sweep_tables(dir, true).written == std::vector<fs::path>{dir / "points.csv"});
  CHECK(slurp(dir / "panel.csv") == "kept\n");
}

TEST_CASE("a sweep folder of an older build (its design in points.csv) is analysed, and gets design.csv, points.csv "
          "and panel.csv",
          "[analysis][sweep_tables]") {
  const ScratchDir tmp("older");
  const fs::path dir = tmp / "sweep";
  make_sweep(dir, "points.csv");
  const std::string design = slurp(dir / "points.csv");
  REQUIRE(is_sweep_folder(dir));
  CHECK(read_sweep_design(dir).points.size() == 4);
  const SweepTables w = write_sweep_tables(dir, true);
  CHECK(w.written.size() == 2);
  CHECK(slurp(dir / "design.csv") == design);
  CHECK(read_csv_table(dir / "points.csv").has("left_final_alpha"));
  CHECK(read_sweep_design(dir).file == dir / "design.csv");
  // A folder with neither is refused with a message naming the folder and the file it lacks.
  fs::remove(dir / "design.csv");
  CHECK_FALSE(is_sweep_folder(dir));  // points.csv is now the outcome table, not a design
  CHECK_THROWS_WITH(read_sweep_design(dir), Catch::Contains(dir.string()) && Catch::Contains("no design.csv"));
}

TEST_CASE("points.csv and panel.csv load in pandas with typed columns: axes float64 or text, converged_round float "
          "with NaN, no unnamed columns",
          "[analysis][sweep_tables][python]") {
  if (std::system("/usr/bin/python3 -c 'import pandas' >/dev/null 2>&1") != 0) {
    WARN("skipping: /usr/bin/python3 has no pandas (scripts/install-deps.sh --tests installs it)");
    return;
  }
  const ScratchDir tmp("pandas");
  const fs::path dir = tmp / "sweep";
  make_sweep(dir);
  write_sweep_tables(dir);
  write(tmp / "check.py", R"(import sys, pandas as pd
d = sys.argv[1]
p = pd.read_csv(d + "/points.csv")
assert not [c for c in p.columns if c.startswith("Unnamed")], list(p.columns)
assert p["platform_learner"].dtype == object and set(p["platform_learner"]) == {"sgd", "dp_sgd"}
assert p["population_initial_members_left"].dtype == "int64"
assert p["converged_round"].dtype == "float64" and p["converged_round"].isna().sum() == 1
assert p["left_critical_mass"].dtype == "float64" and p["left_critical_mass"].isna().sum() == 1
assert p["final_epsilon"].tolist() == [float("inf")] * 4
assert p["left_equilibrium_2_stability"].fillna("").tolist() == ["stable", "", "", ""]
q = pd.read_csv(d + "/panel.csv")
assert not [c for c in q.columns if c.startswith("Unnamed")], list(q.columns)
assert q["collective"].isna().sum() == 0
w = q.pivot_table(index=["point", "round"], columns="collective", values="welfare")
assert list(w.columns) == ["platform"], list(w.columns)
print("ok")
)");
  const std::string cmd = "/usr/bin/python3 " + (tmp / "check.py").string() + " " + dir.string() + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p);
  std::string out;
  char buf[512];
  while (fgets(buf, sizeof buf, p)) out += buf;
  const int status = pclose(p);
  INFO(out);
  CHECK(status == 0);
  CHECK(out == "ok\n");
}
