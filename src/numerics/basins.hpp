#pragma once
// Basins of attraction of a 2-D map's stable fixed points under the iteration α_{t+1} = F(α_t): which attractor
// each starting point reaches (the phase plane's shading).
#include <cstddef>
#include <vector>

#include "numerics/fixed_points_2d.hpp"

namespace aca::numerics {

/// Options of basin_of.
struct BasinOptions {
  std::size_t max_iterations = 300;  ///< iterations tried before a start is left without a basin
  double radius = 0.005;             ///< reaching an attractor: within this max-norm distance of it
  double stall = 1e-12;              ///< a step |F(α) − α| below this away from every attractor: stuck (a saddle)
};

/// Index into `attractors` of the one that α_{t+1} = F(α_t) started at `start` reaches (within `radius`, max norm),
/// or −1 when none is reached within `max_iterations` or the iteration stalls elsewhere (at a saddle or source).
long basin_of(const Map2& F, const Point2& start, const std::vector<Point2>& attractors, const BasinOptions& options = {});

}  // namespace aca::numerics
