#include <catch2/catch.hpp>

#include <cmath>

#include "numerics/basins.hpp"

using namespace aca::numerics;

namespace {
// Winner takes all, symmetric in the two collectives: the total s = α_1 + α_2 contracts to 0.8, the lead
// u = α_1 − α_2 is pushed away from 0 towards ±0.8. Stable points (0.8, 0) and (0, 0.8); the saddle (0.4, 0.4)
// and the diagonal u = 0 (its stable manifold) separate their basins.
Point2 winner_takes_all(const Point2& a) {
  const double s = a[0] + a[1], u = a[0] - a[1];
  const double s1 = 0.5 * s + 0.4, u1 = u + 0.5 * u * (1.0 - u * u / 0.64);
  return {(s1 + u1) / 2.0, (s1 - u1) / 2.0};
}
}  // namespace

TEST_CASE("the diagonal separates the basins of a symmetric winner-takes-all map: above it the second "
          "collective wins, below it the first, on it none",
          "[numerics][basins]") {
  const Map2 F = winner_takes_all;
  const auto fps = find_fixed_points_2d(F);
  std::vector<Point2> stable;
  for (const auto& p : fps)
    if (p.stability == Stability2::stable) stable.push_back(p.alpha);
  REQUIRE(stable.size() == 2);
  REQUIRE(stable[0][0] == Approx(0.0).margin(1e-9));  // sorted by α_1: (0, 0.8) first
  REQUIRE(stable[0][1] == Approx(0.8).margin(1e-9));
  REQUIRE(stable[1][0] == Approx(0.8).margin(1e-9));
  for (int i = 0; i <= 20; ++i)
    for (int j = 0; i + j <= 20; ++j) {
      const Point2 start{i / 20.0, j / 20.0};
      INFO("start " << start[0] << ", " << start[1]);
      const long b = basin_of(F, start, stable);
      if (i > j) REQUIRE(b == 1);
      else if (i < j) REQUIRE(b == 0);
      else REQUIRE(b == -1);
    }
}

TEST_CASE("a start is in no basin when the iteration needs more steps than allowed, and in its attractor's when "
          "it starts within the radius",
          "[numerics][basins]") {
  // A slow contraction to (0.5, 0.5): from (0, 0) it takes about 300 steps to come within 0.005.
  const Map2 slow = [](const Point2& a) { return Point2{a[0] + 0.01 * (0.5 - a[0]), a[1] + 0.01 * (0.5 - a[1])}; };
  const std::vector<Point2> at{{0.5, 0.5}};
  BasinOptions few;
  few.max_iterations = 50;
  REQUIRE(basin_of(slow, {0.0, 0.0}, at, few) == -1);
  BasinOptions many;
  many.max_iterations = 1000;
  REQUIRE(basin_of(slow, {0.0, 0.0}, at, many) == 0);
  REQUIRE(basin_of(slow, {0.503, 0.498}, at, few) == 0);
  REQUIRE(basin_of(slow, {0.0, 0.0}, {}, many) == -1);
}
