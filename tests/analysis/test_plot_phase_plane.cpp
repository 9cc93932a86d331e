#include <catch2/catch.hpp>

#include <cmath>

#include "analysis/plot_phase_plane.hpp"
#include "dat_blocks.hpp"
#include "numerics/basins.hpp"
#include "temp_dir.hpp"

using namespace aca::analysis;
using namespace aca::analysis::test;
namespace numerics = aca::numerics;

namespace {

// Symmetric winner takes all (tests/numerics/test_basins.cpp): stable (0, 0.8) and (0.8, 0), saddle (0.4, 0.4).
numerics::Point2 winner_takes_all(const numerics::Point2& a) {
  const double s = a[0] + a[1], u = a[0] - a[1];
  const double s1 = 0.5 * s + 0.4, u1 = u + 0.5 * u * (1.0 - u * u / 0.64);
  return {(s1 + u1) / 2.0, (s1 - u1) / 2.0};
}

PhasePlane winner_takes_all_plane(std::size_t n) {
  PhasePlane p;
  p.name_1 = "left";
  p.name_2 = "right";
  p.equilibria = {{0.0, 0.8, "stable"}, {0.4, 0.4, "saddle"}, {0.8, 0.0, "stable"}};
  const std::vector<numerics::Point2> stable{{0.0, 0.8}, {0.8, 0.0}};
  const long row_of[2] = {0, 2};
  for (std::size_t i = 0; i <= n; ++i)
    for (std::size_t j = 0; i + j <= n; ++j) {
      const numerics::Point2 a{double(i) / double(n), double(j) / double(n)};
      const auto next = winner_takes_all(a);
      const long b = numerics::basin_of(winner_takes_all, a, stable);
      p.grid.push_back({a[0], a[1], next[0], next[1], b < 0 ? -1 : row_of[b]});
    }
  p.trajectory = {"this run α(t)", {0.3, 0.35, 0.6}, {0.2, 0.1, 0.05}};
  return p;
}

}  // namespace

TEST_CASE("the phase plane shades each grid point in its basin's block, the diagonal of a symmetric map in none",
          "[analysis][phase_plane]") {
  const ScratchDir dir("phase_basins");
  const PhasePlane p = winner_takes_all_plane(20);
  const auto f = plot_phase_plane(dir / "pp", p, {"", "share of workers in left, α₁", "share of workers in right, α₂"});
  REQUIRE(is_png_file(f.png));
  const auto blocks = read_dat_blocks(f.data);
  const DatBlock* above = find_block(blocks, "basin of equilibria_joint.csv row 0");
  const DatBlock* below = find_block(blocks, "basin of equilibria_joint.csv row 2");
  REQUIRE(above);
  REQUIRE(below);
  REQUIRE_FALSE(find_block(blocks, "basin of equilibria_joint.csv row 1"));  // a saddle has no basin
  for (const auto& r : above->rows) REQUIRE(r[1] > r[0]);
  for (const auto& r : below->rows) REQUIRE(r[0] > r[1]);
  // 231 grid points, 11 on the diagonal: the two basins hold the other 220, half each.
  REQUIRE(above->rows.size() == 110);
  REQUIRE(below->rows.size() == 110);
  for (const auto& r : above->rows) REQUIRE(r[2] == Approx(0.025));  // half a cell of the 1/20 grid
}

TEST_CASE("the phase plane's arrows point along F(α) − α with one length, on every second grid point",
          "[analysis][phase_plane]") {
  const ScratchDir dir("phase_arrows");
  const PhasePlane p = winner_takes_all_plane(20);
  const auto f = plot_phase_plane(dir / "pp", p, {"", "α₁", "α₂"});
  const auto blocks = read_dat_blocks(f.data);
  const DatBlock* arrows = find_block(blocks, "direction field");
  REQUIRE(arrows);
  REQUIRE(arrows->rows.size() >= 60);
  for (const auto& r : arrows->rows) {
    INFO(r[0] << ", " << r[1]);
    REQUIRE(std::fmod(std::round(r[0] * 20), 2.0) == 0.0);
    REQUIRE(std::fmod(std::round(r[1] * 20), 2.0) == 0.0);
    const auto next = winner_takes_all({r[0], r[1]});
    const double dx = next[0] - r[0], dy = next[1] - r[1];
    REQUIRE(std::hypot(r[2], r[3]) == Approx(1.2 / 20));
    REQUIRE(r[2] * dy - r[3] * dx == Approx(0.0).margin(1e-12));  // parallel
    REQUIRE(r[2] * dx + r[3] * dy > 0);                            // same sense
  }
}

TEST_CASE("the phase plane draws stable equilibria filled, the saddle as its own hollow marker, and the trajectory "
          "from its start, with the legend below a square plot area and the axes are the collectives' shares",
          "[analysis][phase_plane]") {
  const ScratchDir dir("phase_points");
  const PhasePlane p = winner_takes_all_plane(10);
  const auto f = plot_phase_plane(dir / "pp", p, {"", "share of workers in left, α₁", "share of workers in right, α₂"});
  const auto blocks = read_dat_blocks(f.data);
  const DatBlock* stable = find_block(blocks, "stable equilibria");
  const DatBlock* saddle = find_block(blocks, "saddle equilibria");
  const DatBlock* path = find_block(blocks, "observed trajectory");
  REQUIRE(stable);
  REQUIRE(saddle);
  REQUIRE(path);
  REQUIRE(stable->rows == std::vector<std::vector<double>>{{0.0, 0.8}, {0.8, 0.0}});
  REQUIRE(saddle->rows == std::vector<std::vector<double>>{{0.4, 0.4}});
  REQUIRE(path->rows.size() == 3);
  REQUIRE(path->rows[0] == std::vector<double>{0.3, 0.2, 0.0});
  const std::string script = text_of(f.script);
  REQUIRE_THAT(script, Catch::Contains("with points pt 7 ps 2 lc 7 title 'stable equilibrium'"));
  REQUIRE_THAT(script, Catch::Contains("with points pt 12 ps 2.6 lw 2 lc 7 title 'saddle (separates the basins)'"));
  REQUIRE_THAT(script, Catch::Contains("with boxxyerror fs transparent solid 0.22 noborder lc 1 title 'basin of (0, 0.8)'"));
  REQUIRE_THAT(script, Catch::Contains("set key at screen "));
  REQUIRE_THAT(script, Catch::Contains(", plot area 3.18 x 3.18 in, legend "));  // square, equal ranges
  REQUIRE_THAT(script, Catch::Contains("set xrange [-0.02:1.02]\nset yrange [-0.02:1.02]"));
  REQUIRE_THAT(script, Catch::Contains("set xlabel 'share of workers in left, α₁'"));
  REQUIRE_THAT(script, Catch::Contains("every ::0::0 using 1:2 with points pt 5"));  // the start marked
}
