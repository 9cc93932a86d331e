#pragma once
// Fixed points α = F(α) of a participation map for two competing collectives, F: [lo, hi]² → R², with their
// stability under α_{t+1} = F(α_t) from the eigenvalues of the Jacobian.
#include <array>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace aca::numerics {

/// A point (α_1, α_2) of the joint participation space.
using Point2 = std::array<double, 2>;

/// A map of the joint participation space, e.g. the mean-field shares choosing each collective.
using Map2 = std::function<Point2(const Point2&)>;

/// Stability of a fixed point of a 2-D map.
enum class Stability2 {
  stable,    ///< both eigenvalues of F' have modulus < 1
  saddle,    ///< real eigenvalues, one inside and one outside the unit circle (separates two basins)
  unstable,  ///< both outside the unit circle (a source)
  neutral,   ///< an eigenvalue modulus within `neutral_band` of 1
};

/// Name of a 2-D stability class ("stable", "saddle", "unstable", "neutral").
std::string to_string(Stability2 s);

/// One isolated fixed point of a 2-D map.
struct FixedPoint2 {
  Point2 alpha{};                        ///< location
  std::array<double, 4> jacobian{};      ///< F' row-major: ∂F_1/∂α_1, ∂F_1/∂α_2, ∂F_2/∂α_1, ∂F_2/∂α_2
  std::array<double, 2> eigen_modulus{}; ///< moduli of the two eigenvalues of F', larger first
  bool complex_eigenvalues = false;      ///< true for a complex pair (rotation around the point)
  Stability2 stability = Stability2::neutral;  ///< classification by the moduli
};

/// Options of find_fixed_points_2d.
struct FixedPoint2Options {
  double lo = 0.0;              ///< both coordinates range over [lo, hi]
  double hi = 1.0;              ///< upper end (the largest α tested for a measured curve)
  std::size_t grid = 100;       ///< cells per axis scanned for sign changes of both components of F(α) − α
  double step = 1e-6;           ///< finite-difference step of the Jacobian
  double residual = 1e-10;      ///< accept a Newton limit when max_k |F_k(α) − α_k| ≤ residual
  double merge = 1e-7;          ///< limits closer than this (max norm) are one fixed point
  double neutral_band = 1e-6;   ///< | |λ| − 1 | ≤ neutral_band is classified neutral
};

/// Isolated fixed points of F in the box [lo, hi]², sorted by (α_1, α_2): cells whose corners bracket zero in both
/// components of F(α) − α seed Newton's method (numerical Jacobian, iterates kept in the box); limits with a
/// small residual are merged and classified. F is evaluated on the (grid + 1)² nodes plus a few points per
/// candidate. Continua of fixed points are not summarised (they appear as many points), and zeros that touch
/// without a sign change in some cell can be missed.
std::vector<FixedPoint2> find_fixed_points_2d(const Map2& F, const FixedPoint2Options& options = {});

/// Numerical Jacobian F'(α) (central differences, one-sided within `step` of the box's edges), row-major.
std::array<double, 4> numerical_jacobian(const Map2& F, const Point2& alpha, double step, double lo, double hi);

}  // namespace aca::numerics
