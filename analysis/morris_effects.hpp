#pragma once
// Morris's screening measures from elementary effects (sim/morris_design.hpp): μ, μ* (Campolongo et al. 2007)
// and σ per axis, each with a percentile bootstrap interval over the axis's elementary effects.
#include <cstddef>
#include <vector>

#include "analysis/sobol_indices.hpp"
#include "util/rng.hpp"

namespace aca::analysis {

/// The elementary effect of one step of a trajectory: (f(after) − f(before)) / step, with `step` the signed move
/// of the changed axis in the unit cube (±Δ).
double elementary_effect(double before, double after, double step);

/// Morris's measures of one axis.
struct MorrisMeasures {
  IndexEstimate mu;       ///< mean elementary effect (effects of opposite sign cancel), with its bootstrap interval
  IndexEstimate mu_star;  ///< mean absolute elementary effect, with its bootstrap interval
  /// Standard deviation of the effects (n − 1): interaction or non-linearity, with its bootstrap interval; NaN for
  /// n < 2.
  IndexEstimate sigma;
  std::size_t effects = 0;  ///< elementary effects the measures are over
};

/// μ, μ* and σ of each axis's elementary effects (`effects[i]`: axis i's, one per trajectory), their intervals from
/// the same `resamples` percentile bootstrap resamples of those effects at `level`. An axis without effects gets NaN.
std::vector<MorrisMeasures> morris_measures(const std::vector<std::vector<double>>& effects, std::size_t resamples,
                                            double level, util::Engine& rng);

}  // namespace aca::analysis
