#include "learn/poisson_sampling.hpp"

#include <algorithm>

#include <numeric>

#include <boost/random/geometric_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>

namespace aca::learn {

std::vector<std::int64_t> poisson_sample(std::int64_t n, double q, util::Engine& rng) {
  std::vector<std::int64_t> idx;
  if (q <= 0 || n <= 0) return idx;
  if (q >= 1) {
    idx.resize(n);
    std::iota(idx.begin(), idx.end(), 0);
    return idx;
  }
  // The gap before the next included row is the number of failures before a success: geometric(q).
  boost::random::geometric_distribution<std::int64_t, double> gap(q);
  idx.reserve(static_cast<std::size_t>(q * n * 1.2) + 16);
  for (std::int64_t i = gap(rng); i < n; i += 1 + gap(rng)) idx.push_back(i);
  return idx;
}

std::vector<std::int64_t> random_permutation(std::int64_t n, util::Engine& rng) {
  std::vector<std::int64_t> p(n);
  std::iota(p.begin(), p.end(), 0);
  for (std::int64_t i = n - 1; i > 0; --i) {
    boost::random::uniform_int_distribution<std::int64_t> pick(0, i);
    std::swap(p[i], p[pick(rng)]);
  }
  return p;
}

std::vector<std::int64_t> ShuffledBatches::next(util::Engine& rng) {
  if (cursor_ >= n_) {
    perm_ = random_permutation(n_, rng);
    cursor_ = 0;
  }
  const std::int64_t end = std::min(n_, cursor_ + batch_);
  std::vector<std::int64_t> idx(perm_.begin() + cursor_, perm_.begin() + end);
  cursor_ = end;
  return idx;
}

}  // namespace aca::learn
