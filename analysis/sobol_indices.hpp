#pragma once
// First-order and total Sobol indices from the outputs of Saltelli's design (sim/sobol_design.hpp), with
// percentile bootstrap intervals over the base samples.
#include <cstddef>
#include <vector>

#include "util/rng.hpp"

namespace aca::analysis {

/// The model's outputs on Saltelli's design: a[j] = f(A_j), b[j] = f(B_j), ab[i][j] = f(AB^(i)_j).
struct SaltelliOutputs {
  std::vector<double> a, b;
  std::vector<std::vector<double>> ab;  ///< one vector per axis, each as long as a
};

/// One index with its percentile bootstrap interval.
struct IndexEstimate {
  double value = 0.0;  ///< the estimate on all base samples (NaN when the output does not vary)
  double lower = 0.0;  ///< lower end of the interval
  double upper = 0.0;  ///< upper end of the interval
};

/// Sets e.lower and e.upper to the percentile interval at `level` of the finite values among `draws` (bootstrap
/// resamples of e's statistic); NaN when none is finite.
void percentile_interval(std::vector<double> draws, double level, IndexEstimate& e);

/// First-order and total indices of every axis.
struct SobolIndices {
  std::vector<IndexEstimate> first;  ///< S_i, Saltelli et al. (2010): mean_j f(B_j)(f(AB^(i)_j) − f(A_j)) / V
  std::vector<IndexEstimate> total;  ///< ST_i, Jansen (1999): mean_j (f(A_j) − f(AB^(i)_j))² / (2V)
  double variance = 0.0;             ///< V: the variance of f over all A and B rows
  std::size_t samples = 0;           ///< base samples N
  std::size_t resamples = 0;         ///< bootstrap resamples
  double level = 0.95;               ///< two-sided coverage of the intervals
};

/// The point estimates on the base samples `rows` (indices into the outputs; repeats allowed, as in a bootstrap
/// resample): `first`, `total` (NaN where V = 0) and V.
void sobol_point_estimates(const SaltelliOutputs& y, const std::vector<std::size_t>& rows, std::vector<double>& first,
                           std::vector<double>& total, double& variance);

/// The indices on all base samples with `resamples` percentile bootstrap intervals at `level`, resampling the N
/// base samples (each with its A, B and AB rows) with replacement from `rng`. Throws std::invalid_argument when
/// the vectors' lengths differ or N < 2.
SobolIndices sobol_indices(const SaltelliOutputs& y, std::size_t resamples, double level, util::Engine& rng);

}  // namespace aca::analysis
