#pragma once
// Poisson sampling of minibatches, the sampling DP-SGD's accountant assumes.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "util/rng.hpp"

namespace aca::learn {

/// Indices (ascending) of the rows of 0..n−1 that enter the batch, each independently with probability q.
/// Draws geometric gaps rather than n Bernoulli trials, so the cost is O(qn).
std::vector<std::int64_t> poisson_sample(std::int64_t n, double q, util::Engine& rng);

/// A uniformly random permutation of 0..n−1 (Fisher–Yates).
std::vector<std::int64_t> random_permutation(std::int64_t n, util::Engine& rng);

/// Minibatches of at most `batch` rows taken in turn from random permutations of 0..n−1, a fresh permutation drawn
/// whenever the last is used up: SGD's and Group DRO's epochs, and DP-SGD's shuffle sampling.
class ShuffledBatches {
 public:
  ShuffledBatches() = default;
  ShuffledBatches(std::int64_t n, std::int64_t batch) : n_(n), batch_(batch), cursor_(n) {}
  /// The next batch's row indices (drawing a permutation from `rng` first when the last one is used up).
  std::vector<std::int64_t> next(util::Engine& rng);

 private:
  std::int64_t n_ = 0, batch_ = 1, cursor_ = 0;
  std::vector<std::int64_t> perm_;
};

/// Minibatches in one pass over n rows in batches of `batch`: ceil(n / batch), at least 1.
inline std::int64_t steps_per_epoch(std::int64_t n, std::int64_t batch) {
  return std::max<std::int64_t>(1, (n + batch - 1) / batch);
}

}  // namespace aca::learn
