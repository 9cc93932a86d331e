#include <catch2/catch.hpp>

#include "support/run_into.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "sim/participation_map_writer.hpp"

namespace fs = std::filesystem;
using namespace aca;

namespace {

// Every row of a CSV as strings (empty fields kept), header first.
std::vector<std::vector<std::string>> csv_rows(const fs::path& p) {
  std::ifstream in(p);
  REQUIRE(in);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::size_t start = 0;
    for (std::size_t comma = line.find(','); ; comma = line.find(',', start)) {
      cells.push_back(line.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    rows.push_back(cells);
  }
  return rows;
}

double num(const std::string& s) { return std::strtod(s.c_str(), nullptr); }

fs::path fresh(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / name;
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

// The symmetric winner-takes-all map of tests/numerics/test_basins.cpp: the diagonal separates the basins.
numerics::Point2 winner_takes_all(const numerics::Point2& a) {
  const double s = a[0] + a[1], u = a[0] - a[1];
  const double s1 = 0.5 * s + 0.4, u1 = u + 0.5 * u * (1.0 - u * u / 0.64);
  return {(s1 + u1) / 2.0, (s1 - u1) / 2.0};
}

}  // namespace

TEST_CASE("participation_map.csv tabulates each collective's map on [0, 1], finer near 0 and at its fixed points, "
          "and flags the points beyond the estimated grid",
          "[participation_map]") {
  const fs::path dir = fresh("acasim_pmap_alone");
  sim::AloneMap square{[](double a) { return a * a; }, 0.6};
  sim::AloneMap half{[](double a) { return 0.5 * a + 0.1; }, 1.0};
  // right's map 0.5·α + 0.1 has its fixed point at 0.2; the engine's α* is added to the grid exactly.
  const std::vector<sim::Equilibrium> eq{{"right", 0.2, 0.5, "stable", false, false},
                                         {"right", 0.123456, 0.0, "stable", false, false}};
  sim::write_alone_maps(dir, {"left", "right"}, {square, half}, eq);
  const auto rows = csv_rows(dir / "participation_map.csv");
  REQUIRE(rows[0] == std::vector<std::string>{"collective", "alpha", "next_alpha", "estimated"});
  std::map<std::string, std::vector<double>> alphas;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const double a = num(rows[r][1]), next = num(rows[r][2]);
    alphas[rows[r][0]].push_back(a);
    REQUIRE(next == Approx(rows[r][0] == "left" ? a * a : 0.5 * a + 0.1).margin(1e-15));
    REQUIRE(rows[r][3] == (rows[r][0] == "right" || a <= 0.6 + 1e-12 ? "true" : "false"));
  }
  // 201 uniform points, 90 more of the 0.0005 grid below 0.05 (every tenth is uniform already), and right's α*
  // (0.2 is a uniform point already).
  REQUIRE(alphas["left"].size() == 291);
  REQUIRE(alphas["right"].size() == 292);
  for (const auto& [name, a] : alphas) {
    REQUIRE(a.front() == 0.0);
    REQUIRE(a.back() == 1.0);
    for (std::size_t i = 1; i < a.size(); ++i) REQUIRE(a[i] > a[i - 1]);
  }
  REQUIRE(std::count(alphas["right"].begin(), alphas["right"].end(), 0.123456) == 1);
  REQUIRE(std::count(alphas["left"].begin(), alphas["left"].end(), 0.0125) == 1);  // on the fine grid
}

TEST_CASE("participation_map_joint.csv covers the simplex and gives each grid point the row of the stable "
          "equilibrium it reaches: the diagonal of a symmetric winner-takes-all map separates the basins",
          "[participation_map]") {
  const fs::path dir = fresh("acasim_pmap_joint");
  // Rows as equilibria_joint.csv lists them: (0, 0.8) stable, the saddle (0.4, 0.4), (0.8, 0) stable.
  const std::vector<sim::JointEquilibrium> eq{{{0.0, 0.8}, "stable", {0.0, 0.0}, false},
                                               {{0.4, 0.4}, "saddle", {1.5, 0.5}, false},
                                               {{0.8, 0.0}, "stable", {0.0, 0.0}, false}};
  sim::MapGrid grid;
  grid.joint_cells = 20;
  sim::write_joint_map(dir, {winner_takes_all, 1.0}, eq, grid);
  const auto rows = csv_rows(dir / "participation_map_joint.csv");
  REQUIRE(rows[0] == std::vector<std::string>{"alpha_1", "alpha_2", "next_alpha_1", "next_alpha_2", "basin"});
  REQUIRE(rows.size() == 1 + 21 * 22 / 2);  // (i, j) with i + j ≤ 20
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const double a1 = num(rows[r][0]), a2 = num(rows[r][1]);
    INFO("grid point " << a1 << ", " << a2);
    REQUIRE(a1 + a2 <= 1.0 + 1e-12);
    const auto next = winner_takes_all({a1, a2});
    REQUIRE(num(rows[r][2]) == Approx(next[0]).margin(1e-15));
    REQUIRE(num(rows[r][3]) == Approx(next[1]).margin(1e-15));
    const std::string expected = std::abs(a1 - a2) < 1e-12 ? "" : a1 > a2 ? "2" : "0";
    REQUIRE(rows[r][4] == expected);
  }
}

TEST_CASE("a two-collective run writes the engine's maps: F(α) − α changes sign exactly in the grid cells holding "
          "the equilibria of equilibria.csv, and each stable joint equilibrium lies in its own basin",
          "[participation_map][competition]") {
  const auto s = run_into("two_collectives.toml", "acasim_pmap_run");
  const fs::path dir = s.out_dir;
  std::map<std::string, std::vector<std::pair<double, double>>> map;  // collective → (α, F(α))
  const auto rows = csv_rows(dir / "participation_map.csv");
  for (std::size_t r = 1; r < rows.size(); ++r) map[rows[r][0]].push_back({num(rows[r][1]), num(rows[r][2])});
  REQUIRE(map.size() == 2);
  for (const auto& [name, pts] : map) {
    REQUIRE(pts.size() >= 291);
    // Cells [α_i, α_{i+1}] where F(α) − α changes sign (or touches zero) against the equilibria found there.
    std::vector<double> engine;
    for (const auto& e : s.equilibria)
      if (e.collective == name) engine.push_back(e.alpha);
    std::size_t crossings = 0;
    for (std::size_t i = 0; i + 1 < pts.size(); ++i) {
      const double g0 = pts[i].second - pts[i].first, g1 = pts[i + 1].second - pts[i + 1].first;
      if (!(g0 > 0) == !(g1 > 0)) continue;
      ++crossings;
      bool found = false;
      for (double a : engine) found = found || (a >= pts[i].first - 1e-3 && a <= pts[i + 1].first + 1e-3);
      INFO(name << ": sign change of F(α) − α on [" << pts[i].first << ", " << pts[i + 1].first << "]");
      REQUIRE(found);
    }
    REQUIRE(crossings >= engine.size() - 1);  // an equilibrium at the right end need not change sign
    // Each α* of equilibria.csv is a row, where the map returns it up to one agent's step (1.5 / 2,000).
    for (double a : engine) {
      bool row = false;
      for (const auto& [x, fx] : pts)
        if (x == a) {
          row = true;
          REQUIRE(std::abs(fx - a) <= 1.5 / 2000 + 1e-9);
        }
      INFO(name << ": α* = " << a);
      REQUIRE(row);
    }
  }
  const auto joint = csv_rows(dir / "participation_map_joint.csv");
  REQUIRE(joint.size() == 1 + 41 * 42 / 2);
  REQUIRE(s.joint_equilibria);
  for (std::size_t e = 0; e < s.joint_equilibria->size(); ++e) {
    const auto& q = (*s.joint_equilibria)[e];
    if (q.stability != "stable") continue;
    // The grid point nearest the stable equilibrium belongs to its basin.
    std::size_t best = 1;
    double d = 1e9;
    for (std::size_t r = 1; r < joint.size(); ++r) {
      const double dr = std::hypot(num(joint[r][0]) - q.alpha[0], num(joint[r][1]) - q.alpha[1]);
      if (dr < d) d = dr, best = r;
    }
    REQUIRE(joint[best][4] == std::to_string(e));
  }
}
