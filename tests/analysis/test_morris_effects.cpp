// Morris's measures on functions whose elementary effects are known: a linear one (every effect is its
// coefficient) and one with a non-linear and an interacting input (σ > 0 for them only), ranked by μ*.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include "analysis/morris_effects.hpp"

using namespace aca;

namespace {

using Function = std::function<double(const std::vector<double>&)>;

// r one-at-a-time steps per input of size ±Δ (Δ = 2/3, the 4-level grid's), from random grid points: the
// elementary effects the design's trajectories produce, without the trajectories' bookkeeping.
std::vector<std::vector<double>> effects_of(const Function& f, std::size_t d, std::size_t r, std::uint64_t seed) {
  util::Engine rng = util::make_stream(seed, "test.morris");
  boost::random::uniform_int_distribution<int> level(0, 3);
  const double delta = 2.0 / 3.0;
  std::vector<std::vector<double>> e(d);
  for (std::size_t t = 0; t < r; ++t)
    for (std::size_t i = 0; i < d; ++i) {
      std::vector<double> x(d);
      for (auto& v : x) v = level(rng) / 3.0;
      const double step = x[i] < 0.5 ? delta : -delta;
      std::vector<double> y = x;
      y[i] += step;
      e[i].push_back(analysis::elementary_effect(f(x), f(y), step));
    }
  return e;
}

}  // namespace

TEST_CASE("on a linear function mu and mu* are the coefficients' value and size, sigma zero", "[sensitivity][morris]") {
  const auto f = [](const std::vector<double>& x) { return 10 * x[0] - 5 * x[1] + 1 * x[2] + 0 * x[3]; };
  util::Engine rng = util::make_stream(1, "analysis.sensitivity");
  const auto m = analysis::morris_measures(effects_of(f, 4, 20, 3), 200, 0.95, rng);
  const std::vector<double> coef = {10, -5, 1, 0};
  for (std::size_t i = 0; i < 4; ++i) {
    INFO("x" << i + 1);
    REQUIRE(m[i].effects == 20);
    REQUIRE(m[i].mu.value == Approx(coef[i]).margin(1e-9));
    REQUIRE(m[i].mu_star.value == Approx(std::fabs(coef[i])).margin(1e-9));
    REQUIRE(m[i].sigma.value == Approx(0.0).margin(1e-9));
    REQUIRE(m[i].sigma.upper == Approx(0.0).margin(1e-9));
    REQUIRE(m[i].mu_star.lower == Approx(std::fabs(coef[i])).margin(1e-9));  // no spread: a point interval
  }
}

TEST_CASE("mu* ranks the inputs of a non-linear function with interactions as their influence, sigma flags them",
          "[sensitivity][morris]") {
  // x1: strong and linear; x2: non-monotone (effects of both signs cancel in mu, not in mu*); x3: only through its
  // interaction with x1; x4: absent.
  const auto f = [](const std::vector<double>& x) {
    return 8 * x[0] + 6 * (x[1] - 0.5) * (x[1] - 0.5) * 4 + 3 * x[0] * x[2];
  };
  util::Engine rng = util::make_stream(1, "analysis.sensitivity");
  const auto m = analysis::morris_measures(effects_of(f, 4, 40, 4), 300, 0.95, rng);
  REQUIRE(m[0].mu_star.value > m[1].mu_star.value);
  REQUIRE(m[1].mu_star.value > m[2].mu_star.value);
  REQUIRE(m[2].mu_star.value > m[3].mu_star.value);
  REQUIRE(m[3].mu_star.value == 0.0);
  REQUIRE(std::fabs(m[1].mu.value) < m[1].mu_star.value / 2);  // x2's effects change sign: mu hides it, mu* does not
  REQUIRE(m[2].sigma.value > 0.5);                     // x3's effect depends on x1
  REQUIRE(m[2].sigma.lower > 0.0);                     // and its interval says so
  REQUIRE(m[3].sigma.value == 0.0);
  REQUIRE(m[0].mu_star.lower <= m[0].mu_star.value);
  REQUIRE(m[0].mu_star.upper >= m[0].mu_star.value);
  REQUIRE(m[0].mu_star.lower > m[1].mu_star.upper);    // the top rank is clear of the second's interval
}

TEST_CASE("an input without elementary effects has no measures", "[sensitivity][morris]") {
  util::Engine rng = util::make_stream(1, "analysis.sensitivity");
  const auto m = analysis::morris_measures({{1.0, 3.0}, {}}, 10, 0.95, rng);
  REQUIRE(m[0].mu.value == 2.0);
  REQUIRE(m[0].sigma.value == Approx(std::sqrt(2.0)));
  REQUIRE(std::isnan(m[1].sigma.lower));
  REQUIRE(std::isnan(m[1].mu_star.value));
  REQUIRE(m[1].effects == 0);
  REQUIRE(analysis::elementary_effect(1.0, 2.0, -0.5) == -2.0);
}

TEST_CASE("mu and sigma get bootstrap intervals that cover the true values and narrow as one over root n",
          "[sensitivity][morris]") {
  // Effects drawn from N(3, 2²): μ = 3, σ = 2. The sample σ's standard error is about σ/√(2n), so a 95 % interval is
  // about 4σ/√(2n) wide: 0.57 at n = 50, 0.14 at n = 800 (ratio 4).
  util::Engine draw = util::make_stream(7, "test.morris.normal");
  boost::random::normal_distribution<double> normal(3.0, 2.0);
  std::vector<double> small(50), large(800);
  for (auto& v : small) v = normal(draw);
  for (auto& v : large) v = normal(draw);
  util::Engine rng = util::make_stream(1, "analysis.sensitivity");
  const auto m = analysis::morris_measures({small, large}, 1000, 0.95, rng);
  for (const auto& x : m) {
    REQUIRE(x.mu.lower < 3.0);
    REQUIRE(x.mu.upper > 3.0);
    REQUIRE(x.sigma.lower < 2.0);
    REQUIRE(x.sigma.upper > 2.0);
    REQUIRE(x.sigma.lower <= x.sigma.value);
    REQUIRE(x.sigma.upper >= x.sigma.value);
  }
  const double wide = m[0].sigma.upper - m[0].sigma.lower, narrow = m[1].sigma.upper - m[1].sigma.lower;
  INFO("sigma interval widths " << wide << " (n = 50), " << narrow << " (n = 800)");
  REQUIRE(wide / narrow > 2.5);
  REQUIRE(wide / narrow < 6.5);
}
