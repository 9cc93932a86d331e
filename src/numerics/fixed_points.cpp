#include "numerics/fixed_points.hpp"

#include <cmath>
#include <stdexcept>

namespace aca::numerics {

std::string to_string(Stability s) {
  switch (s) {
    case Stability::stable: return "stable";
    case Stability::unstable: return "unstable";
    case Stability::neutral: return "neutral";
  }
  return "?";
}

double numerical_slope(const std::function<double(double)>& F, double alpha, double step, double lo, double hi) {
  if (!(step > 0.0)) throw std::invalid_argument("numerical_slope: step must be > 0");
  // F may be defined only on [lo, hi] (a measured curve is never extrapolated), so stay inside it.
  if (alpha - step < lo) return (F(alpha + step) - F(alpha)) / step;
  if (alpha + step > hi) return (F(alpha) - F(alpha - step)) / step;
  return (F(alpha + step) - F(alpha - step)) / (2.0 * step);
}

namespace {

Stability classify(double slope, double band) {
  const double a = std::fabs(slope);
  if (std::fabs(a - 1.0) <= band) return Stability::neutral;
  return a < 1.0 ? Stability::stable : Stability::unstable;
}

}  // namespace

std::vector<FixedPoint> find_fixed_points(const std::function<double(double)>& F, const FixedPointOptions& o) {
  if (o.grid < 1) throw std::invalid_argument("find_fixed_points: grid must be >= 1");
  if (!(o.lo < o.hi) || !std::isfinite(o.lo) || !std::isfinite(o.hi))
    throw std::invalid_argument("find_fixed_points: need a finite domain lo < hi");
  if (!(o.slope_step < o.hi - o.lo)) throw std::invalid_argument("find_fixed_points: slope_step exceeds the domain");
  const std::size_t n = o.grid;
  auto G = [&](double a) { return F(a) - a; };
  std::vector<double> x(n + 1), g(n + 1);
  std::vector<bool> zero(n + 1);
  for (std::size_t i = 0; i <= n; ++i) {
    // i/n first keeps the default domain's grid exact (0.25 is 500/2000, not 0 + 500·0.0005).
    x[i] = i == n ? o.hi : o.lo + (o.hi - o.lo) * (static_cast<double>(i) / static_cast<double>(n));
    g[i] = G(x[i]);
    if (std::isnan(g[i])) throw std::invalid_argument("find_fixed_points: F is NaN at " + std::to_string(x[i]));
    zero[i] = std::fabs(g[i]) <= o.value_tol;
  }

  std::vector<FixedPoint> out;
  auto add_point = [&](double a) {
    FixedPoint p;
    p.alpha = p.alpha_end = a;
    p.slope = numerical_slope(F, a, o.slope_step, o.lo, o.hi);
    p.stability = classify(p.slope, o.neutral_band);
    out.push_back(p);
  };

  for (std::size_t i = 0; i <= n;) {
    if (zero[i]) {
      std::size_t j = i;
      while (j + 1 <= n && zero[j + 1]) ++j;
      if (j == i) {
        add_point(x[i]);
      } else {
        FixedPoint p;
        p.alpha = x[i];
        p.alpha_end = x[j];
        p.slope = 1.0;
        p.stability = Stability::neutral;
        out.push_back(p);
      }
      i = j + 1;
      continue;
    }
    if (i + 1 <= n && !zero[i + 1] && (g[i] > 0) != (g[i + 1] > 0)) {
      double lo = x[i], hi = x[i + 1];
      const bool lo_positive = g[i] > 0;
      for (int it = 0; it < 200 && hi - lo > o.root_tol; ++it) {
        const double mid = 0.5 * (lo + hi);
        const double gm = G(mid);
        if (gm == 0.0) {
          lo = hi = mid;
          break;
        }
        if ((gm > 0) == lo_positive)
          lo = mid;
        else
          hi = mid;
      }
      const double root = 0.5 * (lo + hi);
      if (std::fabs(G(root)) <= o.max_residual) add_point(root);
    }
    ++i;
  }

  for (std::size_t k = 0; k < out.size(); ++k) {
    if (out[k].stability != Stability::unstable) continue;
    bool below = false, above = false;
    for (std::size_t j = 0; j < k; ++j) below = below || out[j].stability == Stability::stable;
    for (std::size_t j = k + 1; j < out.size(); ++j) above = above || out[j].stability == Stability::stable;
    out[k].tipping_point = below && above;
  }
  return out;
}

std::optional<double> points_beyond(const std::function<double(double)>& F, const FixedPointOptions& o) {
  if (!(o.hi < 1.0)) return std::nullopt;  // α is a share: nothing lies beyond 1
  const double at_end = F(o.hi);
  return at_end > o.hi + o.max_residual ? std::optional<double>(at_end) : std::nullopt;
}

long attractor_of(const std::vector<FixedPoint>& points, const std::function<double(double)>& F, double alpha,
                  double tol) {
  for (std::size_t k = 0; k < points.size(); ++k)
    if (alpha >= points[k].alpha - tol && alpha <= points[k].alpha_end + tol) return static_cast<long>(k);
  const double g = F(alpha) - alpha;
  if (g > 0) {
    for (std::size_t k = 0; k < points.size(); ++k)
      if (points[k].alpha > alpha) return static_cast<long>(k);
  } else {
    for (std::size_t k = points.size(); k-- > 0;)
      if (points[k].alpha_end < alpha) return static_cast<long>(k);
  }
  return -1;
}

}  // namespace aca::numerics
