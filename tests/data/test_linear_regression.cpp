#include <catch2/catch.hpp>

#include <Eigen/Dense>
#include <cmath>

#include "config/scenario.hpp"
#include "data/dataset.hpp"
#include "data/linear_regression.hpp"
#include "support/least_squares.hpp"

using namespace aca;
using namespace aca::data;

namespace {

// Ordinary least squares [w, b] of the set's responses on its features, in double.
Eigen::VectorXd ols(const TrainSet& s) {
  const auto [X, r] = least_squares_design(s);
  return (X.transpose() * X).ldlt().solve(X.transpose() * r);
}

}  // namespace

TEST_CASE("linear_regression responses follow the true theta: OLS recovers it within 5 standard errors",
          "[linear_regression]") {
  LinearRegressionParams p;
  p.dim = 3;
  p.theta = {1.5, -2.0, 0.25, 0.7};
  p.noise = 0.5;
  const std::int64_t n = 20000;
  util::Engine rng = util::make_stream(11, util::streams::data);
  const TrainSet s = sample_linear_regression(p, n, rng);
  REQUIRE(s.n == n);
  REQUIRE(s.d == 3);
  REQUIRE(s.response.size() == static_cast<std::size_t>(n));
  REQUIRE(s.num_classes == 2);
  // With x ~ N(0, I) the OLS coefficients have standard error noise/√n (the intercept too).
  const Eigen::VectorXd theta = ols(s);
  const double se = p.noise / std::sqrt(static_cast<double>(n));
  for (int j = 0; j < 4; ++j) CHECK(std::abs(theta(j) - p.theta[static_cast<std::size_t>(j)]) < 5 * se);
  // Residuals about the true θ have variance noise², standard error noise²·√(2/n); features are standard normal.
  double sq = 0, mean0 = 0, var0 = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    double z = p.theta[3];
    for (int j = 0; j < 3; ++j) z += p.theta[static_cast<std::size_t>(j)] * s.x[static_cast<std::size_t>(i * 3 + j)];
    const double e = s.response[static_cast<std::size_t>(i)] - z;
    sq += e * e;
    mean0 += s.x[static_cast<std::size_t>(i * 3)];
    var0 += std::pow(s.x[static_cast<std::size_t>(i * 3)], 2);
  }
  CHECK(std::abs(sq / n - 0.25) < 5 * 0.25 * std::sqrt(2.0 / n));
  CHECK(std::abs(mean0 / n) < 5 / std::sqrt(static_cast<double>(n)));
  CHECK(std::abs(var0 / n - 1.0) < 5 * std::sqrt(2.0 / n));
}

TEST_CASE("linear_regression labels are the class nearest the response (1 iff r > 1/2)", "[linear_regression]") {
  LinearRegressionParams p;
  util::Engine rng = util::make_stream(12, util::streams::data);
  const TrainSet s = sample_linear_regression(p, 2000, rng);
  std::int64_t ones = 0;
  for (std::size_t i = 0; i < s.y.size(); ++i) {
    CHECK(s.y[i] == (s.response[i] > 0.5f ? 1 : 0));
    ones += s.y[i];
  }
  CHECK(ones > 0);
  CHECK(ones < s.n);
}

TEST_CASE("linear_regression is deterministic per seed and rejects a theta of the wrong length", "[linear_regression]") {
  LinearRegressionParams p;
  util::Engine a = util::make_stream(5, util::streams::data), b = util::make_stream(5, util::streams::data),
               c = util::make_stream(6, util::streams::data);
  const TrainSet sa = sample_linear_regression(p, 100, a), sb = sample_linear_regression(p, 100, b),
                 sc = sample_linear_regression(p, 100, c);
  CHECK(sa.x == sb.x);
  CHECK(sa.response == sb.response);
  CHECK(sa.x != sc.x);
  p.theta = {1.0, 2.0};
  CHECK_THROWS_AS(sample_linear_regression(p, 10, a), std::invalid_argument);
  p.theta = {1.0, 2.0, 3.0};
  p.noise = -1;
  CHECK_THROWS_AS(sample_linear_regression(p, 10, a), std::invalid_argument);
}

TEST_CASE("data.source = linear_regression builds a split whose train and test rows carry responses",
          "[linear_regression]") {
  const auto sc = config::parse_scenario(R"(
[population]
size = 300
[data]
source = "linear_regression"
test_size = 100
[data.linear_regression]
dim = 2
theta = [2.0, 0.0, -1.0]
noise = 0.0
)", "<test>");
  const auto ds = make_dataset(sc.root(), ".", 7);
  CHECK(ds->kind() == "linear_regression");
  REQUIRE(ds->train().n == 300);
  REQUIRE(ds->test().n == 100);
  for (const TrainSet* s : {&ds->train(), &ds->test()}) {
    REQUIRE(s->response.size() == static_cast<std::size_t>(s->n));
    // Noise 0: every response is exactly 2·x1 − 1 (to float rounding).
    for (std::int64_t i = 0; i < s->n; ++i)
      CHECK(s->response[static_cast<std::size_t>(i)] ==
            Approx(2.0 * s->x[static_cast<std::size_t>(i * 2)] - 1.0).margin(1e-5));
  }
}

TEST_CASE("the schema rejects a linear_regression theta that does not have dim + 1 entries", "[linear_regression]") {
  CHECK_THROWS_AS(config::parse_scenario(R"(
[data]
source = "linear_regression"
[data.linear_regression]
dim = 3
theta = [1.0, 2.0, 3.0]
)", "<test>"),
                  config::ScenarioError);
}
