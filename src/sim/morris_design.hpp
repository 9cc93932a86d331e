#pragma once
// Morris's elementary-effects design: random one-at-a-time trajectories on a p-level grid of the unit cube.
#include <cstddef>
#include <vector>

#include "sim/sensitivity_row.hpp"
#include "util/rng.hpp"

namespace aca::sim {

/// Name of the random stream the Morris trajectories are drawn from (of simulation.seed).
inline constexpr const char* morris_stream = "sweep.morris";

/// The step of a p-level Morris grid, Δ = p / (2(p − 1)) (Morris 1991): with p even every level below 1 − Δ
/// pairs with one Δ above it, so all p levels are sampled equally often.
double morris_delta(int levels);

/// `trajectories` Morris trajectories over `dims` axes on a `levels`-level grid {0, 1/(p−1), …, 1}: each is
/// dims + 1 rows (group t), a random start ("start") and then one axis per row ("step"), in a random order, moved
/// by ±Δ (morris_delta) with the sign that keeps it in [0, 1]. Every coordinate is a grid level. Throws
/// std::invalid_argument for 0 trajectories, 0 axes, or `levels` odd or below 2.
std::vector<SensitivityRow> morris_design(std::size_t trajectories, std::size_t dims, int levels, util::Engine& rng);

}  // namespace aca::sim
