#include <catch2/catch.hpp>

#include <cmath>

#include "numerics/fixed_points_2d.hpp"

using namespace aca::numerics;

namespace {
// 1-D cubic with fixed points 0 (slope 0.4), 0.3 (slope 1.42) and 1 (slope −0.4).
double cubic(double x) { return x - 2.0 * x * (x - 0.3) * (x - 1.0); }
double cubic_slope(double x) { return 1.0 - 2.0 * ((x - 0.3) * (x - 1.0) + x * (x - 1.0) + x * (x - 0.3)); }
}  // namespace

TEST_CASE("a product of two 1-D maps has the nine product fixed points: stable corners, saddles on the edges, "
          "a source in the middle",
          "[analysis][fixed_points_2d]") {
  const Map2 F = [](const Point2& a) { return Point2{cubic(a[0]), cubic(a[1])}; };
  const auto fps = find_fixed_points_2d(F);
  REQUIRE(fps.size() == 9);
  const double roots[3] = {0.0, 0.3, 1.0};
  std::size_t k = 0;
  for (double r1 : roots)
    for (double r2 : roots) {
      const auto& p = fps[k++];
      REQUIRE(p.alpha[0] == Approx(r1).margin(1e-9));
      REQUIRE(p.alpha[1] == Approx(r2).margin(1e-9));
      // Eigenvalues of a diagonal Jacobian are the two 1-D slopes.
      const double m1 = std::fabs(cubic_slope(r1)), m2 = std::fabs(cubic_slope(r2));
      REQUIRE(p.eigen_modulus[0] == Approx(std::max(m1, m2)).margin(1e-5));
      REQUIRE(p.eigen_modulus[1] == Approx(std::min(m1, m2)).margin(1e-5));
      const int unstable_dirs = (r1 == 0.3) + (r2 == 0.3);
      const Stability2 expected =
          unstable_dirs == 0 ? Stability2::stable : unstable_dirs == 1 ? Stability2::saddle : Stability2::unstable;
      REQUIRE(p.stability == expected);
      REQUIRE_FALSE(p.complex_eigenvalues);
    }
}

TEST_CASE("a coupled linear map has its fixed point at (I − A)⁻¹b with the eigenvalues of A",
          "[analysis][fixed_points_2d]") {
  // A = [[0.5, 0.2], [0.1, 0.3]], b = (0.2, 0.1): α* = (0.16, 0.07)/0.33, eigenvalues 0.4 ± sqrt(0.03).
  const Map2 F = [](const Point2& a) {
    return Point2{0.5 * a[0] + 0.2 * a[1] + 0.2, 0.1 * a[0] + 0.3 * a[1] + 0.1};
  };
  const auto fps = find_fixed_points_2d(F);
  REQUIRE(fps.size() == 1);
  REQUIRE(fps[0].alpha[0] == Approx(0.16 / 0.33).margin(1e-10));
  REQUIRE(fps[0].alpha[1] == Approx(0.07 / 0.33).margin(1e-10));
  REQUIRE(fps[0].jacobian[1] == Approx(0.2).margin(1e-8));
  REQUIRE(fps[0].jacobian[2] == Approx(0.1).margin(1e-8));
  REQUIRE(fps[0].eigen_modulus[0] == Approx(0.4 + std::sqrt(0.03)).margin(1e-8));
  REQUIRE(fps[0].eigen_modulus[1] == Approx(0.4 - std::sqrt(0.03)).margin(1e-8));
  REQUIRE(fps[0].stability == Stability2::stable);
}

TEST_CASE("a contracting rotation has a stable fixed point with complex eigenvalues of modulus 0.9",
          "[analysis][fixed_points_2d]") {
  const Map2 F = [](const Point2& a) {
    return Point2{0.5 - 0.9 * (a[1] - 0.5), 0.5 + 0.9 * (a[0] - 0.5)};
  };
  const auto fps = find_fixed_points_2d(F);
  REQUIRE(fps.size() == 1);
  REQUIRE(fps[0].alpha[0] == Approx(0.5).margin(1e-10));
  REQUIRE(fps[0].complex_eigenvalues);
  REQUIRE(fps[0].eigen_modulus[0] == Approx(0.9).margin(1e-8));
  REQUIRE(fps[0].stability == Stability2::stable);
  // The same rotation expanding by 1.1 is a source.
  const Map2 G = [](const Point2& a) {
    return Point2{0.5 - 1.1 * (a[1] - 0.5), 0.5 + 1.1 * (a[0] - 0.5)};
  };
  REQUIRE(find_fixed_points_2d(G).at(0).stability == Stability2::unstable);
}

TEST_CASE("the 2-D search stays inside the box and rejects a map that is NaN there", "[analysis][fixed_points_2d]") {
  // Defined only on [0, 0.5]²; the only fixed point in that box is (0.2, 0.2).
  const Map2 F = [](const Point2& a) {
    if (a[0] > 0.5 || a[1] > 0.5 || a[0] < 0 || a[1] < 0) return Point2{NAN, NAN};
    return Point2{0.1 + 0.5 * a[0], 0.1 + 0.5 * a[1]};
  };
  FixedPoint2Options o;
  o.hi = 0.5;
  const auto fps = find_fixed_points_2d(F, o);
  REQUIRE(fps.size() == 1);
  REQUIRE(fps[0].alpha[0] == Approx(0.2).margin(1e-10));
  REQUIRE(fps[0].stability == Stability2::stable);
  REQUIRE_THROWS_AS(find_fixed_points_2d(F), std::invalid_argument);
}
