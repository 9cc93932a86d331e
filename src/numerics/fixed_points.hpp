#pragma once
// Fixed points α = F(α) of a participation map F(α) = Pr[join | S(α)] on [0, 1], their stability under the
// best-response iteration α_{t+1} = F(α_t), and tipping points (Granovetter 1978; ../shared/literature.md §6).
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace aca::numerics {

/// Stability of a fixed point under α_{t+1} = F(α_t), judged by the slope F'(α*).
enum class Stability {
  stable,    ///< |F'(α*)| < 1: nearby trajectories return
  unstable,  ///< |F'(α*)| > 1: nearby trajectories leave (a tipping point when between two stable ones)
  neutral,   ///< |F'(α*)| within `neutral_band` of 1, or a whole segment of fixed points
};

/// Name of a stability class ("stable", "unstable", "neutral").
std::string to_string(Stability s);

/// One fixed point (or a segment [alpha, alpha_end] of them, where F(α) = α on a whole interval).
struct FixedPoint {
  double alpha = 0.0;      ///< location α* (left end for a segment)
  double alpha_end = 0.0;  ///< right end of a segment; equals alpha for an isolated fixed point
  double slope = 0.0;      ///< numerical F'(α*) (one-sided at the domain's ends)
  Stability stability = Stability::neutral;  ///< classification by the slope
  bool tipping_point = false;  ///< unstable, with a stable fixed point on each side
};

/// Options of find_fixed_points.
struct FixedPointOptions {
  double lo = 0.0;              ///< left end of the domain searched (F need only be defined on [lo, hi])
  double hi = 1.0;              ///< right end, e.g. the largest α of a measured response curve
  std::size_t grid = 2000;      ///< scan intervals on [lo, hi] for sign changes of F(α) − α
  double value_tol = 1e-12;     ///< |F(α) − α| ≤ value_tol counts as a zero on the scan grid and at 0 and 1
  double root_tol = 1e-13;      ///< bisection stops when the bracket is narrower than this
  double slope_step = 1e-6;     ///< step of the finite-difference slope
  double neutral_band = 1e-6;   ///< | |F'| − 1 | ≤ neutral_band is classified neutral
  double max_residual = 1e-7;   ///< a bracketed root with |F(α) − α| above this is a jump of F, not a fixed point
};

/// All fixed points of F on [lo, hi] (default [0, 1]), sorted by α: sign changes of F(α) − α on a uniform scan
/// grid refined by bisection, plus grid zeros (both ends included); classified by slope, tipping points marked.
/// When hi < 1, a fixed point at hi means F(hi) = hi only; F(hi) > hi means participation would grow past the
/// domain, which the caller should report ("beyond the largest α tested").
/// Tangent touches that do not change sign between scan points are not found, and a crossing where F jumps over
/// the diagonal is not a fixed point (dropped by `max_residual`).
std::vector<FixedPoint> find_fixed_points(const std::function<double(double)>& F,
                                          const FixedPointOptions& options = {});

/// F(hi) when the map points beyond the domain's right end, F(hi) > hi + max_residual (participation would grow
/// past the largest α searched, where fixed points cannot be found); nullopt when hi = 1 or F(hi) ≤ hi + max_residual.
std::optional<double> points_beyond(const std::function<double(double)>& F, const FixedPointOptions& options = {});

/// Numerical slope F'(α): central difference inside (lo, hi), one-sided within `step` of either end.
double numerical_slope(const std::function<double(double)>& F, double alpha, double step = 1e-6, double lo = 0.0,
                       double hi = 1.0);

/// Index in `points` of the fixed point that α_{t+1} = F(α_t) started at `alpha` converges to when F is
/// non-decreasing: the one at `alpha` (within `tol`), else the nearest above when F(α) > α, else the nearest
/// below; -1 when there is none in that direction.
long attractor_of(const std::vector<FixedPoint>& points, const std::function<double(double)>& F, double alpha,
                  double tol = 1e-9);

}  // namespace aca::numerics
