#pragma once
// A success curve S(α) on α ∈ [0, 1], tabulated on a uniform grid so that millions of agents can evaluate it
// per round (linear interpolation: cheap, branch-light and deterministic).
#include <functional>
#include <vector>

namespace aca::agents {

/// S(α) tabulated at α_j = j/(m−1), j = 0..m−1, linearly interpolated in between.
struct SuccessCurve {
  std::vector<double> values;  ///< S at the grid points (at least 2)

  /// Tabulates `fn` on `points` grid points.
  static SuccessCurve tabulate(const std::function<double(double)>& fn, int points = 1025);
  /// S(α) by linear interpolation; α is clamped into [0, 1].
  double operator()(double alpha) const {
    const double a = alpha < 0.0 ? 0.0 : (alpha > 1.0 ? 1.0 : alpha);
    const double x = a * static_cast<double>(values.size() - 1);
    std::size_t j = static_cast<std::size_t>(x);
    if (j > values.size() - 2) j = values.size() - 2;
    const double t = x - static_cast<double>(j);
    return values[j] + t * (values[j + 1] - values[j]);
  }
  /// Smallest α with S(α) ≥ s for a non-decreasing curve: 0 when S(0) ≥ s, +∞ when S(1) < s (never reached).
  double inverse(double s) const;
  /// True when there is no table (the engine gave no curve).
  bool empty() const { return values.size() < 2; }
};

}  // namespace aca::agents
