#include "numerics/basins.hpp"

#include <algorithm>
#include <cmath>

namespace aca::numerics {

namespace {

double distance_inf(const Point2& a, const Point2& b) { return std::max(std::fabs(a[0] - b[0]), std::fabs(a[1] - b[1])); }

long attractor_within(const Point2& a, const std::vector<Point2>& attractors, double radius) {
  for (std::size_t i = 0; i < attractors.size(); ++i)
    if (distance_inf(a, attractors[i]) <= radius) return static_cast<long>(i);
  return -1;
}

}  // namespace

long basin_of(const Map2& F, const Point2& start, const std::vector<Point2>& attractors, const BasinOptions& options) {
  if (attractors.empty()) return -1;
  Point2 a = start;
  for (std::size_t t = 0; t <= options.max_iterations; ++t) {
    const long hit = attractor_within(a, attractors, options.radius);
    if (hit >= 0) return hit;
    if (t == options.max_iterations) break;
    const Point2 next = F(a);
    // A start on a saddle's stable manifold (or on a source) never leaves it: no basin, rather than spinning on.
    if (distance_inf(next, a) < options.stall) return -1;
    a = next;
  }
  return -1;
}

}  // namespace aca::numerics
