#include "numerics/fixed_points_kd.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <Eigen/Dense>

namespace aca::numerics {

std::vector<PointK> simplex_lattice(std::size_t K, std::size_t n, double hi, double hi_sum) {
  std::vector<PointK> out;
  std::vector<std::size_t> idx(K, 0);
  const double h = hi / static_cast<double>(n);
  // An odometer over {0..n}^K keeping the points inside the simplex (a small tolerance keeps Σ = hi_sum exactly).
  while (true) {
    PointK p(K);
    double sum = 0.0;
    for (std::size_t k = 0; k < K; ++k) sum += p[k] = static_cast<double>(idx[k]) * h;
    if (sum <= hi_sum + 1e-12) out.push_back(p);
    std::size_t k = K;
    while (k > 0 && idx[k - 1] == n) idx[--k] = 0;
    if (k == 0) break;
    ++idx[k - 1];
  }
  return out;
}

std::vector<double> numerical_jacobian_kd(const MapK& F, const PointK& alpha, double step, double hi) {
  const std::size_t K = alpha.size();
  std::vector<double> J(K * K, 0.0);
  for (std::size_t j = 0; j < K; ++j) {
    // Stay inside [0, hi]: a measured S is never extrapolated beyond the largest α estimated.
    PointK a = alpha, b = alpha;
    const double h_minus = alpha[j] - step < 0.0 ? 0.0 : step;
    const double h_plus = alpha[j] + step > hi ? 0.0 : step;
    a[j] -= h_minus;
    b[j] += h_plus;
    const PointK fa = F(a), fb = F(b);
    for (std::size_t i = 0; i < K; ++i) J[i * K + j] = (fb[i] - fa[i]) / (h_minus + h_plus);
  }
  return J;
}

void classify_fixed_point(FixedPointK& p, double band) {
  const auto K = static_cast<Eigen::Index>(p.alpha.size());
  Eigen::MatrixXd J(K, K);
  for (Eigen::Index i = 0; i < K; ++i)
    for (Eigen::Index j = 0; j < K; ++j) J(i, j) = p.jacobian[static_cast<std::size_t>(i * K + j)];
  const Eigen::VectorXcd ev = Eigen::EigenSolver<Eigen::MatrixXd>(J, false).eigenvalues();
  p.eigen_modulus.clear();
  p.complex_eigenvalues = false;
  for (Eigen::Index i = 0; i < K; ++i) {
    p.eigen_modulus.push_back(std::abs(ev(i)));
    p.complex_eigenvalues = p.complex_eigenvalues || std::fabs(ev(i).imag()) > 1e-12;
  }
  std::sort(p.eigen_modulus.begin(), p.eigen_modulus.end(), std::greater<>());
  p.spectral_radius = p.eigen_modulus.front();
  bool inside = false, outside = false, neutral = false;
  for (double m : p.eigen_modulus) {
    neutral = neutral || std::fabs(m - 1.0) <= band;
    inside = inside || m < 1.0;
    outside = outside || m > 1.0;
  }
  p.stability = neutral ? "neutral" : !outside ? "stable" : !inside ? "unstable" : "saddle";
}

namespace {

double residual_norm(const MapK& F, const PointK& a) {
  const PointK f = F(a);
  double r = 0.0;
  for (std::size_t k = 0; k < a.size(); ++k) r = std::max(r, std::fabs(f[k] - a[k]));
  return std::isnan(r) ? INFINITY : r;
}

// Back onto the domain: each coordinate into [0, hi], then scaled down onto Σ α_k ≤ hi_sum.
void project(PointK& a, const FixedPointKOptions& o) {
  double sum = 0.0;
  for (double& x : a) sum += x = std::clamp(x, 0.0, o.hi);
  if (sum > o.hi_sum)
    for (double& x : a) x *= o.hi_sum / sum;
}

bool newton(const MapK& F, PointK& a, const FixedPointKOptions& o) {
  const auto K = static_cast<Eigen::Index>(a.size());
  for (int it = 0; it < 60; ++it) {
    const PointK f = F(a);
    Eigen::VectorXd r(K);
    double norm = 0.0;
    for (Eigen::Index k = 0; k < K; ++k) norm = std::max(norm, std::fabs(r(k) = f[static_cast<std::size_t>(k)] - a[static_cast<std::size_t>(k)]));
    if (norm <= o.residual) return true;
    if (std::isnan(norm)) return false;
    const std::vector<double> jac = numerical_jacobian_kd(F, a, o.step, o.hi);
    Eigen::MatrixXd G(K, K);
    for (Eigen::Index i = 0; i < K; ++i)
      for (Eigen::Index j = 0; j < K; ++j) G(i, j) = jac[static_cast<std::size_t>(i * K + j)] - (i == j ? 1.0 : 0.0);
    const Eigen::FullPivLU<Eigen::MatrixXd> lu(G);
    if (!lu.isInvertible()) return false;
    const Eigen::VectorXd d = lu.solve(r);
    for (Eigen::Index k = 0; k < K; ++k) a[static_cast<std::size_t>(k)] -= d(k);
    project(a, o);
  }
  return residual_norm(F, a) <= o.residual;
}

// Damped iteration toward a stable point; it stops early once a step moves less than the residual.
void damped(const MapK& F, PointK& a, const FixedPointKOptions& o) {
  for (std::size_t it = 0; it < o.damped_steps; ++it) {
    const PointK f = F(a);
    double moved = 0.0;
    for (std::size_t k = 0; k < a.size(); ++k) {
      const double next = (1.0 - o.damping) * a[k] + o.damping * f[k];
      moved = std::max(moved, std::fabs(next - a[k]));
      a[k] = next;
    }
    project(a, o);
    if (moved <= o.residual) return;
  }
}

void keep(const MapK& F, const PointK& a, const FixedPointKOptions& o, std::vector<FixedPointK>& out) {
  for (const auto& p : out) {
    double d = 0.0;
    for (std::size_t k = 0; k < a.size(); ++k) d = std::max(d, std::fabs(p.alpha[k] - a[k]));
    if (d < o.merge) return;
  }
  FixedPointK p;
  p.alpha = a;
  p.jacobian = numerical_jacobian_kd(F, a, o.step, o.hi);
  classify_fixed_point(p, o.neutral_band);
  out.push_back(std::move(p));
}

}  // namespace

std::vector<FixedPointK> find_fixed_points_kd(const MapK& F, std::size_t K, const FixedPointKOptions& o) {
  if (K < 1) throw std::invalid_argument("find_fixed_points_kd: need at least one dimension");
  if (o.starts < 1) throw std::invalid_argument("find_fixed_points_kd: starts must be >= 1");
  if (!(o.hi > 2 * o.step) || !(o.hi_sum > 0.0) || !std::isfinite(o.hi))
    throw std::invalid_argument("find_fixed_points_kd: need a finite domain wider than two Jacobian steps");
  std::vector<FixedPointK> out;
  for (const PointK& start : simplex_lattice(K, o.starts, o.hi, o.hi_sum)) {
    PointK a = start;
    if (newton(F, a, o)) keep(F, a, o, out);
    a = start;
    damped(F, a, o);
    if (residual_norm(F, a) <= o.residual || newton(F, a, o)) keep(F, a, o, out);
  }
  std::sort(out.begin(), out.end(), [](const FixedPointK& x, const FixedPointK& y) { return x.alpha < y.alpha; });
  return out;
}

}  // namespace aca::numerics
