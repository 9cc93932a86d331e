#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "numerics/fixed_points.hpp"
#include "numerics/monotone_fit.hpp"

using namespace aca::numerics;

namespace {
// NaN passes through (std::max(0.0, NaN) would silently turn it into 0).
double clamp01(double x) { return std::isnan(x) ? x : std::min(1.0, std::max(0.0, x)); }
}  // namespace

TEST_CASE("uniform costs on [c_lo, c_hi] and linear success give fixed points 0, c_lo/(1/a - w) and 1 with the "
          "middle one a tipping point",
          "[analysis][fixed_points]") {
  // S(α) = min(1, α/a); an agent with cost c ~ U[c_lo, c_hi] joins iff S ≥ c, so F(α) = clamp((S − c_lo)/w)
  // with w = c_hi − c_lo. Solving α = (α/a − c_lo)/w by hand: α_m = c_lo/(1/a − w), slope 1/(a·w).
  const double a = 0.5, c_lo = 0.2, c_hi = 0.6, w = c_hi - c_lo;
  auto F = [&](double x) { return clamp01((std::min(1.0, x / a) - c_lo) / w); };
  const auto fps = find_fixed_points(F);
  REQUIRE(fps.size() == 3);
  REQUIRE(fps[0].alpha == 0.0);
  REQUIRE(fps[0].stability == Stability::stable);
  REQUIRE(fps[0].slope == Approx(0.0).margin(1e-9));
  REQUIRE(fps[1].alpha == Approx(c_lo / (1 / a - w)).margin(1e-12));  // 0.125
  REQUIRE(fps[1].slope == Approx(1 / (a * w)).epsilon(1e-6));        // 5
  REQUIRE(fps[1].stability == Stability::unstable);
  REQUIRE(fps[1].tipping_point);
  REQUIRE(fps[2].alpha == 1.0);
  REQUIRE(fps[2].stability == Stability::stable);
  REQUIRE_FALSE(fps[0].tipping_point);
  REQUIRE_FALSE(fps[2].tipping_point);
}

TEST_CASE("uniform costs on [0, c_bar] with a*c_bar < 1 make 0 unstable (no tipping point) and 1 stable",
          "[analysis][fixed_points]") {
  // F(α) = min(1, S(α)/c̄) = min(1, α/(a·c̄)) with a·c̄ = 0.5: slope 2 at 0, flat at 1.
  auto F = [](double x) { return std::min(1.0, std::min(1.0, x / 0.5) / 1.0); };
  const auto fps = find_fixed_points(F);
  REQUIRE(fps.size() == 2);
  REQUIRE(fps[0].alpha == 0.0);
  REQUIRE(fps[0].stability == Stability::unstable);
  REQUIRE(fps[0].slope == Approx(2.0));
  REQUIRE_FALSE(fps[0].tipping_point);  // no stable fixed point below it
  REQUIRE(fps[1].alpha == 1.0);
  REQUIRE(fps[1].stability == Stability::stable);
}

TEST_CASE("uniform costs on [0, c_bar] with a*c_bar > 1 leave only a stable fixed point at 0",
          "[analysis][fixed_points]") {
  auto F = [](double x) { return std::min(1.0, std::min(1.0, x / 1.0) / 2.0); };  // α/2
  const auto fps = find_fixed_points(F);
  REQUIRE(fps.size() == 1);
  REQUIRE(fps[0].alpha == 0.0);
  REQUIRE(fps[0].slope == Approx(0.5));
  REQUIRE(fps[0].stability == Stability::stable);
}

TEST_CASE("a cubic map with roots 0, m, 1 has exactly those fixed points with slopes 1 + k·m(1−m) in the middle",
          "[analysis][fixed_points]") {
  // F(α) = α − k·α(α − m)(α − 1): F'(0) = 1 − k·m, F'(m) = 1 + k·m(1 − m), F'(1) = 1 − k(1 − m).
  const double k = 2.0, m = 0.3;
  auto F = [&](double x) { return x - k * x * (x - m) * (x - 1); };
  const auto fps = find_fixed_points(F);
  REQUIRE(fps.size() == 3);
  REQUIRE(fps[0].alpha == 0.0);
  REQUIRE(fps[1].alpha == Approx(m).margin(1e-12));
  REQUIRE(fps[2].alpha == 1.0);
  REQUIRE(fps[0].slope == Approx(1 - k * m).margin(1e-5));
  REQUIRE(fps[1].slope == Approx(1 + k * m * (1 - m)).margin(1e-6));
  REQUIRE(fps[2].slope == Approx(1 - k * (1 - m)).margin(1e-5));  // −0.4: |F'| < 1, stable
  REQUIRE(fps[0].stability == Stability::stable);
  REQUIRE(fps[1].stability == Stability::unstable);
  REQUIRE(fps[1].tipping_point);
  REQUIRE(fps[2].stability == Stability::stable);
}

TEST_CASE("logistic success with uniform costs gives stable 0, an unstable tipping point, and stable 1",
          "[analysis][fixed_points]") {
  auto S = [](double x) { return 1.0 / (1.0 + std::exp(-(x - 0.3) / 0.05)); };
  auto F = [&](double x) { return clamp01((S(x) - 0.05) / 0.9); };  // costs ~ U[0.05, 0.95]
  const auto fps = find_fixed_points(F);
  REQUIRE(fps.size() == 3);
  REQUIRE(fps[0].alpha == 0.0);
  REQUIRE(fps[0].stability == Stability::stable);
  // By hand: F(0.2) = 0.077 < 0.2 and F(0.3) = 0.5 > 0.3, so the middle crossing lies in (0.2, 0.3).
  REQUIRE(fps[1].alpha > 0.2);
  REQUIRE(fps[1].alpha < 0.3);
  REQUIRE(std::fabs(F(fps[1].alpha) - fps[1].alpha) < 1e-10);
  REQUIRE(fps[1].slope > 1.0);
  REQUIRE(fps[1].tipping_point);
  REQUIRE(fps[2].alpha == 1.0);
  REQUIRE(fps[2].stability == Stability::stable);
}

namespace {
// Granovetter's riot: 100 people with integer thresholds τ_i (act when at least τ_i others act);
// F(r) = share of people with τ_i ≤ 100·r. The 1e-9 keeps 100·0.29 = 28.999… from dropping a person.
std::function<double(double)> threshold_cdf(std::vector<int> tau) {
  return [tau](double r) {
    int n = 0;
    for (int t : tau) n += t <= 100.0 * r + 1e-9;
    return static_cast<double>(n) / static_cast<double>(tau.size());
  };
}
}  // namespace

TEST_CASE("Granovetter's thresholds 0..99 cascade to full participation, and raising one threshold 1 to 2 stops "
          "it at one person",
          "[analysis][fixed_points]") {
  std::vector<int> tau(100);
  for (int i = 0; i < 100; ++i) tau[i] = i;
  const auto F1 = threshold_cdf(tau);
  const auto fps1 = find_fixed_points(F1);
  REQUIRE(fps1.size() == 1);
  REQUIRE(fps1[0].alpha == 1.0);
  REQUIRE(attractor_of(fps1, F1, 0.0) == 0);

  tau[1] = 2;
  const auto F2 = threshold_cdf(tau);
  const auto fps2 = find_fixed_points(F2);
  // F2 = 0.01 on [0.01, 0.02): a fixed point at 0.01; F2 jumps over the diagonal at 0.02 (not a fixed point).
  REQUIRE(fps2.size() == 2);
  REQUIRE(fps2[0].alpha == Approx(0.01).margin(1e-12));
  REQUIRE(fps2[0].stability == Stability::stable);
  REQUIRE(fps2[1].alpha == 1.0);
  REQUIRE(attractor_of(fps2, F2, 0.0) == 0);
  REQUIRE(attractor_of(fps2, F2, 0.5) == 1);
}

TEST_CASE("a map that jumps over the diagonal has no fixed point at the jump", "[analysis][fixed_points]") {
  auto F = [](double x) { return x < 0.5 ? 0.7 : 0.3; };
  REQUIRE(find_fixed_points(F).empty());
}

TEST_CASE("a map equal to the identity on an interval yields one neutral segment", "[analysis][fixed_points]") {
  auto F = [](double x) { return x < 0.25 ? 0.0 : (x <= 0.75 ? x : 1.0); };
  const auto fps = find_fixed_points(F);
  REQUIRE(fps.size() == 3);
  REQUIRE(fps[0].alpha == 0.0);
  REQUIRE(fps[1].alpha == 0.25);
  REQUIRE(fps[1].alpha_end == 0.75);
  REQUIRE(fps[1].stability == Stability::neutral);
  REQUIRE(fps[2].alpha == 1.0);
}

TEST_CASE("attractor_of follows the sign of F(α) − α to the nearest fixed point", "[analysis][fixed_points]") {
  const double k = 2.0, m = 0.3;
  auto F = [&](double x) { return x - k * x * (x - m) * (x - 1); };
  const auto fps = find_fixed_points(F);
  REQUIRE(attractor_of(fps, F, 0.1) == 0);   // below the tipping point: back to 0
  REQUIRE(attractor_of(fps, F, 0.31) == 2);  // above it: up to 1
  REQUIRE(attractor_of(fps, F, 0.3) == 1);   // on it
}

TEST_CASE("fixed points of a map built on a measured curve are searched only on the tested alpha range",
          "[analysis][fixed_points]") {
  // S measured on α ∈ [0, 0.5] (exactly α/0.5 there), NaN beyond: the search must stay inside [0, 0.5].
  const MonotoneCurve S{{0.0, 0.1, 0.2, 0.3, 0.4, 0.5}, {0.0, 0.2, 0.4, 0.6, 0.8, 1.0}};
  auto F = [&](double x) { return clamp01((S(x) - 0.2) / 0.4); };
  REQUIRE(std::isnan(F(0.6)));
  FixedPointOptions o;
  o.hi = 0.5;
  const auto fps = find_fixed_points(F, o);
  REQUIRE(fps.size() == 2);
  REQUIRE(fps[0].alpha == 0.0);
  REQUIRE(fps[0].stability == Stability::stable);
  REQUIRE(fps[1].alpha == Approx(0.125).margin(1e-12));
  REQUIRE(fps[1].stability == Stability::unstable);
  REQUIRE_FALSE(fps[1].tipping_point);  // no stable fixed point above it within the tested range
  REQUIRE(F(0.5) > 0.5);                // participation grows past the largest α tested
  REQUIRE(attractor_of(fps, F, 0.3) == -1);
  REQUIRE_THROWS_AS(find_fixed_points(F), std::invalid_argument);  // the default domain [0, 1] reaches NaN
}

TEST_CASE("a map that points above the end of its domain is reported with its value there, one within it is not",
          "[analysis][fixed_points]") {
  FixedPointOptions o;
  o.hi = 0.3;
  // F(α) = 0.2 + α: above the diagonal everywhere, so no fixed point lies in [0, 0.3] and F(0.3) = 0.5.
  const auto up = [](double a) { return 0.2 + a; };
  CHECK(find_fixed_points(up, o).empty());
  REQUIRE(points_beyond(up, o));
  CHECK(*points_beyond(up, o) == Approx(0.5));
  CHECK_FALSE(points_beyond([](double a) { return 0.5 * a + 0.1; }, o));  // fixed point 0.2 inside, F(0.3) < 0.3
  o.hi = 1.0;
  CHECK_FALSE(points_beyond(up, o));  // nothing lies beyond a share of 1
}
