#include "numerics/fixed_points_2d.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace aca::numerics {

std::string to_string(Stability2 s) {
  switch (s) {
    case Stability2::stable: return "stable";
    case Stability2::saddle: return "saddle";
    case Stability2::unstable: return "unstable";
    case Stability2::neutral: return "neutral";
  }
  return "?";
}

std::array<double, 4> numerical_jacobian(const Map2& F, const Point2& alpha, double step, double lo, double hi) {
  std::array<double, 4> J{};
  for (int j = 0; j < 2; ++j) {
    Point2 a = alpha, b = alpha;
    // Stay inside the box: F may be undefined outside it (a measured curve is never extrapolated).
    double h_minus = step, h_plus = step;
    if (alpha[j] - step < lo) h_minus = 0.0;
    if (alpha[j] + step > hi) h_plus = 0.0;
    a[j] -= h_minus;
    b[j] += h_plus;
    const Point2 fa = F(a), fb = F(b);
    for (int i = 0; i < 2; ++i) J[2 * i + j] = (fb[i] - fa[i]) / (h_minus + h_plus);
  }
  return J;
}

namespace {

Point2 residual(const Map2& F, const Point2& a) {
  const Point2 f = F(a);
  return {f[0] - a[0], f[1] - a[1]};
}

double norm_inf(const Point2& p) { return std::max(std::fabs(p[0]), std::fabs(p[1])); }

void classify(FixedPoint2& p, double band) {
  const auto& J = p.jacobian;
  const double tr = J[0] + J[3], det = J[0] * J[3] - J[1] * J[2];
  const double disc = tr * tr / 4.0 - det;
  double m1, m2;
  bool real = disc >= 0.0;
  if (real) {
    const double r = std::sqrt(disc);
    m1 = std::fabs(tr / 2.0 + r);
    m2 = std::fabs(tr / 2.0 - r);
  } else {
    m1 = m2 = std::sqrt(std::fabs(det));
  }
  if (m2 > m1) std::swap(m1, m2);
  p.eigen_modulus = {m1, m2};
  p.complex_eigenvalues = !real;
  if (std::fabs(m1 - 1.0) <= band || std::fabs(m2 - 1.0) <= band)
    p.stability = Stability2::neutral;
  else if (m1 < 1.0)
    p.stability = Stability2::stable;
  else if (m2 < 1.0)
    p.stability = Stability2::saddle;
  else
    p.stability = Stability2::unstable;
}

}  // namespace

std::vector<FixedPoint2> find_fixed_points_2d(const Map2& F, const FixedPoint2Options& o) {
  if (o.grid < 1) throw std::invalid_argument("find_fixed_points_2d: grid must be >= 1");
  if (!(o.lo < o.hi) || !std::isfinite(o.lo) || !std::isfinite(o.hi))
    throw std::invalid_argument("find_fixed_points_2d: need a finite box lo < hi");
  if (!(2 * o.step < o.hi - o.lo)) throw std::invalid_argument("find_fixed_points_2d: step exceeds the box");
  const std::size_t n = o.grid;
  std::vector<double> x(n + 1);
  for (std::size_t i = 0; i <= n; ++i)
    x[i] = i == n ? o.hi : o.lo + (o.hi - o.lo) * (static_cast<double>(i) / static_cast<double>(n));
  std::vector<Point2> g((n + 1) * (n + 1));
  for (std::size_t i = 0; i <= n; ++i)
    for (std::size_t j = 0; j <= n; ++j) {
      g[i * (n + 1) + j] = residual(F, {x[i], x[j]});
      if (std::isnan(g[i * (n + 1) + j][0]) || std::isnan(g[i * (n + 1) + j][1]))
        throw std::invalid_argument("find_fixed_points_2d: F is NaN at (" + std::to_string(x[i]) + ", " +
                                    std::to_string(x[j]) + ")");
    }

  std::vector<FixedPoint2> out;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      const Point2* c[4] = {&g[i * (n + 1) + j], &g[i * (n + 1) + j + 1], &g[(i + 1) * (n + 1) + j],
                            &g[(i + 1) * (n + 1) + j + 1]};
      bool bracket = true;
      for (int k = 0; k < 2 && bracket; ++k) {
        double mn = (*c[0])[k], mx = mn;
        for (int q = 1; q < 4; ++q) {
          mn = std::min(mn, (*c[q])[k]);
          mx = std::max(mx, (*c[q])[k]);
        }
        bracket = mn <= 0.0 && mx >= 0.0;
      }
      if (!bracket) continue;
      // Newton on G(α) = F(α) − α from the cell centre; a bracketing cell usually holds the root it converges to.
      Point2 a = {0.5 * (x[i] + x[i + 1]), 0.5 * (x[j] + x[j + 1])};
      bool ok = false;
      for (int it = 0; it < 60; ++it) {
        const Point2 r = residual(F, a);
        if (norm_inf(r) <= o.residual) {
          ok = true;
          break;
        }
        auto J = numerical_jacobian(F, a, o.step, o.lo, o.hi);
        J[0] -= 1.0;
        J[3] -= 1.0;
        const double det = J[0] * J[3] - J[1] * J[2];
        if (!(std::fabs(det) > 1e-300)) break;
        const double d0 = (J[3] * r[0] - J[1] * r[1]) / det, d1 = (-J[2] * r[0] + J[0] * r[1]) / det;
        a = {std::clamp(a[0] - d0, o.lo, o.hi), std::clamp(a[1] - d1, o.lo, o.hi)};
      }
      if (!ok) continue;
      bool seen = false;
      for (const auto& p : out)
        seen = seen || norm_inf({p.alpha[0] - a[0], p.alpha[1] - a[1]}) < o.merge;
      if (seen) continue;
      FixedPoint2 p;
      p.alpha = a;
      p.jacobian = numerical_jacobian(F, a, o.step, o.lo, o.hi);
      classify(p, o.neutral_band);
      out.push_back(p);
    }
  std::sort(out.begin(), out.end(), [](const FixedPoint2& a, const FixedPoint2& b) { return a.alpha < b.alpha; });
  return out;
}

}  // namespace aca::numerics
