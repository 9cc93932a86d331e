#pragma once
// Gradient cancelling for convex models (Hardt et al. 2023, literature §1): the collective reports points
// whose summed loss gradient at θ* is minus the rest of the data's, so θ* is a stationary point of the
// training objective. Gradients written by hand (no LibTorch): logistic ∇ℓ = (σ(θ·x̃) − y)·x̃, least squares
// ∇ℓ = (θ·x̃ − y)·x̃, with x̃ = (x, 1) and θ = [w, b].
//
// Construction: every member reports the same feature vector x with x̃ ∝ r, r the rest's mean gradient, so
// x = r_x / r_b; logistic members split between labels 0 and 1 in the proportion that gives the required
// gradient size, least-squares members choose their response. This one-location construction is a
// sufficient one: when x leaves the feature bounds it reports infeasible although several locations might
// still succeed.
#include <cstdint>
#include <string>
#include <vector>

namespace aca::data {

/// Sum over n rows (row-major x, n × d) of the logistic-loss gradient at θ (d + 1 entries, intercept last).
std::vector<double> logistic_gradient_sum(const float* x, const std::int64_t* y, std::int64_t n, std::int64_t d,
                                          const std::vector<double>& theta);

/// Sum over n rows of the squared-loss gradient ½(θ·x̃ − y)² at θ.
std::vector<double> linear_gradient_sum(const float* x, const float* y, std::int64_t n, std::int64_t d,
                                        const std::vector<double>& theta);

/// The points a gradient-cancelling collective reports, and how well they cancel.
struct GradientCancelPlan {
  bool feasible = false;         ///< the required t is reached with x inside the bounds
  double t_required = 0.0;       ///< t = n_rest / n_members = (1 − α)/α
  double t_best = 0.0;           ///< largest t this construction reaches (= t_required when feasible)
  std::vector<float> x;          ///< feature vector every member reports (d entries)
  std::int64_t label0 = 0;       ///< logistic: members reporting label 0 (the others report 1)
  double response = 0.0;         ///< least squares: response every member reports
  double residual = 0.0;         ///< ‖total gradient at θ*‖ / ‖rest's gradient‖ after rounding to whole members
  std::string message;           ///< why it is infeasible (empty when feasible)
};

/// Plan for binary logistic regression, given the rest's gradient sum (d + 1), its row count and the number of
/// member rows, within [lower, upper] on every feature.
GradientCancelPlan plan_logistic_cancel(const std::vector<double>& rest_sum, std::int64_t n_rest, std::int64_t n_members,
                                        const std::vector<double>& theta, double lower, double upper);

/// Plan for least squares (always reaches t_required when x is within bounds).
GradientCancelPlan plan_linear_cancel(const std::vector<double>& rest_sum, std::int64_t n_rest, std::int64_t n_members,
                                      const std::vector<double>& theta, double lower, double upper);

}  // namespace aca::data
