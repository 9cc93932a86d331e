#pragma once
// The `linear_regression` source: regression data with known ground truth for least-squares platforms.
// Features x ~ N(0, I_d); responses r = w·x + b + N(0, noise²) with the true θ = [w, b]; labels are the
// class nearest the response, y = 1[r > ½] (the label convention of the linear model, learn::Learner::predict).
#include <cstdint>
#include <vector>

#include "data/dataset.hpp"

namespace aca::data {

/// Parameters of the generator (`[data.linear_regression]`).
struct LinearRegressionParams {
  int dim = 2;                                   ///< feature dimension d
  std::vector<double> theta{1.0, -1.0, 0.5};     ///< true θ = [w, b] (d + 1 entries, intercept last)
  double noise = 0.5;                            ///< standard deviation of the response noise
};

/// Reads [data.linear_regression].
LinearRegressionParams linear_regression_params(const config::View& root);

/// Draws n rows: features, TrainSet::response and labels, every draw from `rng` (Boost distributions).
/// Throws std::invalid_argument when θ does not have d + 1 entries or noise < 0.
TrainSet sample_linear_regression(const LinearRegressionParams& p, std::int64_t n, util::Engine& rng);

/// The dataset: a pool of train_points + test_points draws, split as every source is.
class LinearRegressionDataset : public Dataset {
 public:
  LinearRegressionDataset(const LinearRegressionParams& params, std::int64_t train_points, std::int64_t test_points,
                          util::Engine& rng);
  std::string kind() const override { return "linear_regression"; }
};

}  // namespace aca::data
