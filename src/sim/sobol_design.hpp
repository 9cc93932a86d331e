#pragma once
// Saltelli's sampling scheme for first-order and total Sobol indices on a quasi-random Sobol sequence.
#include <cstddef>

#include <vector>

#include "sim/sensitivity_row.hpp"
#include "util/rng.hpp"

namespace aca::sim {

/// Name of the random stream the Sobol design's shift is drawn from (of simulation.seed).
inline constexpr const char* sobol_stream = "sweep.sobol";

/// The most axes a Sobol design takes (the 2d-dimensional Sobol sequence of Boost's tables has at most 3667
/// dimensions; far more axes than any sweep runs).
inline constexpr std::size_t max_sobol_axes = 1000;

/// Saltelli's design of `n` base samples over `dims` axes: n·(dims + 2) rows, for each base sample j (group j)
/// the rows A_j, then AB^(1)_j … AB^(dims)_j (A_j with axis i taken from B_j), then B_j. A and B are the first and
/// last `dims` coordinates of point j + 1 of the 2·dims-dimensional Sobol sequence (boost::random::sobol), shifted
/// modulo 1 by one uniform vector drawn from `rng` (a Cranley–Patterson rotation: the same for every row, so the
/// design stays deterministic in the seed and every coordinate stays uniform). Throws std::invalid_argument for
/// n = 0, dims = 0 or dims > max_sobol_axes.
std::vector<SensitivityRow> saltelli_design(std::size_t n, std::size_t dims, util::Engine& rng);

}  // namespace aca::sim
