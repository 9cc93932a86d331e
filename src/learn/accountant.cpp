#include "learn/accountant.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace aca::learn {

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

// log(e^x + e^y) without overflow; -inf is the log of zero.
double log_add(double x, double y) {
  const double a = std::min(x, y), b = std::max(x, y);
  if (a == -inf) return b;
  return std::log1p(std::exp(a - b)) + b;
}

// log(e^x − e^y) for x ≥ y, as Opacus's _log_sub (including its overflow fallback).
double log_sub(double x, double y) {
  if (x < y) throw std::domain_error("rdp accountant: negative intermediate in the fractional-order series");
  if (y == -inf) return x;
  if (x == y) return -inf;
  const double d = x - y;
  if (d > 700) return x;  // expm1 would overflow; e^y is negligible next to e^x
  return std::log(std::expm1(d)) + y;
}

// log(erfc(x)); std::erfc underflows past x ≈ 26, where the asymptotic series is already exact to double.
double log_erfc(double x) {
  if (x < 25) return std::log(std::erfc(x));
  const double r = 1.0 / (2.0 * x * x);
  const double series = 1 - r + 3 * r * r - 15 * r * r * r + 105 * r * r * r * r;
  return -x * x - std::log(x) - 0.5 * std::log(M_PI) + std::log(series);
}

// log Γ(x) for x > 0. lgamma_r, not std::lgamma: glibc's lgamma also writes the global signgam, a data race when
// ensemble shards account their members on several threads at once.
double log_gamma(double x) {
  int sign = 0;
  return ::lgamma_r(x, &sign);
}

double log_a_int(double q, double sigma, int alpha) {
  double log_a = -inf;
  const double lq = std::log(q), l1q = std::log1p(-q);
  const double lg_a = log_gamma(alpha + 1.0);
  for (int i = 0; i <= alpha; ++i) {
    const double log_coef = lg_a - log_gamma(i + 1.0) - log_gamma(alpha - i + 1.0) + i * lq + (alpha - i) * l1q;
    log_a = log_add(log_a, log_coef + (double(i) * i - i) / (2 * sigma * sigma));
  }
  return log_a;
}

// Two series split at z0 (Mironov et al. 2019, §3.3); signed binomial coefficients as Opacus sums them.
double log_a_frac(double q, double sigma, double alpha) {
  double log_a0 = -inf, log_a1 = -inf;
  const double z0 = sigma * sigma * std::log(1 / q - 1) + 0.5;
  const double lq = std::log(q), l1q = std::log1p(-q);
  double coef = 1.0;  // binom(alpha, i), built by the recurrence so that no gamma of a negative argument appears
  for (int i = 0;; ++i) {
    if (i > 0) coef *= (alpha - i + 1) / i;
    const double log_coef = std::log(std::fabs(coef));
    const double j = alpha - i;
    const double log_t0 = log_coef + i * lq + j * l1q;
    const double log_t1 = log_coef + j * lq + i * l1q;
    const double log_e0 = std::log(0.5) + log_erfc((i - z0) / (std::sqrt(2.0) * sigma));
    const double log_e1 = std::log(0.5) + log_erfc((z0 - j) / (std::sqrt(2.0) * sigma));
    const double log_s0 = log_t0 + (double(i) * i - i) / (2 * sigma * sigma) + log_e0;
    const double log_s1 = log_t1 + (j * j - j) / (2 * sigma * sigma) + log_e1;
    if (coef > 0) {
      log_a0 = log_add(log_a0, log_s0);
      log_a1 = log_add(log_a1, log_s1);
    } else {
      log_a0 = log_sub(log_a0, log_s0);
      log_a1 = log_sub(log_a1, log_s1);
    }
    if (std::max(log_s0, log_s1) < -30) break;
  }
  return log_add(log_a0, log_a1);
}

}  // namespace

std::vector<double> default_rdp_orders() {
  std::vector<double> o;
  for (int x = 1; x < 100; ++x) o.push_back(1 + x / 10.0);
  for (int a = 12; a < 64; ++a) o.push_back(a);
  return o;
}

double rdp_sampled_gaussian(double q, double sigma, double alpha) {
  if (q == 0) return 0;
  if (sigma == 0) return inf;
  if (q == 1.0) return alpha / (2 * sigma * sigma);
  if (std::isinf(alpha)) return inf;
  const double log_a = (alpha == std::floor(alpha)) ? log_a_int(q, sigma, static_cast<int>(alpha))
                                                    : log_a_frac(q, sigma, alpha);
  return log_a / (alpha - 1);
}

std::vector<double> rdp_composed(double q, double sigma, std::int64_t steps, const std::vector<double>& orders) {
  std::vector<double> r;
  r.reserve(orders.size());
  for (double a : orders) r.push_back(rdp_sampled_gaussian(q, sigma, a) * static_cast<double>(steps));
  return r;
}

EpsilonAtOrder rdp_to_epsilon(const std::vector<double>& orders, const std::vector<double>& rdp, double delta) {
  if (orders.size() != rdp.size()) throw std::invalid_argument("rdp_to_epsilon: orders and rdp differ in length");
  EpsilonAtOrder best{inf, std::numeric_limits<double>::quiet_NaN()};
  bool any = false;
  for (std::size_t k = 0; k < orders.size(); ++k) {
    const double a = orders[k];
    const double eps = rdp[k] - (std::log(delta) + std::log(a)) / (a - 1) + std::log((a - 1) / a);
    if (std::isnan(eps)) continue;
    if (!any || eps < best.epsilon) best = {eps, a};
    any = true;
  }
  return best;
}

EpsilonAtOrder rdp_epsilon(double q, double sigma, std::int64_t steps, double delta) {
  const auto orders = default_rdp_orders();
  return rdp_to_epsilon(orders, rdp_composed(q, sigma, steps, orders), delta);
}

double noise_multiplier_for(double target_epsilon, double delta, double q, std::int64_t steps,
                            double relative_tolerance) {
  if (!(target_epsilon > 0)) throw std::invalid_argument("noise_multiplier_for: target epsilon must be > 0");
  if (std::isinf(target_epsilon)) return 0.0;  // ε = ∞ promises nothing: no noise is needed
  // Same bracket-then-bisect as Opacus's get_noise_multiplier, with a relative tolerance.
  double lo = 0, hi = 10, eps_hi = inf;
  while (eps_hi > target_epsilon) {
    hi *= 2;
    if (hi > max_calibrated_noise_multiplier)
      throw std::invalid_argument("privacy budget epsilon = " + std::to_string(target_epsilon) +
                                  " is too small to reach with any noise multiplier");
    eps_hi = rdp_epsilon(q, hi, steps, delta).epsilon;
  }
  for (int it = 0; it < 200 && target_epsilon - eps_hi > relative_tolerance * target_epsilon; ++it) {
    const double mid = 0.5 * (lo + hi);
    const double eps = rdp_epsilon(q, mid, steps, delta).epsilon;
    if (eps < target_epsilon) {
      hi = mid;
      eps_hi = eps;
    } else {
      lo = mid;
    }
  }
  return hi;
}

RdpAccountant::RdpAccountant(std::vector<double> orders) : orders_(std::move(orders)), rdp_(orders_.size(), 0.0) {}

void RdpAccountant::add(double q, double sigma, std::int64_t steps) {
  if (steps <= 0) return;
  const auto r = rdp_composed(q, sigma, steps, orders_);
  for (std::size_t k = 0; k < r.size(); ++k) rdp_[k] += r[k];
  steps_ += steps;
}

EpsilonAtOrder RdpAccountant::epsilon(double delta) const {
  if (steps_ == 0) return {0.0, std::numeric_limits<double>::quiet_NaN()};
  return rdp_to_epsilon(orders_, rdp_, delta);
}

}  // namespace aca::learn
