#pragma once
// Monotone (isotonic) fits of collective success S on participation α from replicate measurements, with an
// uncertainty band from the replicate spread, and a bilinear joint grid for two collectives (K = 2).
#include <cstddef>
#include <vector>

namespace aca::numerics {

/// One measurement: success `success` observed at participation `alpha` (one replicate).
struct Observation {
  double alpha = 0.0;    ///< participation α of the collective
  double success = 0.0;  ///< measured success S at that α
};

/// Replicate measurements on an α grid: `successes[i]` holds every replicate measured at `alphas[i]`.
struct ReplicateGrid {
  std::vector<double> alphas;                  ///< strictly increasing grid of α values
  std::vector<std::vector<double>> successes;  ///< replicates per grid point (each non-empty)
};

/// Groups observations by their exact α value into a sorted ReplicateGrid; throws on NaN or an empty input.
ReplicateGrid group_by_alpha(const std::vector<Observation>& observations);

/// Weighted isotonic (non-decreasing) least-squares regression by pool-adjacent-violators; `w` > 0, same size.
std::vector<double> isotonic_regression(const std::vector<double>& y, const std::vector<double>& w);

/// A non-decreasing piecewise-linear curve through (alphas[i], values[i]); never extrapolated.
struct MonotoneCurve {
  std::vector<double> alphas;  ///< strictly increasing grid
  std::vector<double> values;  ///< non-decreasing values at the grid points

  /// True when `alpha` lies within [alphas.front(), alphas.back()].
  bool covers(double alpha) const;
  /// Linear interpolation between grid points; NaN outside the grid (no extrapolation) or for an empty curve.
  double operator()(double alpha) const;
};

/// How the uncertainty band is built from the replicate spread at each α.
enum class BandKind {
  min_max,  ///< per-α minimum and maximum of the replicates
  sd,       ///< per-α mean ± band_sd × sample standard deviation (0 for a single replicate)
};

/// Options of fit_monotone.
struct MonotoneFitOptions {
  BandKind band = BandKind::min_max;  ///< band construction
  double band_sd = 1.0;               ///< multiplier of the standard deviation for BandKind::sd
};

/// An isotonic fit of S(α) with its band; lower ≤ curve ≤ upper holds at every grid point.
struct MonotoneFit {
  MonotoneCurve curve;               ///< isotonic fit of the per-α means weighted by replicate counts
  MonotoneCurve lower;               ///< isotonic fit of the band's lower edge (same weights)
  MonotoneCurve upper;               ///< isotonic fit of the band's upper edge (same weights)
  std::vector<double> raw_means;     ///< per-α replicate means before fitting
  std::vector<std::size_t> counts;   ///< replicates per α
};

/// Fits S(α) monotonically from replicates (the least-squares monotone fit of every raw point when replicates at
/// one α share a fitted value) with a band.
MonotoneFit fit_monotone(const ReplicateGrid& grid, const MonotoneFitOptions& options = {});

/// Isotonic curve of the per-α means only (the fit the bootstrap repeats); cheaper than fit_monotone.
MonotoneCurve fit_mean_curve(const ReplicateGrid& grid);

/// Values on a 2-D α grid (joint participation of two collectives) with bilinear interpolation.
struct JointGrid {
  std::vector<double> alphas1;  ///< strictly increasing grid of collective 1's α
  std::vector<double> alphas2;  ///< strictly increasing grid of collective 2's α
  std::vector<double> values;   ///< row-major: values[i * alphas2.size() + j] at (alphas1[i], alphas2[j])

  /// Value stored at grid point (i, j).
  double at(std::size_t i, std::size_t j) const { return values[i * alphas2.size() + j]; }
  /// True when (a1, a2) lies within the grid's rectangle.
  bool covers(double a1, double a2) const;
  /// Bilinear interpolation; NaN outside the rectangle (no extrapolation).
  double operator()(double a1, double a2) const;
};

/// Checks a JointGrid's shape and ordering; throws std::invalid_argument naming the defect.
void validate(const JointGrid& grid);

/// Per-point replicate means on a 2-D grid: `replicates[i * alphas2.size() + j]` are the measurements there.
JointGrid mean_joint_grid(std::vector<double> alphas1, std::vector<double> alphas2,
                          const std::vector<std::vector<double>>& replicates);

}  // namespace aca::numerics
