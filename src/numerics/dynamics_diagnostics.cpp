#include "numerics/dynamics_diagnostics.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace aca::numerics {

namespace {

std::size_t common_length(const Trajectories& x) {
  if (x.empty()) return 0;
  const std::size_t T = x.front().size();
  for (const auto& s : x)
    if (s.size() != T)
      throw std::invalid_argument("trajectories differ in length (" + std::to_string(s.size()) + " vs " +
                                  std::to_string(T) + ")");
  return T;
}

}  // namespace

void ConvergenceTracker::observe(long s, double step, double tol, long window) {
  // A NaN step must break the window, and NaN < tol is false, so test the negation.
  small_steps = !(step < tol) ? 0 : small_steps + 1;
  if (small_steps == window && from < 0) from = s - window + 1;
}

double ConvergenceTracker::step(const Trajectories& x, std::size_t s) {
  double largest = 0.0;
  for (const auto& traj : x) {
    const double d = std::fabs(traj[s] - traj[s - 1]);
    if (std::isnan(d)) return d;
    largest = std::max(largest, d);
  }
  return largest;
}

std::optional<std::size_t> converged_from(const Trajectories& x, double tol, std::size_t window) {
  if (window == 0) throw std::invalid_argument("converged_from: window must be >= 1");
  const std::size_t T = common_length(x);
  ConvergenceTracker c;
  for (std::size_t s = 1; s < T && c.from < 0; ++s)
    c.observe(static_cast<long>(s), ConvergenceTracker::step(x, s), tol, static_cast<long>(window));
  return c.from < 0 ? std::nullopt : std::optional<std::size_t>(static_cast<std::size_t>(c.from));
}

std::optional<std::size_t> converged_from(const std::vector<double>& x, double tol, std::size_t window) {
  return converged_from(Trajectories{x}, tol, window);
}

std::optional<std::size_t> detect_period(const Trajectories& x, std::size_t max_period, std::size_t span,
                                         double tol) {
  if (span == 0) throw std::invalid_argument("detect_period: span must be >= 1");
  const std::size_t T = common_length(x);
  for (std::size_t p = 1; p <= max_period; ++p) {
    if (T < span + p) break;
    bool repeats = true;
    for (std::size_t t = T - span; t < T && repeats; ++t)
      for (const auto& traj : x)
        if (!(std::fabs(traj[t] - traj[t - p]) <= tol)) {
          repeats = false;
          break;
        }
    if (repeats) return p;
  }
  return std::nullopt;
}

std::optional<std::size_t> detect_period(const std::vector<double>& x, std::size_t max_period, std::size_t span,
                                         double tol) {
  return detect_period(Trajectories{x}, max_period, span, tol);
}

std::optional<std::size_t> first_crossing(const std::vector<double>& x, double threshold, Crossing direction) {
  for (std::size_t t = 0; t < x.size(); ++t) {
    const bool hit = direction == Crossing::upward ? x[t] >= threshold : x[t] <= threshold;
    if (hit) return t;
  }
  return std::nullopt;
}

}  // namespace aca::numerics
