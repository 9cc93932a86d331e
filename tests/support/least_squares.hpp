#pragma once
// Test helper: a data set's least-squares problem in double, for checking fits against the normal equations.
#include <Eigen/Dense>
#include <cstddef>

#include "data/train_set.hpp"

/// The design matrix [x, 1] (n × (d + 1)) of `s`'s rows and the vector of its responses.
struct LeastSquaresDesign {
  Eigen::MatrixXd X;
  Eigen::VectorXd r;
};

inline LeastSquaresDesign least_squares_design(const aca::data::TrainSet& s) {
  LeastSquaresDesign out{Eigen::MatrixXd(s.n, s.d + 1), Eigen::VectorXd(s.n)};
  for (std::int64_t i = 0; i < s.n; ++i) {
    for (std::int64_t j = 0; j < s.d; ++j) out.X(i, j) = s.x[static_cast<std::size_t>(i * s.d + j)];
    out.X(i, s.d) = 1.0;
    out.r(i) = s.response[static_cast<std::size_t>(i)];
  }
  return out;
}
