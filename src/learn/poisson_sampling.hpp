#pragma once
// Poisson sampling of minibatches, the sampling DP-SGD's accountant assumes.
#include <cstdint>
#include <vector>

#include "util/rng.hpp"

namespace aca::learn {

/// Indices (ascending) of the rows of 0..n−1 that enter the batch, each independently with probability q.
/// Draws geometric gaps rather than n Bernoulli trials, so the cost is O(qn).
std::vector<std::int64_t> poisson_sample(std::int64_t n, double q, util::Engine& rng);

/// A uniformly random permutation of 0..n−1 (Fisher–Yates).
std::vector<std::int64_t> random_permutation(std::int64_t n, util::Engine& rng);

}  // namespace aca::learn
