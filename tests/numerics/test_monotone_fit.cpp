#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include "numerics/monotone_fit.hpp"
#include "util/rng.hpp"

using namespace aca::numerics;

namespace {

// The min-max characterisation of weighted isotonic regression: fit_i = max_{j≤i} min_{k≥i} avg_w(y_j..y_k).
// O(n^3), independent of pool-adjacent-violators.
std::vector<double> minmax_isotonic(const std::vector<double>& y, const std::vector<double>& w) {
  const std::size_t n = y.size();
  std::vector<double> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    double best = -std::numeric_limits<double>::infinity();
    for (std::size_t j = 0; j <= i; ++j) {
      double worst = std::numeric_limits<double>::infinity();
      for (std::size_t k = i; k < n; ++k) {
        double sw = 0, swy = 0;
        for (std::size_t l = j; l <= k; ++l) {
          sw += w[l];
          swy += w[l] * y[l];
        }
        worst = std::min(worst, swy / sw);
      }
      best = std::max(best, worst);
    }
    out[i] = best;
  }
  return out;
}

}  // namespace

TEST_CASE("isotonic regression leaves a non-decreasing sequence unchanged", "[analysis][monotone]") {
  const std::vector<double> y = {0.0, 0.1, 0.1, 0.5, 0.9, 1.0};
  REQUIRE(isotonic_regression(y, std::vector<double>(y.size(), 1.0)) == y);
}

TEST_CASE("isotonic regression pools adjacent violators into their weighted mean", "[analysis][monotone]") {
  REQUIRE(isotonic_regression({1, 3, 2, 4}, {1, 1, 1, 1}) == std::vector<double>{1, 2.5, 2.5, 4});
  // Weighted: (3·1 + 2·3) / 4 = 2.25.
  REQUIRE(isotonic_regression({1, 3, 2}, {1, 1, 3}) == std::vector<double>{1, 2.25, 2.25});
  // A violation that cascades back through an earlier block: {5, 1, 0} pools to their mean 2.
  REQUIRE(isotonic_regression({5, 1, 0}, {1, 1, 1}) == std::vector<double>{2, 2, 2});
}

TEST_CASE("isotonic regression equals the min-max formula on random weighted data", "[analysis][monotone]") {
  auto rng = aca::util::make_stream(11, "test.isotonic");
  boost::random::uniform_01<double> u;
  boost::random::uniform_int_distribution<int> len(1, 12);
  for (int rep = 0; rep < 200; ++rep) {
    const int n = len(rng);
    std::vector<double> y(n), w(n);
    for (int i = 0; i < n; ++i) {
      y[i] = u(rng) + 0.05 * i;
      w[i] = 0.1 + 3 * u(rng);
    }
    const auto fit = isotonic_regression(y, w);
    const auto ref = minmax_isotonic(y, w);
    for (int i = 0; i < n; ++i) REQUIRE(fit[i] == Approx(ref[i]).margin(1e-12));
    for (int i = 1; i < n; ++i) REQUIRE(fit[i] >= fit[i - 1]);
  }
}

TEST_CASE("isotonic regression rejects non-positive weights and mismatched sizes", "[analysis][monotone]") {
  REQUIRE_THROWS_AS(isotonic_regression({1, 2}, {1, 0}), std::invalid_argument);
  REQUIRE_THROWS_AS(isotonic_regression({1, 2}, {1}), std::invalid_argument);
}

TEST_CASE("group_by_alpha sorts the grid and keeps every replicate", "[analysis][monotone]") {
  const auto g = group_by_alpha({{0.2, 0.5}, {0.1, 0.1}, {0.2, 0.7}, {0.0, 0.0}});
  REQUIRE(g.alphas == std::vector<double>{0.0, 0.1, 0.2});
  REQUIRE(g.successes[2] == std::vector<double>{0.5, 0.7});
  REQUIRE_THROWS_AS(group_by_alpha({{0.1, std::nan("")}}), std::invalid_argument);
  REQUIRE_THROWS_AS(group_by_alpha({}), std::invalid_argument);
}

TEST_CASE("the monotone curve interpolates linearly inside the grid and is NaN outside it", "[analysis][monotone]") {
  const MonotoneCurve c{{0.0, 0.1, 0.3}, {0.0, 0.4, 0.8}};
  REQUIRE(c(0.0) == 0.0);
  REQUIRE(c(0.1) == 0.4);
  REQUIRE(c(0.3) == 0.8);
  REQUIRE(c(0.05) == Approx(0.2));
  REQUIRE(c(0.2) == Approx(0.6));
  REQUIRE(std::isnan(c(-0.01)));
  REQUIRE(std::isnan(c(0.31)));
  REQUIRE_FALSE(c.covers(0.5));
}

TEST_CASE("fit_monotone fits the replicate means weighted by replicate counts", "[analysis][monotone]") {
  // Means 0.2 (1 replicate), 0.5, 0.3 (3 replicates): the violation pools to (0.5·2 + 0.3·3)/5 = 0.38.
  ReplicateGrid g{{0.0, 0.1, 0.2, 0.3}, {{0.2}, {0.4, 0.6}, {0.2, 0.3, 0.4}, {0.9}}};
  const auto fit = fit_monotone(g);
  REQUIRE(fit.raw_means[1] == Approx(0.5));
  REQUIRE(fit.curve.values[0] == Approx(0.2));
  REQUIRE(fit.curve.values[1] == Approx(0.38));
  REQUIRE(fit.curve.values[2] == Approx(0.38));
  REQUIRE(fit.curve.values[3] == Approx(0.9));
  REQUIRE(fit.counts == std::vector<std::size_t>{1, 2, 3, 1});
  REQUIRE(fit_mean_curve(g).values == fit.curve.values);
}

TEST_CASE("the min-max band is the per-alpha replicate range when that range is already monotone",
          "[analysis][monotone]") {
  ReplicateGrid g{{0.0, 0.1, 0.2}, {{0.0, 0.1}, {0.2, 0.5, 0.3}, {0.6, 0.9}}};
  const auto fit = fit_monotone(g);
  REQUIRE(fit.lower.values == std::vector<double>{0.0, 0.2, 0.6});
  REQUIRE(fit.upper.values == std::vector<double>{0.1, 0.5, 0.9});
}

TEST_CASE("the sd band is mean ± k·sd fitted monotonically", "[analysis][monotone]") {
  ReplicateGrid g{{0.0, 0.5}, {{0.1, 0.3}, {0.6, 0.8}}};
  const double sd = std::sqrt(0.02);  // sample sd of {0.1, 0.3} and of {0.6, 0.8}
  const auto fit = fit_monotone(g, {BandKind::sd, 2.0});
  REQUIRE(fit.lower.values[0] == Approx(0.2 - 2 * sd));
  REQUIRE(fit.upper.values[1] == Approx(0.7 + 2 * sd));
}

TEST_CASE("the band encloses the fit and both edges are non-decreasing on noisy replicates", "[analysis][monotone]") {
  auto rng = aca::util::make_stream(5, "test.band");
  boost::random::uniform_01<double> u;
  for (int rep = 0; rep < 50; ++rep) {
    ReplicateGrid g;
    for (int i = 0; i < 15; ++i) {
      g.alphas.push_back(0.02 * i);
      std::vector<double> r;
      for (int k = 0; k < 1 + rep % 5; ++k) r.push_back(std::min(1.0, 0.05 * i + 0.4 * (u(rng) - 0.5)));
      g.successes.push_back(r);
    }
    for (auto kind : {BandKind::min_max, BandKind::sd}) {
      const auto fit = fit_monotone(g, {kind, 1.0});
      for (std::size_t i = 0; i < g.alphas.size(); ++i) {
        REQUIRE(fit.lower.values[i] <= fit.curve.values[i]);
        REQUIRE(fit.curve.values[i] <= fit.upper.values[i]);
        if (i) {
          REQUIRE(fit.curve.values[i] >= fit.curve.values[i - 1]);
          REQUIRE(fit.lower.values[i] >= fit.lower.values[i - 1]);
          REQUIRE(fit.upper.values[i] >= fit.upper.values[i - 1]);
        }
      }
    }
  }
}

TEST_CASE("fit_monotone rejects unsorted grids and empty replicate lists", "[analysis][monotone]") {
  REQUIRE_THROWS_AS(fit_monotone({{0.2, 0.1}, {{0.1}, {0.2}}}), std::invalid_argument);
  REQUIRE_THROWS_AS(fit_monotone({{0.1, 0.2}, {{0.1}, {}}}), std::invalid_argument);
  REQUIRE_THROWS_AS(fit_monotone({{0.1, 0.2}, {{0.1}}}), std::invalid_argument);
}

TEST_CASE("the joint grid reproduces a bilinear function exactly and is NaN outside", "[analysis][monotone]") {
  auto f = [](double a, double b) { return 0.1 + 0.5 * a - 0.3 * b + 0.7 * a * b; };
  JointGrid g{{0.0, 0.2, 0.5}, {0.0, 0.1, 0.4, 1.0}, {}};
  for (double a : g.alphas1)
    for (double b : g.alphas2) g.values.push_back(f(a, b));
  validate(g);
  for (double a : {0.0, 0.05, 0.2, 0.33, 0.5})
    for (double b : {0.0, 0.07, 0.4, 0.9, 1.0}) REQUIRE(g(a, b) == Approx(f(a, b)).margin(1e-14));
  REQUIRE(std::isnan(g(0.6, 0.5)));
  REQUIRE(std::isnan(g(0.1, -0.1)));
  g.values.pop_back();
  REQUIRE_THROWS_AS(validate(g), std::invalid_argument);
}

TEST_CASE("mean_joint_grid averages the replicates of each cell", "[analysis][monotone]") {
  const auto g = mean_joint_grid({0.0, 1.0}, {0.0, 1.0}, {{0.0, 0.2}, {0.5}, {1.0}, {0.3, 0.5, 0.7}});
  REQUIRE(g.at(0, 0) == Approx(0.1));
  REQUIRE(g.at(1, 1) == Approx(0.5));
  REQUIRE(g(0.5, 0.5) == Approx((0.1 + 0.5 + 1.0 + 0.5) / 4));
  REQUIRE_THROWS_AS(mean_joint_grid({0.0}, {0.0}, {{}}), std::invalid_argument);
}
