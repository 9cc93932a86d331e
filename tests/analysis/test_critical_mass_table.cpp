#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "analysis/critical_mass_table.hpp"
#include "analysis/plot.hpp"
#include "analysis/run_reader.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using namespace aca::analysis;
using namespace aca::numerics;
using aca::analysis::test::ScratchDir;

namespace {

// Three policy settings: reached with a finite interval, reached with the upper end beyond the grid, and
// never reached.
CriticalMassSeries example() {
  const double inf = std::numeric_limits<double>::infinity();
  CriticalMassSeries s{"DP-SGD", "epsilon", {8, 2, 1}, {}};
  CriticalMassInterval a;
  a.point = {CriticalMassStatus::reached, 0.12, 0.5, 0.8};
  a.lower = 0.1;
  a.upper = 0.15;
  a.resamples = 1000;
  CriticalMassInterval b = a;
  b.point.alpha = 0.4;
  b.lower = 0.3;
  b.upper = inf;
  b.upper_beyond_grid = true;
  b.resamples_not_reached = 200;
  CriticalMassInterval c = a;
  c.point = {CriticalMassStatus::not_reached, std::nan(""), 0.5, 0.8};
  c.lower = c.upper = inf;
  c.lower_beyond_grid = c.upper_beyond_grid = true;
  c.resamples_not_reached = 1000;
  s.intervals = {a, b, c};
  return s;
}

}  // namespace

TEST_CASE("the critical mass table has one row per setting and never prints a fake number for an unreached target",
          "[analysis][critical]") {
  const ScratchDir dir("cm_table");
  write_critical_mass_table(dir / "critical_mass.csv", {example()});
  std::ifstream in(dir / "critical_mass.csv");
  std::stringstream ss;
  ss << in.rdbuf();
  REQUIRE(ss.str() ==
          "series,parameter,x,target,status,alpha_star,max_alpha_tested,level,lower,upper,resamples,"
          "resamples_not_reached\n"
          "DP-SGD,epsilon,8,0.8,reached,0.12,0.5,0.95,0.1,0.15,1000,0\n"
          "DP-SGD,epsilon,2,0.8,reached,0.4,0.5,0.95,0.3,inf,1000,200\n"
          "DP-SGD,epsilon,1,0.8,not_reached,,0.5,0.95,inf,inf,1000,1000\n");
  auto bad = example();
  bad.x.pop_back();
  REQUIRE_THROWS_AS(write_critical_mass_table(dir / "bad.csv", {bad}), std::invalid_argument);
}

TEST_CASE("the critical mass figure over a policy parameter renders PNG and SVG with beyond-grid markers",
          "[analysis][plot]") {
  const ScratchDir dir("cm_plot");
  const auto f = plot_critical_mass(dir / "alpha_star_vs_epsilon", {example()}, {"α*(ε)", "ε", "α*", true});
  REQUIRE(is_png_file(f.png));
  REQUIRE(is_svg_file(f.svg));
  REQUIRE(fs::file_size(f.png) > 1000);
  std::ifstream in(f.script);
  std::stringstream ss;
  ss << in.rdbuf();
  REQUIRE(ss.str().find("> max α tested") != std::string::npos);
}

TEST_CASE("a policy value of infinity is drawn beyond the finite ones after an axis break, at a tick labelled ∞, "
          "with ticks exactly at the values, and tabled as inf",
          "[analysis][plot][critical]") {
  const ScratchDir dir("cm_plot_inf");
  auto s = example();
  s.x = {std::numeric_limits<double>::infinity(), 2, 1};  // target_epsilon = inf: non-private
  const auto f = plot_critical_mass(dir / "alpha_star_vs_epsilon", {s}, {"α*(ε)", "ε", "α*", true}, "∞ (no DP)");
  REQUIRE(is_png_file(f.png));
  std::ifstream script(f.script);
  std::stringstream gp;
  gp << script.rdbuf();
  // Ticks at the swept values only; ∞ at 4 × the largest finite value on a log axis.
  CHECK(gp.str().find("set xtics ('1' 1, '2' 2, '∞ (no DP)' 8)\n") != std::string::npos);
  CHECK(gp.str().find("set mxtics 1") != std::string::npos);
  // The break mark: a gap in the axis and two slashes between 2 and 8 (at 2·4^0.44 ≈ 3.7 and 2·4^0.56 ≈ 4.4).
  CHECK(gp.str().find("set object 1 rect from first 3.") != std::string::npos);
  CHECK(gp.str().find("set arrow 20 from first ") != std::string::npos);
  CHECK(gp.str().find("set arrow 21 from first ") != std::string::npos);
  std::ifstream data(f.data);
  std::stringstream dat;
  dat << data.rdbuf();
  CHECK(dat.str().find("inf") == std::string::npos);  // drawn at its marked position, never as a non-number
  // Finite values first; the ∞ row (at x = 8) follows a blank line so no line joins it to the finite values.
  CHECK(dat.str().find(")\n2 0.4 0.3 0.5\n\n8 0.12 0.1 0.15\n") != std::string::npos);
  write_critical_mass_table(dir / "critical_mass.csv", {s});
  std::ifstream table(dir / "critical_mass.csv");
  std::stringstream csv;
  csv << table.rdbuf();
  CHECK(csv.str().find("\nDP-SGD,epsilon,inf,0.8,reached,0.12,") != std::string::npos);
}
