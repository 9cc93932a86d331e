// The Sobol estimators on functions whose indices are known in closed form. The inputs are plain Monte Carlo
// samples (the estimators do not assume a quasi-random design), so the estimation error has a known scale: every
// tolerance is 4 bootstrap standard errors of that index, SE ≈ (upper − lower) / (2 · 1.96) from the 95% percentile
// interval (an estimate off by more than 4 SE has probability ≈ 6·10⁻⁵ under the estimator's asymptotic normality),
// and the test also requires that tolerance to be small, so that it cannot pass on an uninformative interval.
#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <vector>

#include <boost/random/uniform_01.hpp>

#include "analysis/sobol_indices.hpp"

using namespace aca;

namespace {

constexpr double pi = 3.14159265358979323846;

using Function = std::function<double(const std::vector<double>&)>;

// Saltelli's outputs of f on n Monte Carlo base samples of the unit cube (A and B independent uniform).
analysis::SaltelliOutputs saltelli_outputs(const Function& f, std::size_t n, std::size_t d, std::uint64_t seed) {
  util::Engine rng = util::make_stream(seed, "test.sobol");
  boost::random::uniform_01<double> u;
  analysis::SaltelliOutputs y;
  y.ab.resize(d);
  std::vector<double> a(d), b(d);
  for (std::size_t j = 0; j < n; ++j) {
    for (auto& v : a) v = u(rng);
    for (auto& v : b) v = u(rng);
    y.a.push_back(f(a));
    y.b.push_back(f(b));
    for (std::size_t i = 0; i < d; ++i) {
      std::vector<double> ab = a;
      ab[i] = b[i];
      y.ab[i].push_back(f(ab));
    }
  }
  return y;
}

double tolerance(const analysis::IndexEstimate& e) { return 4.0 * (e.upper - e.lower) / (2.0 * 1.959964); }

void require_close(const analysis::IndexEstimate& e, double truth, double largest_tolerance) {
  INFO("estimate " << e.value << " [" << e.lower << ", " << e.upper << "], analytic " << truth);
  REQUIRE(tolerance(e) > 0.0);
  REQUIRE(tolerance(e) < largest_tolerance);
  REQUIRE(std::fabs(e.value - truth) <= tolerance(e));
}

// Ishigami (a = 7, b = 0.1) on x ∈ [−π, π]³, from the unit cube.
double ishigami(const std::vector<double>& u) {
  const double x1 = -pi + 2 * pi * u[0], x2 = -pi + 2 * pi * u[1], x3 = -pi + 2 * pi * u[2];
  return std::sin(x1) + 7.0 * std::sin(x2) * std::sin(x2) + 0.1 * std::pow(x3, 4) * std::sin(x1);
}

// Sobol's g-function: Π (|4u_i − 2| + a_i) / (1 + a_i); V_i = 1 / (3 (1 + a_i)²), V = Π (1 + V_i) − 1.
const std::vector<double> g_a = {0.0, 1.0, 4.5, 9.0, 99.0, 99.0};

double g_function(const std::vector<double>& u) {
  double p = 1.0;
  for (std::size_t i = 0; i < g_a.size(); ++i) p *= (std::fabs(4.0 * u[i] - 2.0) + g_a[i]) / (1.0 + g_a[i]);
  return p;
}

struct Analytic {
  std::vector<double> first, total;
};

Analytic g_indices() {
  std::vector<double> vi;
  double prod = 1.0;
  for (double a : g_a) {
    vi.push_back(1.0 / (3.0 * (1.0 + a) * (1.0 + a)));
    prod *= 1.0 + vi.back();
  }
  const double v = prod - 1.0;
  Analytic out;
  for (double x : vi) {
    out.first.push_back(x / v);
    out.total.push_back(x * (prod / (1.0 + x)) / v);
  }
  return out;
}

}  // namespace

TEST_CASE("the Saltelli and Jansen estimators reach Ishigami's analytic first-order and total indices",
          "[sensitivity][sobol]") {
  const auto y = saltelli_outputs(ishigami, 20000, 3, 11);
  util::Engine rng = util::make_stream(5, "analysis.sensitivity");
  const analysis::SobolIndices s = analysis::sobol_indices(y, 500, 0.95, rng);
  REQUIRE(s.samples == 20000);
  // Analytic (a = 7, b = 0.1): V = a²/8 + bπ⁴/5 + b²π⁸/18 + 1/2 = 13.845.
  REQUIRE(s.variance == Approx(13.845).epsilon(0.03));
  const std::vector<double> first = {0.3139, 0.4424, 0.0}, total = {0.5576, 0.4424, 0.2437};
  for (std::size_t i = 0; i < 3; ++i) {
    INFO("x" << i + 1);
    require_close(s.first[i], first[i], 0.1);
    require_close(s.total[i], total[i], 0.1);
  }
}

TEST_CASE("the estimators reach the g-function's analytic indices, the unimportant inputs' near zero",
          "[sensitivity][sobol]") {
  const auto y = saltelli_outputs(g_function, 20000, g_a.size(), 12);
  util::Engine rng = util::make_stream(5, "analysis.sensitivity");
  const analysis::SobolIndices s = analysis::sobol_indices(y, 500, 0.95, rng);
  const Analytic truth = g_indices();
  REQUIRE(truth.first[0] == Approx(0.7165).epsilon(1e-3));  // the literature's value for a = (0, 1, 4.5, 9, 99, 99)
  for (std::size_t i = 0; i < g_a.size(); ++i) {
    INFO("x" << i + 1 << " (a = " << g_a[i] << ")");
    require_close(s.first[i], truth.first[i], 0.1);
    require_close(s.total[i], truth.total[i], 0.1);
  }
  REQUIRE(s.total[4].value < 0.01);  // a = 99: the input barely matters
}

TEST_CASE("the indices' intervals narrow as the base samples grow, about as 1/sqrt(N)", "[sensitivity][sobol]") {
  util::Engine r1 = util::make_stream(5, "analysis.sensitivity"), r2 = util::make_stream(5, "analysis.sensitivity");
  const auto small = analysis::sobol_indices(saltelli_outputs(ishigami, 1000, 3, 21), 400, 0.95, r1);
  const auto large = analysis::sobol_indices(saltelli_outputs(ishigami, 16000, 3, 22), 400, 0.95, r2);
  const double w_small = small.total[0].upper - small.total[0].lower, w_large = large.total[0].upper - large.total[0].lower;
  // 16× the samples: a quarter of the width, give or take the bootstrap's own noise.
  REQUIRE(w_large / w_small == Approx(0.25).margin(0.08));
}

TEST_CASE("a constant output has no indices and the same seed gives the same intervals", "[sensitivity][sobol]") {
  const auto flat = saltelli_outputs([](const std::vector<double>&) { return 2.0; }, 50, 2, 1);
  util::Engine rng = util::make_stream(5, "analysis.sensitivity");
  const auto s = analysis::sobol_indices(flat, 20, 0.95, rng);
  REQUIRE(s.variance == 0.0);
  REQUIRE(std::isnan(s.first[0].value));
  REQUIRE(std::isnan(s.total[1].value));
  const auto y = saltelli_outputs(ishigami, 200, 3, 2);
  util::Engine a = util::make_stream(9, "analysis.sensitivity"), b = util::make_stream(9, "analysis.sensitivity");
  const auto x1 = analysis::sobol_indices(y, 100, 0.9, a), x2 = analysis::sobol_indices(y, 100, 0.9, b);
  REQUIRE(x1.first[0].lower == x2.first[0].lower);
  REQUIRE(x1.total[2].upper == x2.total[2].upper);
  REQUIRE_THROWS_AS(analysis::sobol_indices({{1.0}, {1.0}, {{1.0}}}, 10, 0.95, a), std::invalid_argument);
}
