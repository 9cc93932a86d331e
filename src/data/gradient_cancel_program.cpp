#include "data/gradient_cancel_program.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "numerics/linear_program.hpp"

namespace aca::data {

namespace {

double sigmoid(double z) { return z >= 0 ? 1.0 / (1.0 + std::exp(-z)) : std::exp(z) / (1.0 + std::exp(z)); }

// max c·x over the slice {x ∈ [lo, hi]^d : a·x = s} of the box, a continuous knapsack: start every coordinate at
// its best bound, then move the coordinates that change a·x most cheaply (|c_j| / |a_j|) until a·x = s. The order
// of the moves depends on c and a only, so it is sorted once per direction and reused for every s.
class SliceMaximiser {
 public:
  SliceMaximiser(const std::vector<double>& c, const std::vector<double>& a, double lo, double hi)
      : c_(c), a_(a), lo_(lo), hi_(hi), start_(c.size()) {
    for (std::size_t j = 0; j < c.size(); ++j) {
      start_[j] = c[j] > 0 ? hi : lo;
      start_dot_ += a[j] * start_[j];
      if (a[j] != 0) order_.push_back(j);
    }
    std::sort(order_.begin(), order_.end(),
              [&](std::size_t i, std::size_t j) { return std::abs(c[i]) / std::abs(a[i]) < std::abs(c[j]) / std::abs(a[j]); });
  }

  /// The maximiser on a·x = s (s within the range of a·x over the box).
  std::vector<double> argmax(double s) const {
    std::vector<double> x = start_;
    double need = s - start_dot_;
    for (std::size_t j : order_) {
      if (need == 0) break;
      // Moving x_j to the other bound changes a·x by a_j·(other − x_j); useful only in the direction of `need`.
      const double other = x[j] == hi_ ? lo_ : hi_;
      const double change = a_[j] * (other - x[j]);
      if (change == 0 || (change > 0) != (need > 0)) continue;
      const double part = std::min(1.0, need / change);
      x[j] += part * (other - x[j]);
      need -= part * change;
    }
    return x;
  }

 private:
  const std::vector<double>& c_;
  const std::vector<double>& a_;
  double lo_, hi_;
  std::vector<double> start_;
  double start_dot_ = 0.0;
  std::vector<std::size_t> order_;
};

double dot(const std::vector<double>& u, const std::vector<double>& v) {
  return std::inner_product(u.begin(), u.end(), v.begin(), 0.0);
}

// A candidate column: a reported point, its label and its gradient.
struct Column {
  std::vector<double> x;
  int label = 0;
  std::vector<double> g;
};

Column make_column(std::vector<double> x, int label, const std::vector<double>& theta) {
  Column col{std::move(x), label, {}};
  col.g = logistic_member_gradient(col.x, label, theta);
  return col;
}

// Pricing: the member gradient g in the box maximising dir·g (dir has d + 1 entries). For a fixed logit z the
// coefficient β = σ(z) − label is fixed, so dir·g = β·(dir_x·x + dir_b) is maximised (label 0, β > 0) or
// minimised (label 1, β < 0) over the slice θ_x·x = z − θ_b by the knapsack; z is scanned on a grid over its
// range and refined by golden-section search around the best grid value.
Column price(const std::vector<double>& dir, const std::vector<double>& theta, double lo, double hi) {
  const std::size_t d = theta.size() - 1;
  const std::vector<double> a(theta.begin(), theta.begin() + static_cast<std::ptrdiff_t>(d));
  std::vector<double> cx(dir.begin(), dir.begin() + static_cast<std::ptrdiff_t>(d)), neg(d);
  std::transform(cx.begin(), cx.end(), neg.begin(), [](double v) { return -v; });
  const SliceMaximiser up(cx, a, lo, hi), down(neg, a, lo, hi);
  double s_lo = 0, s_hi = 0;  // range of a·x over the box
  for (double aj : a) s_lo += std::min(aj * lo, aj * hi), s_hi += std::max(aj * lo, aj * hi);
  auto point = [&](double s, int label) { return label == 0 ? up.argmax(s) : down.argmax(s); };
  auto value = [&](double s, int label) {
    const std::vector<double> x = point(s, label);
    const double beta = sigmoid(s + theta[d]) - label;
    return beta * (dot(cx, x) + dir[d]);
  };
  const int n = s_hi > s_lo ? 4000 : 0;
  double best_s = s_lo, best_v = -1e300;
  int best_label = 0;
  for (int label : {0, 1})
    for (int k = 0; k <= n; ++k) {
      const double s = n ? s_lo + (s_hi - s_lo) * k / n : s_lo;
      const double v = value(s, label);
      if (v > best_v) best_v = v, best_s = s, best_label = label;
    }
  if (n) {
    const double h = (s_hi - s_lo) / n, g = (std::sqrt(5.0) - 1) / 2;
    double l = std::max(s_lo, best_s - h), r = std::min(s_hi, best_s + h);
    for (int it = 0; it < 60; ++it) {
      const double m1 = r - g * (r - l), m2 = l + g * (r - l);
      if (value(m1, best_label) >= value(m2, best_label)) r = m2;
      else l = m1;
    }
    const double s = (l + r) / 2;
    if (value(s, best_label) > best_v) best_s = s;
  }
  return make_column(point(best_s, best_label), best_label, theta);
}

// The restricted master: max τ s.t. Σ w_k g_k + τ·r̂ = 0, Σ w_k = 1, τ + slack = τ_cap, w, τ, slack ≥ 0.
numerics::LpSolution master(const std::vector<Column>& cols, const std::vector<double>& rhat, double tau_cap) {
  const auto m = static_cast<Eigen::Index>(rhat.size() + 2), n = static_cast<Eigen::Index>(cols.size() + 2);
  Eigen::MatrixXd A = Eigen::MatrixXd::Zero(m, n);
  for (std::size_t k = 0; k < cols.size(); ++k) {
    for (std::size_t i = 0; i < rhat.size(); ++i) A(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(k)) = cols[k].g[i];
    A(m - 2, static_cast<Eigen::Index>(k)) = 1.0;
  }
  for (std::size_t i = 0; i < rhat.size(); ++i) A(static_cast<Eigen::Index>(i), n - 2) = rhat[i];
  A(m - 1, n - 2) = 1.0;
  A(m - 1, n - 1) = 1.0;
  Eigen::VectorXd b = Eigen::VectorXd::Zero(m), c = Eigen::VectorXd::Zero(n);
  b(m - 2) = 1.0;
  b(m - 1) = tau_cap;
  c(n - 2) = 1.0;
  return numerics::solve_lp(A, b, c, 1e-11);
}

}  // namespace

std::vector<double> logistic_member_gradient(const std::vector<double>& x, int label, const std::vector<double>& theta) {
  double z = theta[x.size()];
  for (std::size_t j = 0; j < x.size(); ++j) z += theta[j] * x[j];
  const double beta = sigmoid(z) - label;
  std::vector<double> g(x.size() + 1);
  for (std::size_t j = 0; j < x.size(); ++j) g[j] = beta * x[j];
  g[x.size()] = beta;
  return g;
}

CancelMix best_logistic_mix(const std::vector<double>& r, const std::vector<double>& theta, double lower, double upper,
                            double t_cap) {
  const std::size_t d = theta.size() - 1;
  // Work with r̂ = r/‖r‖ and τ = t‖r‖ so the master's columns and right-hand side have comparable scales.
  const double rn = std::sqrt(dot(r, r));
  std::vector<double> rhat = r;
  for (double& v : rhat) v /= rn;
  const double tau_cap = t_cap * rn;
  // Start: the box centre with both labels (together they give the zero gradient: t = 0 is always feasible) and
  // the best points in the directions ∓r.
  std::vector<Column> cols;
  const std::vector<double> centre(d, (lower + upper) / 2);
  cols.push_back(make_column(centre, 0, theta));
  cols.push_back(make_column(centre, 1, theta));
  std::vector<double> minus_r = rhat;
  for (double& v : minus_r) v = -v;
  cols.push_back(price(minus_r, theta, lower, upper));
  cols.push_back(price(rhat, theta, lower, upper));
  CancelMix out;
  numerics::LpSolution sol;
  double gap = 0.0;
  std::vector<double> dir(d + 1);
  for (out.rounds = 1; out.rounds <= 400; ++out.rounds) {
    sol = master(cols, rhat, tau_cap);
    if (sol.status != numerics::LpStatus::optimal) break;
    for (std::size_t i = 0; i <= d; ++i) dir[i] = -sol.y(static_cast<Eigen::Index>(i));
    const double y_mass = sol.y(static_cast<Eigen::Index>(d + 1));
    Column best = price(dir, theta, lower, upper);
    gap = dot(dir, best.g) - y_mass;  // > 0: a point outside the master improves τ
    if (gap <= 1e-10 * (1 + std::abs(y_mass))) {
      gap = std::max(gap, 0.0);
      break;
    }
    cols.push_back(std::move(best));
  }
  if (sol.status != numerics::LpStatus::optimal) return out;  // cannot happen: the centre pair is feasible
  const auto nc = static_cast<Eigen::Index>(cols.size());
  // τ is the length of the members' mean gradient; below 1e-9 (member gradients are O(1)) it is round-off.
  const double tau = sol.v(nc) > 1e-9 ? sol.v(nc) : 0.0;
  out.t = tau / rn;
  // Duality: (y_g, y_mass + gap, y_cap) is feasible for the program over the whole box, so its value bounds τ.
  const double y_mass = sol.y(static_cast<Eigen::Index>(d + 1)), y_cap = sol.y(static_cast<Eigen::Index>(d + 2));
  out.t_upper = std::min(t_cap, (y_mass + gap + tau_cap * y_cap) / rn);
  out.normal = dir;
  // In units of r: c = dir/‖r‖ gives c·g ≤ (y_mass + gap)/‖r‖ for every member gradient, and c·(−r) ≥ 1 (the
  // dual row of τ, with equality when τ is basic and the cap does not bind), so t ≤ bound / c·(−r).
  for (double& v : out.normal) v /= rn;
  out.bound = (y_mass + gap) / rn;
  for (Eigen::Index k = 0; k < nc; ++k)
    if (sol.v(k) > 1e-12) out.points.push_back({cols[static_cast<std::size_t>(k)].x, cols[static_cast<std::size_t>(k)].label, sol.v(k)});
  if (out.t <= 0) out.points.clear();
  return out;
}

}  // namespace aca::data
