#include <catch2/catch.hpp>

#include <cmath>

#include <boost/math/distributions/normal.hpp>

#include "agents/type_distribution.hpp"
#include "helpers.hpp"

using namespace aca;

namespace {
config::Distribution dist(std::string name, std::map<std::string, double> params) {
  config::Distribution d;
  d.dist = std::move(name);
  d.params = std::move(params);
  return d;
}

double correlation(const Eigen::ArrayXd& a, const Eigen::ArrayXd& b) {
  const Eigen::ArrayXd x = a - a.mean(), y = b - b.mean();
  return (x * y).sum() / std::sqrt((x * x).sum() * (y * y).sum());
}
}  // namespace

TEST_CASE("quantile functions invert the declared distributions", "[agents][types]") {
  REQUIRE(agents::quantile(dist("uniform", {{"low", 2}, {"high", 4}}), 0.25) == Approx(2.5));
  REQUIRE(agents::quantile(dist("normal", {{"mean", 1}, {"sd", 2}}), 0.975) == Approx(1 + 2 * 1.959963984540054));
  REQUIRE(agents::quantile(dist("normal", {{"mean", 0}, {"sd", 1}, {"max", 0.5}}), 0.99) == 0.5);
  REQUIRE(agents::quantile(dist("beta", {{"a", 3}, {"b", 3}, {"low", 0}, {"high", 10}}), 0.5) == Approx(5.0));
  REQUIRE(agents::quantile(dist("lognormal", {{"mu", 0}, {"sigma", 1}}), 0.5) == Approx(1.0));
  REQUIRE(agents::quantile(dist("constant", {{"value", 3}}), 0.1) == 3.0);
  config::Distribution emp;
  emp.dist = "empirical";
  emp.file = "types.csv";
  emp.column = "cost";
  REQUIRE(agents::quantile(emp, 0.0, AGENTS_FIXTURES) == 0.1);
  REQUIRE(agents::quantile(emp, 0.99, AGENTS_FIXTURES) == 0.4);
}

TEST_CASE("the Gaussian copula reaches the declared correlation and keeps the marginals", "[agents][types]") {
  // Two normal marginals: the copula reproduces the normals' correlation ρ exactly in distribution; the sample
  // correlation's standard error is (1 − ρ²)/√n, so 5 standard errors is a tolerance that fails by chance < 1e-6.
  const std::size_t n = 20000;
  const double rho = 0.8;
  util::Engine e = util::make_stream(3, util::streams::population);
  const auto draws = agents::sample_copula({dist("normal", {{"mean", 0}, {"sd", 1}}), dist("uniform", {{"low", 0}, {"high", 1}})},
                                           {{1.0, rho}, {rho, 1.0}}, n, e);
  REQUIRE(draws.size() == 2);
  // Map the uniform marginal back to normal scores to compare with ρ on the normal scale.
  Eigen::ArrayXd z(static_cast<Eigen::Index>(n));
  for (Eigen::Index i = 0; i < z.size(); ++i) z[i] = boost::math::quantile(boost::math::normal(), draws[1][i]);
  REQUIRE(std::abs(correlation(draws[0], z) - rho) < 5 * (1 - rho * rho) / std::sqrt(double(n)));
  // Uniform marginal: mean 1/2 with standard error sqrt(1/12/n).
  REQUIRE(std::abs(draws[1].mean() - 0.5) < 5 * std::sqrt(1.0 / 12 / n));
  REQUIRE(draws[1].minCoeff() >= 0.0);
  REQUIRE(draws[1].maxCoeff() <= 1.0);
}

TEST_CASE("a correlation matrix that is not positive definite is rejected", "[agents][types]") {
  util::Engine e = util::make_stream(3, util::streams::population);
  const auto d = dist("normal", {{"mean", 0}, {"sd", 1}});
  REQUIRE_THROWS_AS(agents::sample_copula({d, d, d}, {{1, 0.9, -0.9}, {0.9, 1, 0.9}, {-0.9, 0.9, 1}}, 10, e),
                    std::invalid_argument);
}
