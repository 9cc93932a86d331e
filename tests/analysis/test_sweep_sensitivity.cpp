// The sweep folder's sensitivity: sensitivity_design.csv and points.csv joined by point, replicates averaged,
// incomplete base samples left out, and outcomes that are not one quantity over the design left out with a reason.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>

#include "analysis/sweep_sensitivity.hpp"
#include "temp_dir.hpp"

using namespace aca::analysis;

namespace {

// A Saltelli design of 3 base samples over axes x and z with 2 replicates, where f = 2x (+ the replicate's noise
// ±r, which the mean over replicates cancels), z enters nothing, and the last base sample's AB_z misses its value.
void write_folder(const std::filesystem::path& dir) {
  const double xa[] = {0.1, 0.5, 0.9}, xb[] = {0.7, 0.2, 0.4};
  std::ofstream roles(dir / "sensitivity_design.csv"), points(dir / "points.csv");
  roles << "point,replicate,design,group,block,axis,step\n";
  points << "point,replicate,x,z,mode,w_critical_mass,w_final_alpha,w_equilibria,w_equilibrium_1_alpha,"
            "final_training_rows\n";
  int id = 0;
  for (int j = 0; j < 3; ++j) {
    const struct {
      const char* block;
      const char* axis;
      double x;
    } rows[] = {{"A", "", xa[j]}, {"AB", "x", xb[j]}, {"AB", "z", xa[j]}, {"B", "", xb[j]}};
    for (const auto& r : rows)
      for (int rep = 0; rep < 2; ++rep) {
        const std::string p = "p" + std::to_string(id++);
        roles << p << "," << rep << ",sobol," << j << "," << r.block << "," << r.axis << ",0\n";
        const bool missing = j == 2 && std::string(r.axis) == "z";
        const double noise = rep == 0 ? 0.01 : -0.01;
        points << p << "," << rep << "," << r.x << ",0.5,theory," << (missing ? "" : std::to_string(2 * r.x + noise))
               << "," << 2 * r.x << "," << (j == 0 ? 3 : 1) << ",0.0,800.0\n";
      }
  }
}

}  // namespace

TEST_CASE("a sweep folder's indices average replicates, drop incomplete base samples, and skip ill-defined outcomes",
          "[analysis][sensitivity]") {
  test::ScratchDir dir("sweep_sensitivity");
  write_folder(dir.path());
  const auto s = sweep_sensitivity(dir.path(), {"w"}, {"x", "z"}, 1, 200, 0.9);
  REQUIRE(s);
  REQUIRE(s->design == "sobol");
  auto find = [&](const std::string& outcome, const std::string& p, const std::string& index) {
    for (const auto& e : s->rows)
      if (e.outcome == outcome && e.parameter == p && e.index == index) return e;
    FAIL("no row " << outcome << " " << p << " " << index);
    return SensitivityEstimate{};
  };
  // f = 2x exactly after averaging the replicates: z's indices are exactly 0 and x's total index is
  // mean((f(A) − f(AB_x))²) / 2V with V over the A and B rows.
  const auto cm_z = find("critical_mass", "z", "total");
  REQUIRE(cm_z.estimate.value == 0.0);
  REQUIRE(cm_z.samples == 2);  // the third base sample misses AB_z's value
  const double a[] = {0.2, 1.0}, b[] = {1.4, 0.4};
  const double mean = (a[0] + a[1] + b[0] + b[1]) / 4;
  double v = 0;
  for (double y : {a[0], a[1], b[0], b[1]}) v += (y - mean) * (y - mean) / 3;
  const double st = ((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1])) / 4 / v;
  REQUIRE(find("critical_mass", "x", "total").estimate.value == Approx(st).epsilon(1e-6));
  REQUIRE(find("final_alpha", "x", "first_order").samples == 3);
  REQUIRE(find("final_alpha", "x", "first_order").estimate.lower <= find("final_alpha", "x", "first_order").estimate.upper);
  for (const auto& e : s->rows) {
    REQUIRE(e.collective == "w");
    REQUIRE(e.outcome != "equilibrium_1_alpha");
    REQUIRE(e.outcome != "final_training_rows");  // describes the run, not an outcome
  }
  REQUIRE(s->skipped.size() == 1);
  REQUIRE(s->skipped[0].find("w_equilibrium_1_alpha: the number of fixed points (w_equilibria) changes") == 0);
  const auto row = sensitivity_row(*s, find("final_alpha", "z", "first_order"));
  REQUIRE(row.size() == sensitivity_header().size());
  REQUIRE(row[0] == "sobol");
  REQUIRE(row[5] == "0");
  REQUIRE(row[8] == "0.9");
}

TEST_CASE("a sweep folder without the roles or the outcome table has no sensitivity", "[analysis][sensitivity]") {
  test::ScratchDir dir("sweep_sensitivity_none");
  REQUIRE(!sweep_sensitivity(dir.path(), {}, {"x"}, 1, 10, 0.95));
  write_folder(dir.path());
  std::filesystem::remove(dir / "points.csv");
  REQUIRE(!sweep_sensitivity(dir.path(), {}, {"x"}, 1, 10, 0.95));
}
