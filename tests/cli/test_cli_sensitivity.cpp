// End to end: a sobol and a morris sweep in theory mode and `acasim analyze` writing analysis/sensitivity.csv (the
// report's section is tested on its own in tests/analysis/test_report_sensitivity.cpp: a report of 80 runs takes
// most of a minute). The fixture sweeps ξ (which sets the critical mass), the benefit (which moves
// participation, not the critical mass) and the learning rate (which theory mode never reads: no training).
#include <catch2/catch.hpp>

#include "support/slurp.hpp"

#include <cmath>
#include <filesystem>
#include <map>

#include <unistd.h>

#include "analysis/column_labels.hpp"
#include "analysis/csv_table.hpp"
#include "analysis/sweep_sensitivity.hpp"
#include "run_process.hpp"

namespace fs = std::filesystem;
using aca::analysis::CsvTable;
using aca::analysis::parse_number;
using aca::analysis::read_csv_table;

namespace {

const std::string fixture = std::string(ACASIM_FIXTURES) + "/scenarios/sweep_sobol.toml";

fs::path fresh_dir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("acasim_cli_sensitivity_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  return d;
}

struct Row {
  double estimate, lower, upper;
  long samples;
};

// (outcome, parameter, index) → the row, for the workers' outcomes and the platform's.
std::map<std::string, Row> rows_of(const CsvTable& t) {
  std::map<std::string, Row> out;
  for (const auto& r : t.rows)
    out[r[t.column("outcome")] + "|" + r[t.column("parameter")] + "|" + r[t.column("index")]] = {
        parse_number(r[t.column("estimate")]), r[t.column("lower")].empty() ? NAN : parse_number(r[t.column("lower")]),
        r[t.column("upper")].empty() ? NAN : parse_number(r[t.column("upper")]), std::stol(r[t.column("samples")])};
  return out;
}

}  // namespace

TEST_CASE("a sobol sweep's analysis gives the parameter the model never reads zero indices inside their intervals, "
          "and the critical mass to xi alone",
          "[cli][sensitivity]") {
  const fs::path out = fresh_dir("sobol");
  const auto s = run_acasim("sweep " + fixture + " --set sweep.base_samples=16 --jobs 2 --out " + out.string());
  INFO(s.output);
  REQUIRE(s.exit_code == 0);
  const auto a = run_acasim("analyze " + out.string());
  INFO(a.output);
  REQUIRE(a.exit_code == 0);
  REQUIRE(a.output.find("wrote " + (out / "analysis" / "sensitivity.csv").string()) != std::string::npos);
  const CsvTable t = read_csv_table(out / "analysis" / "sensitivity.csv");
  REQUIRE(t.header == aca::analysis::sensitivity_header());
  for (const auto& h : t.header) REQUIRE(!aca::analysis::column_description(h).empty());  // Stata labels
  const auto rows = rows_of(t);
  for (const char* outcome : {"critical_mass", "final_alpha", "final_success", "final_welfare"})
    for (const char* index : {"first_order", "total"}) {
      INFO(outcome << " " << index);
      const Row& lr = rows.at(std::string(outcome) + "|platform.learning_rate|" + index);
      REQUIRE(lr.estimate == 0.0);  // f(AB) = f(A) in every base sample: exactly 0
      REQUIRE(lr.lower <= 0.0);
      REQUIRE(lr.upper >= 0.0);
      REQUIRE(lr.samples == 16);
    }
  // α* depends on ξ (and Δ0) alone: ST(ξ) = S(ξ) = 1 analytically, the benefit's indices exactly 0. Tolerance for
  // ST(ξ): 4 bootstrap standard errors, SE = (upper − lower) / 3.92 of the 95% interval.
  const Row& xi = rows.at("critical_mass|data.categorical.xi|total");
  REQUIRE(std::fabs(xi.estimate - 1.0) <= 4.0 * (xi.upper - xi.lower) / 3.92);
  REQUIRE(xi.estimate > 0.5);
  REQUIRE(rows.at("critical_mass|population.benefit|total").estimate == 0.0);
  REQUIRE(rows.at("final_alpha|population.benefit|total").estimate > 0.0);  // the benefit moves participation
  for (const auto& r : t.rows) {
    REQUIRE(r[t.column("design")] == "sobol");
    REQUIRE(r[t.column("level")] == "0.95");
    REQUIRE(r[t.column("resamples")] == "1000");
  }

  fs::remove_all(out);
}

TEST_CASE("a morris sweep's analysis gives mu*, mu and sigma per parameter, zero for the one the model never reads",
          "[cli][sensitivity]") {
  const fs::path out = fresh_dir("morris");
  const auto s = run_acasim("sweep " + fixture +
                                       " --set 'sweep.design=\"morris\"' --set sweep.trajectories=8 --jobs 2 --out " +
                                       out.string());
  INFO(s.output);
  REQUIRE(s.exit_code == 0);
  REQUIRE(read_csv_table(out / "design.csv").rows.size() == 8 * 4);
  const auto a = run_acasim("analyze " + out.string());
  INFO(a.output);
  REQUIRE(a.exit_code == 0);
  const auto rows = rows_of(read_csv_table(out / "analysis" / "sensitivity.csv"));
  for (const char* index : {"mu_star", "mu", "sigma"}) {
    const Row& lr = rows.at(std::string("critical_mass|platform.learning_rate|") + index);
    REQUIRE(lr.estimate == 0.0);
    REQUIRE(lr.samples == 8);  // one elementary effect per trajectory
  }
  REQUIRE(rows.at("critical_mass|data.categorical.xi|mu_star").estimate > 0.0);
  REQUIRE(rows.at("critical_mass|population.benefit|mu_star").estimate == 0.0);
  for (const char* index : {"mu", "sigma"}) {  // every measure has its interval around it
    const Row& xi = rows.at(std::string("critical_mass|data.categorical.xi|") + index);
    REQUIRE(xi.lower <= xi.estimate);
    REQUIRE(xi.upper >= xi.estimate);
  }
  const Row& mu_star = rows.at("final_alpha|population.benefit|mu_star");
  REQUIRE(mu_star.lower <= mu_star.estimate);
  REQUIRE(mu_star.upper >= mu_star.estimate);
  // The report draws the measures instead of heatmaps, whose cells a sampled design leaves mostly empty (gnuplot
  // refused such a matrix and the whole report failed).
  const auto rep = run_acasim("report " + out.string());
  INFO(rep.output);
  REQUIRE(rep.exit_code == 0);
  const std::string md = slurp(out / "report" / "report.md");
  REQUIRE(md.find("## Which parameter matters (global sensitivity)") != std::string::npos);
  // The design asked which parameter matters: the answer opens the report, before the per-point summary.
  REQUIRE(md.find("## Which parameter matters (global sensitivity)") < md.find("## Summary"));
  REQUIRE(md.find("| outcome | parameter | μ* | σ |") != std::string::npos);
  REQUIRE(md.find("## Two swept parameters at once") == std::string::npos);
  fs::remove_all(out);
}
