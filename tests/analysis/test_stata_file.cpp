#include <catch2/catch.hpp>

#include "support/python.hpp"
#include "support/slurp.hpp"

#include <fstream>
#include <string>
#include <vector>

#include "analysis/column_labels.hpp"
#include "analysis/stata_file.hpp"
#include "analysis/stata_name.hpp"
#include "temp_dir.hpp"

using namespace aca::analysis;
namespace fs = std::filesystem;

namespace {

const std::string long_column = "share_of_members_who_left_in_the_last_10";  // 40 characters
const std::string long_text(3000, 'x');

// Numbers, whole numbers with a gap, text, empty fields, nan, ±inf, a scenario key, an array key, a 40-character
// column and a text longer than Stata's str2045.
CsvTable fixture() {
  CsvTable t;
  t.header = {"point", "replicate", "platform_privacy_target_epsilon", "collective_0_target", "collective",
              "alpha", "converged_round", long_column, "note"};
  t.rows = {{"p0123456789ab", "0", "inf", "3", "workers", "0.25", "", "7", "short"},
            {"p0123456789ab", "1", "8", "3", "none", "", "12", "-2", long_text},
            {"pffffffffffff", "0", "-inf", "3", "platform", "nan", "4", "0", ""}};
  return t;
}

StataOptions options() {
  StataOptions o;
  o.dataset_label = "acasim panel of test";
  o.describe = column_description;
  return o;
}

}  // namespace

TEST_CASE("stata_names keeps legal names and makes every other one legal, unique and deterministic", "[stata]") {
  const auto n = stata_names({"alpha", "9lives", "in", "a-b", "", long_column, long_column, "alpha"});
  REQUIRE(n[0].name == "alpha");
  REQUIRE_FALSE(n[0].changed);
  REQUIRE(n[1].name == "_9lives");
  REQUIRE(n[2].name == "in_");
  REQUIRE(n[3].name == "a_b");
  REQUIRE(n[4].name == "v5");
  REQUIRE(n[5].name.size() == 32);
  REQUIRE(n[5].name.compare(0, 26, long_column.substr(0, 25) + "_") == 0);
  REQUIRE(n[5].changed);
  REQUIRE(n[6].name.size() <= 32);
  REQUIRE(n[6].name != n[5].name);
  REQUIRE(n[7].name == "alpha_2");
  REQUIRE(stata_names({long_column})[0].name == n[5].name);  // the same column, the same name
}

TEST_CASE("column_description gives the schema doc of key columns and the meaning of metrics and outcomes",
          "[stata]") {
  REQUIRE(column_description("platform_privacy_target_epsilon").find("Privacy budget") != std::string::npos);
  REQUIRE(column_description("platform.privacy.target_epsilon") ==
          column_description("platform_privacy_target_epsilon"));  // a dotted key, as results.csv names axes
  REQUIRE(column_description("collective_target") == "Target label y*.");
  REQUIRE(column_description("collective_1_target") == "Target label y*.");
  REQUIRE(column_description("alpha") == "share of the population in the collective");
  REQUIRE(column_description("workers_critical_mass") ==
          "workers: critical mass alpha*: smallest share reaching the target success");
  REQUIRE(column_description("workers_critical_mass_upper") == "workers: upper end of the critical-mass interval");
  REQUIRE(column_description("workers_equilibrium_1_stability") ==
          "workers: stability of fixed point 1 (stable or unstable)");
  REQUIRE(column_description("flow_from_none").find("from none") != std::string::npos);
  REQUIRE(column_description("no_such_column_here").empty());
}

TEST_CASE("column_description labels points.csv's counts and joint equilibria, final_<metric> and split list axes",
          "[stata]") {
  REQUIRE(column_description("left_equilibria") == "left: number of fixed points of the participation map");
  REQUIRE(column_description("joint_equilibria") ==
          "number of joint fixed points of the collectives' participation dynamics");
  REQUIRE(column_description("joint_equilibrium_2_right_alpha") == "right: alpha at joint fixed point 2");
  REQUIRE(column_description("joint_equilibrium_1_stability") == "stability of joint fixed point 1 (stable or unstable)");
  REQUIRE(column_description("final_churn") == "last round: share of agents who changed their choice this round");
  REQUIRE(column_description("final_delta") == "last round: privacy parameter delta of DP-SGD training");
  const std::string members = column_description("population_initial_members");
  REQUIRE(!members.empty());
  REQUIRE(column_description("population_initial_members_left") == "left: " + members);
  REQUIRE(column_description("population_correlated_2").rfind("element 2: ", 0) == 0);
}

// The headers of real sweeps (acasim sweep scenarios/dp_regulation.toml --quick; scenarios/two_collectives.toml with
// an initial_members axis [[40, 40], [80, 20]]; tests/fixtures/scenarios/sweep_small.toml) as this build writes
// them, and every metric src/sim records: no column goes unlabelled in Stata.
TEST_CASE("every column of acasim analyze's tables of those sweeps has a description", "[stata]") {
  for (const char* c :
       {"target", "alpha_star", "describe", "level", "lower", "upper", "max_alpha_tested", "alphas", "min_replicates",
        "resamples", "resamples_not_reached", "mean_field", "slope", "stability", "alpha_t", "alpha_next",
        "critical_mass_workers", "converged", "dir", "collective_i", "collective_j", "alpha_left", "alpha_right", "ct",
        "ct_normalised", "fit", "fit_lower", "fit_upper", "theory_bound", "group_privacy_cap", "outcome", "runs",
        "tipping_point", "replicates", "mean", "source", "status", "alpha"}) {
    INFO(c);
    REQUIRE(!column_description(c).empty());
  }
  REQUIRE(column_description("critical_mass_right") == "right: critical mass alpha* of the run (summary.json)");
  REQUIRE(column_description("alpha_left") == "left: share of the population in the collective");
  REQUIRE(column_description("alpha_star").rfind("critical mass alpha*", 0) == 0);
}

TEST_CASE("every column of a real sweep's points.csv and panel.csv has a description", "[stata]") {
  const std::vector<std::string> columns = {
      // dp_regulation points.csv, then panel.csv's own columns
      "point", "replicate", "platform_privacy_target_epsilon", "mode", "rounds", "converged_round", "period",
      "workers_critical_mass", "workers_critical_mass_lower", "workers_critical_mass_upper", "workers_final_alpha",
      "workers_final_success", "workers_equilibria", "workers_equilibrium_1_alpha", "workers_equilibrium_1_stability",
      "final_training_rows", "final_nonmember_payoff", "final_welfare", "final_churn", "final_epsilon", "final_delta",
      "round", "collective", "training_rows", "alpha", "members", "success", "flow_from_none", "flow_from_workers",
      "member_payoff", "nonmember_payoff", "welfare", "churn", "epsilon", "delta",
      // two collectives: points.csv, then panel.csv's own columns
      "population_initial_members_left", "population_initial_members_right", "left_equilibria",
      "left_equilibrium_2_alpha", "right_equilibria", "joint_equilibria", "joint_equilibrium_1_left_alpha",
      "joint_equilibrium_1_right_alpha", "joint_equilibrium_1_stability", "success_alone", "flow_from_left",
      // every other metric the engine records (categorical theory, gradient cancelling, DP accounting)
      "exact_bayes_success", "feature_label_bound", "feature_only_bound", "cancel_residual", "cancel_t_best",
      "cancel_t_required", "cancel_feasible", "clip", "noise_multiplier", "sample_rate", "privacy_steps",
      "epsilon_holds", "theta_distance", "success_lower", "success_upper", "clean_accuracy", "worst_group_accuracy",
      // three or more collectives on the joint surface trained on demand
      "success_band_lower", "success_band_upper"};
  for (const auto& c : columns) {
    INFO(c);
    REQUIRE(!column_description(c).empty());
  }
}

TEST_CASE("stata_columns infers long, double, str# and strL and labels a shortened column with its full name",
          "[stata]") {
  const auto c = stata_columns(fixture(), options());
  REQUIRE(c.size() == 9);
  REQUIRE(c[0].type == StataType::string);
  REQUIRE(c[0].width == 13);
  REQUIRE(c[1].type == StataType::int32);
  REQUIRE(c[2].type == StataType::float64);  // inf is not a whole number
  REQUIRE(c[3].type == StataType::int32);
  REQUIRE(c[5].type == StataType::float64);
  REQUIRE(c[6].type == StataType::int32);   // empty fields do not make a whole-number column double
  REQUIRE(c[7].type == StataType::int32);
  REQUIRE(c[8].type == StataType::strl);
  REQUIRE(c[7].label == long_column);
  REQUIRE(c[1].label.size() <= stata_label_max);
  REQUIRE(c[2].label.size() <= 3 * stata_label_max);
  CsvTable t;
  t.header = {"big", "decimal", "hex", "empty"};
  t.rows = {{"2147483621", "1.0", "0x10", ""}};
  const auto d = stata_columns(t, options());
  REQUIRE(d[0].type == StataType::float64);  // beyond Stata's long: a missing-value code there
  REQUIRE(d[1].type == StataType::float64);  // written as a decimal: kept double
  REQUIRE(d[2].type == StataType::string);   // no hex numbers
  REQUIRE(d[3].type == StataType::float64);  // no values: numeric missing
}

TEST_CASE("write_stata writes the same bytes for the same table and options", "[stata]") {
  test::ScratchDir dir("stata_bytes");
  write_stata(fixture(), dir / "a.dta", options());
  write_stata(fixture(), dir / "b.dta", options());
  REQUIRE(slurp(dir / "a.dta").size() > 3000);
  REQUIRE(slurp(dir / "a.dta") == slurp(dir / "b.dta"));
  REQUIRE_FALSE(fs::exists(dir / "a.dta.partial"));
}

TEST_CASE("pandas read_stata reads the .dta with its types, values, missing values, infinity codes and labels",
          "[stata]") {
  if (!pandas_available()) {
    WARN("skipping: /usr/bin/python3 cannot import pandas (install python3-pandas: scripts/install-deps.sh --tests)");
    return;
  }
  test::ScratchDir dir("stata_pandas");
  write_stata(fixture(), dir / "t.dta", options());
  const auto r = run_python(dir.path(), "check.py", R"(
import pandas as pd
df = pd.read_stata("t.dta")
for c in df.columns: print("dtype", c, df[c].dtype)
print("replicate", df.replicate.tolist())
print("epsilon", df.platform_privacy_target_epsilon.tolist())
print("alpha", df.alpha.tolist())
print("converged_round", df.converged_round.tolist())
print("collective", df.collective.tolist())
print("note_lengths", df.note.str.len().tolist())
raw = pd.read_stata("t.dta", convert_missing=True)
print("codes", [getattr(v, "string", v) for v in raw.platform_privacy_target_epsilon])
reader = pd.io.stata.StataReader("t.dta")
for name, label in reader.variable_labels().items(): print("label", name, "=", label)
print("data_label", reader.data_label)
)");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const std::string shortened = stata_names({long_column})[0].name;
  for (const std::string& line : std::vector<std::string>
       {"dtype point object", "dtype replicate int32", "dtype platform_privacy_target_epsilon float64",
        "dtype collective_0_target int32", "dtype alpha float64", "dtype converged_round float64",
        "dtype " + shortened + " int32", "dtype note object", "replicate [0, 1, 0]", "epsilon [nan, 8.0, nan]",
        "alpha [0.25, nan, nan]", "converged_round [nan, 12.0, 4.0]", "collective ['workers', 'none', 'platform']",
        "note_lengths [5, 3000, 0]", "codes ['.i', 8.0, '.n']", "label collective_0_target = Target label y*.",
        "label alpha = share of the population in the collective", "label " + shortened + " = " + long_column,
        "data_label acasim panel of test"}) {
    INFO(line);
    REQUIRE(r.output.find(line + "\n") != std::string::npos);
  }
}

TEST_CASE("write_stata of a CSV file writes the same bytes as of the table read whole, quoting and strL included",
          "[stata]") {
  test::ScratchDir dir("stata_stream");
  std::ofstream(dir / "t.csv", std::ios::binary)
      << "point,label,x\r\np1,\"a, \"\"quoted\"\"\r\nfield\",1.5\r\np2," << long_text << ",inf\r\n";
  const StataWritten from_file = write_stata(dir / "t.csv", dir / "file.dta", options());
  const StataWritten from_table = write_stata(read_csv_table(dir / "t.csv"), dir / "table.dta", options());
  REQUIRE(from_file.rows == 2);
  REQUIRE(from_file.columns[1].type == StataType::strl);
  REQUIRE(from_file.columns[2].type == StataType::float64);
  REQUIRE(slurp(dir / "file.dta") == slurp(dir / "table.dta"));
  std::ofstream(dir / "bad.csv") << "a,b\n1,2\n3\n";
  REQUIRE_THROWS_WITH(write_stata(dir / "bad.csv", dir / "bad.dta", options()),
                      Catch::Contains("bad.csv:3") && Catch::Contains("row has 1 fields, header has 2"));
  REQUIRE_FALSE(fs::exists(dir / "bad.dta"));
}
