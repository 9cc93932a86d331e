#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "numerics/fixed_points_kd.hpp"

using namespace aca::numerics;

namespace {
// A 1-D map with fixed points 0 (slope 0.1), 0.15 (slope 1.45) and 0.3 (slope 0.1): h(x) = x + 20 x (x − 0.15)
// (0.3 − x), held in [0, 1/3] (where the clamp acts, h(x) ≠ x, so it adds no fixed point).
double h(double x) { return std::clamp(x + 20.0 * x * (x - 0.15) * (0.3 - x), 0.0, 1.0 / 3.0); }
double h_slope(double x) { return 1.0 + 20.0 * ((0.3 - x) * (2.0 * x - 0.15) - x * (x - 0.15)); }
}  // namespace

TEST_CASE("a K = 3 product map has its 27 product fixed points on the simplex: 8 stable, 1 unstable, 18 saddles, "
          "each with the slopes as eigenvalues",
          "[analysis][fixed_points_kd]") {
  const MapK F = [](const PointK& a) { return PointK{h(a[0]), h(a[1]), h(a[2])}; };
  const auto fps = find_fixed_points_kd(F, 3);
  REQUIRE(fps.size() == 27);
  const double roots[3] = {0.0, 0.15, 0.3};
  std::size_t stable = 0, saddle = 0, unstable = 0;
  for (double r1 : roots)
    for (double r2 : roots)
      for (double r3 : roots) {
        const double r[3] = {r1, r2, r3};
        // The fixed point found nearest to (r1, r2, r3); all 27 are distinct, so each is matched once.
        const FixedPointK* found = &fps.front();
        auto dist = [&](const FixedPointK& q) {
          return std::max({std::fabs(q.alpha[0] - r1), std::fabs(q.alpha[1] - r2), std::fabs(q.alpha[2] - r3)});
        };
        for (const auto& q : fps)
          if (dist(q) < dist(*found)) found = &q;
        const auto& p = *found;
        int unstable_dirs = 0;
        double radius = 0.0;
        for (int k = 0; k < 3; ++k) {
          REQUIRE(p.alpha[k] == Approx(r[k]).margin(1e-9));
          unstable_dirs += r[k] == 0.15;
          radius = std::max(radius, std::fabs(h_slope(r[k])));
        }
        REQUIRE(p.spectral_radius == Approx(radius).margin(1e-5));
        const std::string expected = unstable_dirs == 0 ? "stable" : unstable_dirs == 3 ? "unstable" : "saddle";
        REQUIRE(p.stability == expected);
        REQUIRE_FALSE(p.complex_eigenvalues);
        stable += expected == "stable";
        saddle += expected == "saddle";
        unstable += expected == "unstable";
      }
  CHECK(stable == 8);
  CHECK(saddle == 18);
  CHECK(unstable == 1);
}

TEST_CASE("coupled affine maps: the fixed point is where it was put, a rotation is a stable spiral, a map that "
          "stretches one direction and shrinks another is a saddle",
          "[analysis][fixed_points_kd]") {
  const PointK c{0.2, 0.3, 0.1};
  auto affine = [&](std::vector<double> A) {
    return MapK([A, c](const PointK& a) {
      PointK out(3);
      for (int i = 0; i < 3; ++i) {
        out[i] = c[i];
        for (int j = 0; j < 3; ++j) out[i] += A[i * 3 + j] * (a[j] - c[j]);
      }
      return out;
    });
  };
  // 0.6 × a rotation about the third axis, and 0.5 along it: eigenvalues 0.6e^{±iπ/4} and 0.5.
  const double s = 0.6 / std::sqrt(2.0);
  const auto spiral = find_fixed_points_kd(affine({s, -s, 0, s, s, 0, 0, 0, 0.5}), 3);
  REQUIRE(spiral.size() == 1);
  for (int k = 0; k < 3; ++k) CHECK(spiral[0].alpha[k] == Approx(c[k]).margin(1e-9));
  CHECK(spiral[0].stability == "stable");
  CHECK(spiral[0].complex_eigenvalues);
  CHECK(spiral[0].spectral_radius == Approx(0.6).margin(1e-6));

  // Eigenvalues 1.5, 0.5 and 0.2 after mixing the first two coordinates.
  const auto saddle = find_fixed_points_kd(affine({1.0, 0.5, 0, 0.5, 1.0, 0, 0, 0, 0.2}), 3);
  REQUIRE(saddle.size() == 1);
  CHECK(saddle[0].stability == "saddle");
  REQUIRE(saddle[0].eigen_modulus.size() == 3);
  CHECK(saddle[0].eigen_modulus[0] == Approx(1.5).margin(1e-6));
  CHECK(saddle[0].eigen_modulus[1] == Approx(0.5).margin(1e-6));
  CHECK(saddle[0].eigen_modulus[2] == Approx(0.2).margin(1e-6));
}

TEST_CASE("the simplex lattice holds exactly the points with Σ α_k ≤ 1: (n + K choose K) of them",
          "[analysis][fixed_points_kd]") {
  CHECK(simplex_lattice(3, 10, 1.0, 1.0).size() == 286);
  CHECK(simplex_lattice(4, 4, 1.0, 1.0).size() == 70);
  for (const auto& p : simplex_lattice(3, 5, 1.0, 1.0)) CHECK(p[0] + p[1] + p[2] <= 1.0 + 1e-12);
}

TEST_CASE("find_fixed_points_kd rejects a domain it cannot search", "[analysis][fixed_points_kd]") {
  const MapK F = [](const PointK& a) { return a; };
  CHECK_THROWS_AS(find_fixed_points_kd(F, 0), std::invalid_argument);
  FixedPointKOptions o;
  o.hi = 0.0;
  CHECK_THROWS_AS(find_fixed_points_kd(F, 2, o), std::invalid_argument);
}
