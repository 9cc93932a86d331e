#pragma once
// Morris's screening measures from elementary effects (sim/morris_design.hpp): μ, μ* (Campolongo et al. 2007)
// and σ per axis, with a percentile bootstrap interval for μ*.
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
  double mu = 0.0;        ///< mean elementary effect (effects of opposite sign cancel)
  IndexEstimate mu_star;  ///< mean absolute elementary effect, with its bootstrap interval
  double sigma = 0.0;     ///< standard deviation of the effects (n − 1): interaction or non-linearity; NaN for n < 2
  std::size_t effects = 0;  ///< elementary effects the measures are over
};

/// μ, μ* and σ of each axis's elementary effects (`effects[i]`: axis i's, one per trajectory), μ*'s interval from
/// `resamples` percentile bootstrap resamples of those effects at `level`. An axis without effects gets NaN.
std::vector<MorrisMeasures> morris_measures(const std::vector<std::vector<double>>& effects, std::size_t resamples,
                                            double level, util::Engine& rng);

}  // namespace aca::analysis
