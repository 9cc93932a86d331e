#pragma once
// Gradient cancelling for convex models (Hardt et al. 2023, literature §1): the collective reports points
// whose summed loss gradient at θ* is minus the rest of the data's, so θ* is a stationary point of the
// training objective. Gradients written by hand (no LibTorch): logistic ∇ℓ = (σ(θ·x̃) − y)·x̃, least squares
// ∇ℓ = (θ·x̃ − y)·x̃, with x̃ = (x, 1) and θ = [w, b].
//
// Construction: first the fewest points. One vector x with x̃ ∝ r (r the rest's mean gradient), so
// x = r_x / r_b; when that leaves the feature bounds, two vectors x1, x2 with opposite-sign gradient
// coefficients, whose affine combination reaches outside the box. Logistic members split between labels 0 and 1
// in the proportions that give the required coefficients; least-squares members choose their responses. These
// two constructions are sufficient, not necessary: when neither reaches the required t, a logistic plan is the
// best point combination over the box, a linear program (data/gradient_cancel_program.hpp) whose optimum is
// t_max, so "infeasible" is decided by the program (up to its pricing grid, see there), and t_best is its
// optimum. Least squares needs no program: free responses reach every t unless the bounds pin the features.
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

/// One reported feature vector and the members who report it.
struct CancelPoint {
  std::vector<float> x;       ///< feature vector (d entries)
  std::int64_t members = 0;   ///< member rows reporting it
  std::int64_t label0 = 0;    ///< logistic: how many of them report label 0 (the others report 1)
  double response = 0.0;      ///< least squares: the response they report
};

/// The points a gradient-cancelling collective reports, and how well they cancel.
struct GradientCancelPlan {
  bool feasible = false;            ///< the required t is reached with every point inside the bounds and
                                    ///< every point has a member to report it
  double t_required = 0.0;          ///< t = n_rest / n_members = (1 − α)/α
  double t_best = 0.0;              ///< largest t reachable, up to t_required (logistic: the program's optimum)
  std::vector<CancelPoint> points;  ///< what the members report (empty: nothing useful, points kept)
  double residual = 0.0;            ///< ‖total gradient at θ*‖ / ‖rest's gradient‖ after rounding to whole members
  std::string message;              ///< why t_required is out of reach (empty when feasible)
};

/// Plan for binary logistic regression, given the rest's gradient sum (d + 1), its row count and the number of
/// member rows, within [lower, upper] on every feature.
GradientCancelPlan plan_logistic_cancel(const std::vector<double>& rest_sum, std::int64_t n_rest, std::int64_t n_members,
                                        const std::vector<double>& theta, double lower, double upper);

/// Plan for least squares (responses are free, so any t is reachable unless the bounds pin a feature).
GradientCancelPlan plan_linear_cancel(const std::vector<double>& rest_sum, std::int64_t n_rest, std::int64_t n_members,
                                      const std::vector<double>& theta, double lower, double upper);

}  // namespace aca::data
