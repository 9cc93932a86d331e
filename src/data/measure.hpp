#pragma once
// Measurement without a model dependence: the model enters as a predict callback (or its predictions), and
// every rate comes with a Wilson score interval.
#include <cstdint>
#include <functional>
#include <vector>

#include "data/collective_spec.hpp"
#include "data/train_set.hpp"

namespace aca::data {

/// A model seen from outside: the predicted label of every row of a set.
using Predictor = std::function<std::vector<std::int64_t>(const TrainSet&)>;

/// A measured rate k / n with its Wilson score interval.
struct Proportion {
  std::int64_t successes = 0;  ///< k
  std::int64_t trials = 0;     ///< n
  double estimate = 0.0;       ///< k / n (0 when n = 0)
  double lower = 0.0;          ///< Wilson interval lower end
  double upper = 1.0;          ///< Wilson interval upper end
};

/// Wilson score interval for k successes in n trials at normal quantile z (1.96 ≈ 95 %).
Proportion wilson(std::int64_t k, std::int64_t n, double z = 1.959963984540054);

/// Success of collective `c` on the held-out points with its signal applied: planting strategies
/// Pr[f(g(x)) = y*] (Pr[f(g(x)) ∈ targets] with several targets), erasure Pr[f(g(x)) = f(x)]. Not for gradient_cancel (see theta_agreement).
Proportion collective_success(const TrainSet& test, const CollectiveSpec& c, const Predictor& f);

/// Accuracy on the unmodified held-out points.
Proportion clean_accuracy(const TrainSet& test, const Predictor& f);

/// Accuracy per group (index = group id), from predictions of every row of `test`; empty without groups.
std::vector<Proportion> group_accuracy(const TrainSet& test, const std::vector<std::int64_t>& predictions);

/// Worst group's accuracy estimate (1 when there are no groups).
double worst_group_accuracy(const std::vector<Proportion>& groups);

/// Share of rows on which the model agrees with f_θ*, which predicts 1 iff θ*·x̃ > threshold (binary logistic:
/// 0; least squares on 0/1 responses: ½).
Proportion theta_agreement(const TrainSet& test, const std::vector<double>& theta_star, const Predictor& f,
                           double threshold = 0.0);

/// ‖θ − θ*‖ (Euclidean); the success measure of a gradient-cancelling collective.
double theta_distance(const std::vector<double>& theta, const std::vector<double>& theta_star);

}  // namespace aca::data
