#include <catch2/catch.hpp>

#include <cmath>

#include "agents/draws.hpp"
#include "util/rng.hpp"

using namespace aca;

TEST_CASE("inline uniform_at reproduces util::counter_uniform with the key mixed once", "[agents][draws]") {
  for (std::uint64_t key : {0ULL, 7ULL, 0xFFFFFFFFFFFFFFFFULL}) {
    const std::uint64_t mixed = util::mix64(key);
    for (std::uint64_t c = 0; c < 5000; c += 7) REQUIRE(agents::uniform_at(mixed, c) == util::counter_uniform(key, c));
  }
}

TEST_CASE("draw counters are distinct for every (round, agent, slot)", "[agents][draws]") {
  const std::uint64_t n = 10;
  REQUIRE(agents::draw_counter(0, n, 9, 3) + 1 == agents::draw_counter(1, n, 0, 0));
  REQUIRE(agents::draw_counter(2, n, 3, 1) == ((2 * n + 3) << 2 | 1));
}

TEST_CASE("exp_fast agrees with std::exp to a few ulp over its whole range", "[agents][draws]") {
  double worst = 0.0;
  for (int j = -699999; j < 700000; ++j) {
    const double x = j * 1e-3 + 1.234567e-4;
    const double ref = std::exp(x);
    worst = std::max(worst, std::abs(agents::exp_fast(x) - ref) / ref);
  }
  REQUIRE(worst < 4 * 2.220446049250313e-16);
  REQUIRE(agents::exp_fast(0.0) == 1.0);
  REQUIRE(agents::exp_fast(-1e9) == agents::exp_fast(-700.0));  // clamped, finite
  REQUIRE(std::isfinite(agents::exp_fast(1e9)));
}
