#pragma once
// The members' best plan for logistic gradient cancelling as a linear program over the feasible box.
//
// A member who reports features x ∈ [lower, upper]^d and label y contributes the gradient g = (σ(θ·x̃) − y)·x̃
// (x̃ = (x, 1)). Members' mean gradients are the convex hull of these g, so the largest t for which the members
// can cancel t times the rest's mean gradient r is
//     t_max = max { t : −t·r = Σ_k w_k g_k, Σ_k w_k = 1, w ≥ 0, g_k member gradients },
// a linear program over the (infinitely many) points of the box: the "generalised moment problem" / "design
// problem" of Hardt et al. 2023 (literature §1, gradient cancelling: E_{P*}[∇ℓ(θ*)] = −t·E_{P0}[∇ℓ(θ*)]) with the
// members' distribution P* restricted to the box. It is solved by column generation (Gilmore & Gomory 1961;
// Dantzig–Wolfe, Bertsimas & Tsitsiklis 1997 §6.1): a restricted master LP over the points found so far
// (numerics::solve_lp), and a pricing step that finds the member gradient with the largest value under the
// master's dual direction — for a fixed logit z = θ·x̃ that is a continuous knapsack over the box, so pricing
// scans z and is exact up to the z grid. By Carathéodory the optimum needs at most d + 3 reported points.
#include <vector>

namespace aca::data {

/// One reported point of the plan: features, label, and the share of the members who report it.
struct MixPoint {
  std::vector<double> x;  ///< d features, inside the box
  int label = 0;          ///< 0 or 1
  double share = 0.0;     ///< share of the members (the shares sum to 1)
};

/// The best point combination and its certificate.
struct CancelMix {
  double t = 0.0;                 ///< the largest t ≤ t_cap reached: Σ share·g = −t·r with every point in the box
  double t_upper = 0.0;           ///< upper bound on max t (≤ t_cap) from LP duality; t_upper − t is the gap
  std::vector<MixPoint> points;   ///< the combination reaching t (empty when t = 0)
  std::vector<double> normal;     ///< c (d + 1 entries) with c·g ≤ bound for every member gradient g in the box…
  double bound = 0.0;             ///< …and c·(−r) ≥ 1 when the box (not t_cap) binds: t_max ≤ bound / c·(−r)
  int rounds = 0;                 ///< column-generation rounds (master LPs solved)
};

/// Largest t ≤ t_cap with −t·r a mean of logistic member gradients at θ (d + 1 entries, intercept last) over
/// points in [lower, upper]^d (finite bounds). r: the rest's mean gradient (d + 1 entries, not all zero).
CancelMix best_logistic_mix(const std::vector<double>& r, const std::vector<double>& theta, double lower, double upper,
                            double t_cap);

/// The member gradient (σ(θ·x̃) − label)·x̃ at a point.
std::vector<double> logistic_member_gradient(const std::vector<double>& x, int label, const std::vector<double>& theta);

}  // namespace aca::data
