#pragma once
// One collective's participation map F(α) drawn across all α from the engine's participation_map.csv, with the
// diagonal, its fixed points and the transitions a run actually took.
#include <filesystem>
#include <vector>

#include "analysis/map_reader.hpp"
#include "analysis/plot.hpp"
#include "numerics/fixed_points.hpp"

namespace aca::analysis {

/// Draws F(α) (solid up to the largest α estimated, dashed where the curve is held beyond it), the diagonal, the
/// fixed points (stable filled, unstable hollow, tipping points as hollow triangles, neutral squares) and the
/// observed transitions (α_t, α_{t+1}) as dots (none drawn when `transitions` is empty). When a fixed point lies in
/// (0, 0.05) a second panel, twice the width, zooms on [0, z] with z four times the largest such point (≥ 0.01).
FigureFiles plot_alone_map(const std::filesystem::path& stem, const AloneMapTable& map,
                           const std::vector<numerics::FixedPoint>& fixed_points, const Line& transitions,
                           const PlotStyle& style);

}  // namespace aca::analysis
