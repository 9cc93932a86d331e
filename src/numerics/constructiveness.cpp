#include "numerics/constructiveness.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace aca::numerics {

Constructiveness constructiveness(const PairwiseSuccess& s) {
  const std::size_t K = s.alone.size();
  if (s.with.size != K || s.with.data.size() != K * K)
    throw std::invalid_argument("constructiveness: " + std::to_string(K) + " collectives but a " +
                                std::to_string(s.with.size) + "x" + std::to_string(s.with.size) + " matrix with " +
                                std::to_string(s.with.data.size()) + " entries");
  const double nan = std::numeric_limits<double>::quiet_NaN();
  Constructiveness c;
  c.raw = {K, std::vector<double>(K * K, nan)};
  c.normalised = c.raw;
  for (std::size_t i = 0; i < K; ++i) {
    if (std::isnan(s.alone[i])) throw std::invalid_argument("constructiveness: NaN success alone for " +
                                                            std::to_string(i));
    for (std::size_t j = 0; j < K; ++j) {
      if (i == j) continue;
      if (std::isnan(s.with(i, j)))
        throw std::invalid_argument("constructiveness: NaN success of " + std::to_string(i) + " with " +
                                    std::to_string(j));
      const double d = s.with(i, j) - s.alone[i];
      c.raw(i, j) = d;
      c.normalised(i, j) = s.alone[i] > 0.0 ? d / s.alone[i] : nan;
    }
  }
  return c;
}

}  // namespace aca::numerics
