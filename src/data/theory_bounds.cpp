#include "data/theory_bounds.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace aca::data {

namespace {
double clamp01(double v) { return std::min(1.0, std::max(0.0, v)); }
double subopt_penalty(double eps) { return eps / (1.0 - eps); }
}  // namespace

double feature_label_bound(double alpha, double xi, double delta0, double eps_subopt) {
  if (alpha <= 0.0) return 0.0;
  return clamp01(1.0 - (1.0 - alpha) / alpha * delta0 * xi - subopt_penalty(eps_subopt));
}

double feature_only_bound(double alpha, double xi, double p, double eps_subopt) {
  if (alpha <= 0.0 || p <= 0.0) return 0.0;
  return clamp01(1.0 - (1.0 - p) / (p * alpha) * xi - subopt_penalty(eps_subopt));
}

double feature_label_critical_mass(double target, double xi, double delta0, double eps_subopt) {
  // Solving 1 − ((1−α)/α)Δ0ξ − e = S* for α gives α = Δ0ξ / (1 − S* − e + Δ0ξ).
  const double slack = 1.0 - target - subopt_penalty(eps_subopt);
  const double dx = delta0 * xi;
  if (slack < 0.0 || slack + dx <= 0.0) return std::numeric_limits<double>::infinity();
  return dx / (slack + dx);
}

}  // namespace aca::data
