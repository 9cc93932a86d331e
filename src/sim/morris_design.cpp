#include "sim/morris_design.hpp"

#include <stdexcept>
#include <string>
#include <utility>

#include <boost/random/uniform_int_distribution.hpp>

namespace aca::sim {

double morris_delta(int levels) { return levels / (2.0 * (levels - 1)); }

namespace {

std::vector<std::size_t> shuffled(std::size_t n, util::Engine& rng) {
  std::vector<std::size_t> perm(n);
  for (std::size_t i = 0; i < n; ++i) perm[i] = i;
  for (std::size_t i = n; i > 1; --i) {
    boost::random::uniform_int_distribution<std::size_t> pick(0, i - 1);
    std::swap(perm[i - 1], perm[pick(rng)]);
  }
  return perm;
}

}  // namespace

std::vector<SensitivityRow> morris_design(std::size_t trajectories, std::size_t dims, int levels, util::Engine& rng) {
  if (trajectories == 0 || dims == 0 || levels < 2 || levels % 2 != 0)
    throw std::invalid_argument("morris_design: needs ≥ 1 trajectory, ≥ 1 axis and an even number of levels ≥ 2 (got " +
                                std::to_string(trajectories) + ", " + std::to_string(dims) + ", " +
                                std::to_string(levels) + ")");
  const double grid = 1.0 / (levels - 1);
  const int shift = levels / 2;  // Δ in grid steps: p / (2(p − 1)) = (p/2) · 1/(p − 1)
  // A level index in [0, p/2) moves up by Δ, one in [p/2, p) down: each of the p levels starts equally often.
  boost::random::uniform_int_distribution<int> start_level(0, levels - 1);
  std::vector<SensitivityRow> rows;
  rows.reserve(trajectories * (dims + 1));
  for (std::size_t t = 0; t < trajectories; ++t) {
    std::vector<int> level(dims);
    for (auto& l : level) l = start_level(rng);
    const auto order = shuffled(dims, rng);
    const long g = static_cast<long>(t);
    const auto unit = [&] {
      std::vector<double> u(dims);
      for (std::size_t i = 0; i < dims; ++i) u[i] = level[i] == levels - 1 ? 1.0 : level[i] * grid;
      return u;
    };
    rows.push_back({unit(), g, "start", -1, 0.0});
    for (std::size_t i : order) {
      const int sign = level[i] < shift ? 1 : -1;
      level[i] += sign * shift;
      rows.push_back({unit(), g, "step", static_cast<long>(i), sign * morris_delta(levels)});
    }
  }
  return rows;
}

}  // namespace aca::sim
