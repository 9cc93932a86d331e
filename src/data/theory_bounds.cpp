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

double hoeffding_radius(double delta, double k) {
  if (k <= 0) return std::numeric_limits<double>::infinity();
  return std::sqrt(std::log(1.0 / delta) / (2.0 * k));
}

double finite_sample_feature_label_bound(std::int64_t n, std::int64_t N, std::int64_t n_test,
                                         const std::vector<double>& collective_mass, const std::vector<double>& delta_x,
                                         std::size_t num_labels, double delta, double eps_subopt,
                                         double signal_cells) {
  if (n <= 0 || N <= 0 || n > N) return 0.0;
  const double cells = std::max(signal_cells, static_cast<double>(collective_mass.size()));
  // One union bound over the collective's masses, the base masses of every (cell, label) and the test sample.
  const double dt = delta / (2.0 + 2.0 * cells + 2.0 * cells * static_cast<double>(num_labels));
  const double Rn = hoeffding_radius(dt, static_cast<double>(n));
  const double Rrest = N > n ? hoeffding_radius(dt, static_cast<double>(N - n)) : 0.0;
  const double Rtest = hoeffding_radius(dt, static_cast<double>(n_test));
  const double a = static_cast<double>(n) / static_cast<double>(N);
  double mass = 0.0;
  for (std::size_t c = 0; c < collective_mass.size(); ++c) {
    const double margin = a * (collective_mass[c] - 2 * Rn) - (1 - a) * (delta_x[c] + 2 * Rn + 2 * Rrest) -
                          subopt_penalty(eps_subopt);
    if (margin > 0) mass += collective_mass[c];
  }
  return clamp01(mass - Rn - Rtest);
}

double group_privacy_success_cap(double success_without, std::int64_t k, double epsilon, double delta) {
  const double kk = static_cast<double>(k);
  return std::min(1.0, std::exp(kk * epsilon) * success_without + kk * std::exp((kk - 1.0) * epsilon) * delta);
}

}  // namespace aca::data
