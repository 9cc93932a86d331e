#pragma once
// Critical mass α*(S*) = min{α : S(α) ≥ S*} read off a fitted monotone success curve, with a percentile
// bootstrap interval over replicates.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "numerics/monotone_fit.hpp"
#include "util/rng.hpp"

namespace aca::numerics {

/// Name of the random stream bootstrap resamples should come from: util::make_stream(seed, bootstrap_stream, i).
inline constexpr std::string_view bootstrap_stream = "analysis.bootstrap";

/// Where the critical mass lies relative to the α grid that was tested.
enum class CriticalMassStatus {
  reached,        ///< α* lies within the grid; `alpha` holds it
  at_grid_start,  ///< S already ≥ S* at the smallest α tested: α* ≤ that α (`alpha` holds the grid start)
  not_reached,    ///< S < S* on the whole grid: α* > max α tested (`alpha` is NaN, `max_alpha_tested` says where)
};

/// The critical mass for one success target.
struct CriticalMass {
  CriticalMassStatus status = CriticalMassStatus::not_reached;  ///< where α* lies relative to the grid
  double alpha = 0.0;             ///< α* (grid start for at_grid_start; NaN when not_reached)
  double max_alpha_tested = 0.0;  ///< largest α of the grid
  double target = 0.0;            ///< the success target S*

  /// True when the target is reached somewhere on the grid (status reached or at_grid_start).
  bool found() const { return status != CriticalMassStatus::not_reached; }
};

/// α*(target) by inverse linear interpolation between grid points of a non-decreasing curve (exact for the
/// piecewise-linear curve); throws std::invalid_argument for an empty curve or a NaN target.
CriticalMass critical_mass(const MonotoneCurve& curve, double target);

/// Human text: "0.1234", "<= 0.05 (min alpha tested)" or "> 0.5 (max alpha tested)".
std::string describe(const CriticalMass& cm);

/// Options of bootstrap_critical_mass.
struct BootstrapOptions {
  std::size_t resamples = 1000;  ///< bootstrap resamples B
  double level = 0.95;           ///< nominal coverage of the two-sided percentile interval, in (0, 1)
  /// Inflate each resampled replicate's deviation from its α's mean by sqrt(n/(n−1)), so that the bootstrap
  /// variance of a mean equals the unbiased s²/n instead of (n−1)/n of it (matters for few replicates).
  bool rescale = true;
  /// Hesterberg's expanded percentile interval: take the quantiles at Φ(−t_{(1−level)/2, df}) instead of
  /// (1 − level)/2, with df = (fewest replicates at any α) − 1, to allow for variances estimated from few
  /// replicates; no effect when some α has a single replicate.
  bool expand = true;
};

/// A percentile bootstrap interval for α*; resamples that never reach the target count as +∞ (beyond the grid).
struct CriticalMassInterval {
  CriticalMass point;                 ///< α* from the full data
  double level = 0.95;                ///< nominal coverage
  double lower = 0.0;                 ///< lower percentile of the bootstrap α*; +∞ when beyond the grid
  double upper = 0.0;                 ///< upper percentile; +∞ when beyond the grid ("> max α tested")
  bool lower_beyond_grid = false;     ///< true when the lower end is "> max α tested"
  bool upper_beyond_grid = false;     ///< true when the upper end is "> max α tested"
  std::size_t resamples = 0;          ///< B
  std::size_t resamples_not_reached = 0;  ///< resamples whose refit never reached the target
  double tail = 0.0;                  ///< tail probability actually used on each side ((1 − level)/2 unless expanded)
};

/// Percentile bootstrap: resamples replicates with replacement within each α, refits the isotonic mean curve,
/// inverts it at `target`, and takes the `tail` and 1 − `tail` quantiles (linear interpolation between order
/// statistics); see BootstrapOptions for the small-sample corrections applied by default.
CriticalMassInterval bootstrap_critical_mass(const ReplicateGrid& grid, double target, util::Engine& rng,
                                             const BootstrapOptions& options = {});

/// The p-quantile (p in [0, 1]) of sorted values by linear interpolation between order statistics (numpy's
/// default); +∞ entries are allowed and propagate; throws on empty input.
double sorted_quantile(const std::vector<double>& sorted, double p);

}  // namespace aca::numerics
