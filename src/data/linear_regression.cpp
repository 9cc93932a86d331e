#include "data/linear_regression.hpp"

#include <stdexcept>
#include <string>

#include <boost/random/normal_distribution.hpp>

#include "config/scenario.hpp"

namespace aca::data {

LinearRegressionParams linear_regression_params(const config::View& root) {
  const config::View g = root.sub("data").sub("linear_regression");
  LinearRegressionParams p;
  p.dim = static_cast<int>(g.integer("dim"));
  p.theta = g.reals("theta");
  p.noise = g.real("noise");
  return p;
}

TrainSet sample_linear_regression(const LinearRegressionParams& p, std::int64_t n, util::Engine& rng) {
  if (p.dim < 1) throw std::invalid_argument("linear_regression: dim must be ≥ 1");
  if (p.theta.size() != static_cast<std::size_t>(p.dim) + 1)
    throw std::invalid_argument("linear_regression: theta has " + std::to_string(p.theta.size()) + " entries, needs dim + 1 = " +
                                std::to_string(p.dim + 1) + " (weights then intercept)");
  if (!(p.noise >= 0)) throw std::invalid_argument("linear_regression: noise must be ≥ 0");
  boost::random::normal_distribution<double> z;
  TrainSet s;
  s.n = n;
  s.d = p.dim;
  s.num_classes = 2;
  const auto D = static_cast<std::size_t>(p.dim);
  s.x.resize(static_cast<std::size_t>(n) * D);
  s.y.resize(static_cast<std::size_t>(n));
  s.response.resize(static_cast<std::size_t>(n));
  for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i) {
    // The response uses the float features the platform sees, so θ is exactly the model behind the stored data.
    double r = p.theta[D];
    for (std::size_t j = 0; j < D; ++j) {
      const auto xj = static_cast<float>(z(rng));
      s.x[i * D + j] = xj;
      r += p.theta[j] * static_cast<double>(xj);
    }
    r += p.noise * z(rng);
    s.response[i] = static_cast<float>(r);
    s.y[i] = r > 0.5 ? 1 : 0;
  }
  return s;
}

LinearRegressionDataset::LinearRegressionDataset(const LinearRegressionParams& params, std::int64_t train_points,
                                                 std::int64_t test_points, util::Engine& rng) {
  split(sample_linear_regression(params, train_points + test_points, rng), test_points, rng);
}

}  // namespace aca::data
