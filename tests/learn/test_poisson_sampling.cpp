#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "learn/poisson_sampling.hpp"

using namespace aca::learn;

TEST_CASE("Poisson batch sizes have mean qN and variance qN(1-q) within 5 standard errors", "[learn][sampling]") {
  const std::int64_t n = 20000;
  const int draws = 4000;
  for (double q : {0.0128, 0.2}) {
    INFO("q " << q);
    auto rng = aca::util::make_stream(5, aca::util::streams::learner);
    double sum = 0, sumsq = 0;
    std::vector<std::int64_t> hits(n, 0);
    for (int t = 0; t < draws; ++t) {
      const auto idx = poisson_sample(n, q, rng);
      REQUIRE(std::is_sorted(idx.begin(), idx.end()));
      REQUIRE(std::adjacent_find(idx.begin(), idx.end()) == idx.end());
      REQUIRE((idx.empty() || (idx.front() >= 0 && idx.back() < n)));
      for (auto i : idx) ++hits[i];
      sum += idx.size();
      sumsq += double(idx.size()) * idx.size();
    }
    const double mean = sum / draws, var = (sumsq - draws * mean * mean) / (draws - 1);
    const double want_mean = q * n, want_var = q * n * (1 - q);
    CHECK(std::abs(mean - want_mean) < 5 * std::sqrt(want_var / draws));
    // The sample variance of a near-normal variable has standard error ≈ var·sqrt(2/(draws−1)).
    CHECK(std::abs(var - want_var) < 5 * want_var * std::sqrt(2.0 / (draws - 1)));
    // No position is favoured: the first and the last rows are included at rate q as well.
    const double sd_hits = std::sqrt(draws * q * (1 - q));
    CHECK(std::abs(hits.front() - draws * q) < 5 * sd_hits);
    CHECK(std::abs(hits.back() - draws * q) < 5 * sd_hits);
  }
}

TEST_CASE("Poisson sampling at q = 1 takes every row and at q = 0 none", "[learn][sampling]") {
  auto rng = aca::util::make_stream(1, aca::util::streams::learner);
  CHECK(poisson_sample(50, 1.0, rng).size() == 50);
  CHECK(poisson_sample(50, 0.0, rng).empty());
}

TEST_CASE("random_permutation is a permutation and depends on the stream", "[learn][sampling]") {
  auto a = aca::util::make_stream(1, aca::util::streams::learner);
  auto b = aca::util::make_stream(2, aca::util::streams::learner);
  auto p = random_permutation(1000, a);
  const auto q = random_permutation(1000, b);
  CHECK(p != q);
  std::sort(p.begin(), p.end());
  for (std::int64_t i = 0; i < 1000; ++i) REQUIRE(p[i] == i);
}

TEST_CASE("ShuffledBatches walks each permutation in slices and draws the next one when the last is used up",
          "[learn][sampling]") {
  auto a = aca::util::make_stream(7, aca::util::streams::learner), b = aca::util::make_stream(7, aca::util::streams::learner);
  ShuffledBatches batches(10, 4);
  for (int epoch = 0; epoch < 2; ++epoch) {
    const auto perm = random_permutation(10, b);  // what the batches of this pass must slice
    std::vector<std::int64_t> seen;
    for (std::size_t size : {4u, 4u, 2u}) {
      const auto idx = batches.next(a);
      REQUIRE(idx.size() == size);
      seen.insert(seen.end(), idx.begin(), idx.end());
    }
    CHECK(seen == perm);
  }
  CHECK(steps_per_epoch(10, 4) == 3);
  CHECK(steps_per_epoch(8, 4) == 2);
  CHECK(steps_per_epoch(0, 4) == 1);
}
