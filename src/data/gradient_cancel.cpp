#include "data/gradient_cancel.hpp"

#include <algorithm>
#include <cmath>

namespace aca::data {

namespace {
double dot_tilde(const std::vector<double>& theta, const float* x, std::int64_t d) {
  double z = theta[static_cast<std::size_t>(d)];
  for (std::int64_t j = 0; j < d; ++j) z += theta[static_cast<std::size_t>(j)] * x[j];
  return z;
}
double sigmoid(double z) { return z >= 0 ? 1.0 / (1.0 + std::exp(-z)) : std::exp(z) / (1.0 + std::exp(z)); }
double norm(const std::vector<double>& v) {
  double s = 0;
  for (double e : v) s += e * e;
  return std::sqrt(s);
}

// The common location x = r_x / r_b (or the origin when the rest's gradient vanishes), with bound checks.
bool locate(const std::vector<double>& rest_sum, double lower, double upper, GradientCancelPlan& plan) {
  const std::size_t d = rest_sum.size() - 1;
  const double rb = rest_sum[d];
  plan.x.assign(d, 0.0f);
  if (norm(rest_sum) < 1e-300) return true;
  if (std::abs(rb) < 1e-12 * norm(rest_sum)) {
    plan.message = "the rest's gradient has no intercept component, so no single reported point is parallel to it";
    return false;
  }
  for (std::size_t j = 0; j < d; ++j) {
    const double v = rest_sum[j] / rb;
    if (v < lower || v > upper) {
      plan.message = "the cancelling point needs feature " + std::to_string(j) + " = " + std::to_string(v) +
                     ", outside the declared bounds [" + std::to_string(lower) + ", " + std::to_string(upper) + "]";
      return false;
    }
    plan.x[j] = static_cast<float>(v);
  }
  return true;
}

double residual(const std::vector<double>& rest_sum, const std::vector<float>& x, double gamma_sum) {
  std::vector<double> total = rest_sum;
  const std::size_t d = x.size();
  for (std::size_t j = 0; j < d; ++j) total[j] += gamma_sum * x[j];
  total[d] += gamma_sum;
  const double base = norm(rest_sum);
  return base > 0 ? norm(total) / base : norm(total);
}
}  // namespace

std::vector<double> logistic_gradient_sum(const float* x, const std::int64_t* y, std::int64_t n, std::int64_t d,
                                          const std::vector<double>& theta) {
  std::vector<double> g(static_cast<std::size_t>(d + 1), 0.0);
  for (std::int64_t i = 0; i < n; ++i) {
    const float* row = x + i * d;
    const double gamma = sigmoid(dot_tilde(theta, row, d)) - static_cast<double>(y[i]);
    for (std::int64_t j = 0; j < d; ++j) g[static_cast<std::size_t>(j)] += gamma * row[j];
    g[static_cast<std::size_t>(d)] += gamma;
  }
  return g;
}

std::vector<double> linear_gradient_sum(const float* x, const float* y, std::int64_t n, std::int64_t d,
                                        const std::vector<double>& theta) {
  std::vector<double> g(static_cast<std::size_t>(d + 1), 0.0);
  for (std::int64_t i = 0; i < n; ++i) {
    const float* row = x + i * d;
    const double rho = dot_tilde(theta, row, d) - static_cast<double>(y[i]);
    for (std::int64_t j = 0; j < d; ++j) g[static_cast<std::size_t>(j)] += rho * row[j];
    g[static_cast<std::size_t>(d)] += rho;
  }
  return g;
}

GradientCancelPlan plan_logistic_cancel(const std::vector<double>& rest_sum, std::int64_t n_rest, std::int64_t n_members,
                                        const std::vector<double>& theta, double lower, double upper) {
  GradientCancelPlan plan;
  if (n_members <= 0) {
    plan.message = "the collective has no members";
    return plan;
  }
  plan.t_required = static_cast<double>(n_rest) / static_cast<double>(n_members);
  if (!locate(rest_sum, lower, upper, plan)) {
    plan.residual = 1.0;
    plan.label0 = 0;
    return plan;
  }
  const std::size_t d = plan.x.size();
  const double s = sigmoid(dot_tilde(theta, plan.x.data(), static_cast<std::int64_t>(d)));
  // Members' mean gradient is (σ − 1 + w)·x̃ with w the share reporting label 0, so its intercept part lies in
  // [σ − 1, σ]; it must equal −t·r_b with r_b the rest's mean intercept gradient.
  const double rb = n_rest > 0 ? rest_sum[d] / static_cast<double>(n_rest) : 0.0;
  double t_max = plan.t_required;
  if (rb > 0) t_max = (1.0 - s) / rb;
  if (rb < 0) t_max = s / -rb;
  plan.t_best = std::min(plan.t_required, t_max);
  plan.feasible = t_max >= plan.t_required;
  if (!plan.feasible)
    plan.message = "the members' gradient cannot be large enough: t = " + std::to_string(plan.t_required) +
                   " is needed, at most " + std::to_string(t_max) + " is reachable (the collective is too small)";
  const double w = std::clamp(-plan.t_best * rb + 1.0 - s, 0.0, 1.0);
  plan.label0 = std::llround(w * static_cast<double>(n_members));
  const double gamma_sum = static_cast<double>(plan.label0) - static_cast<double>(n_members) * (1.0 - s);
  plan.residual = residual(rest_sum, plan.x, gamma_sum);
  return plan;
}

GradientCancelPlan plan_linear_cancel(const std::vector<double>& rest_sum, std::int64_t n_rest, std::int64_t n_members,
                                      const std::vector<double>& theta, double lower, double upper) {
  GradientCancelPlan plan;
  if (n_members <= 0) {
    plan.message = "the collective has no members";
    return plan;
  }
  plan.t_required = static_cast<double>(n_rest) / static_cast<double>(n_members);
  if (!locate(rest_sum, lower, upper, plan)) {
    plan.residual = 1.0;
    return plan;
  }
  const std::size_t d = plan.x.size();
  // Each member's residual ρ = θ·x̃ − y must be −r_b·n_rest/n_members (the intercept part of the target).
  const double rho = -rest_sum[d] / static_cast<double>(n_members);
  plan.response = dot_tilde(theta, plan.x.data(), static_cast<std::int64_t>(d)) - rho;
  plan.feasible = true;
  plan.t_best = plan.t_required;
  plan.residual = residual(rest_sum, plan.x, rho * static_cast<double>(n_members));
  return plan;
}

}  // namespace aca::data
