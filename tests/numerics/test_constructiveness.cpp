#include <catch2/catch.hpp>

#include <cmath>

#include "numerics/constructiveness.hpp"

using namespace aca::numerics;

TEST_CASE("constructiveness is success with the other collective minus success alone, relative to success alone",
          "[analysis][constructiveness]") {
  PairwiseSuccess s;
  s.alone = {1.0, 0.5, 0.0};
  s.with = {3, {0.0, 0.25, 0.9,    // collective 0: falls to 0.25 next to 1 (Karan et al.'s 100 % → 25 %)
                0.6, 0.0, 0.5,     // collective 1: helped by 0, unaffected by 2
                0.1, 0.0, 0.0}};   // collective 2: nothing alone, 0.1 next to 0
  const auto c = constructiveness(s);
  REQUIRE(c.raw(0, 1) == Approx(-0.75));
  REQUIRE(c.normalised(0, 1) == Approx(-0.75));
  REQUIRE(c.raw(0, 2) == Approx(-0.1));
  REQUIRE(c.raw(1, 0) == Approx(0.1));
  REQUIRE(c.normalised(1, 0) == Approx(0.2));
  REQUIRE(c.raw(1, 2) == 0.0);
  REQUIRE(c.raw(2, 0) == Approx(0.1));
  REQUIRE(std::isnan(c.normalised(2, 0)));  // relative change of zero success is undefined
  for (std::size_t i = 0; i < 3; ++i) {
    REQUIRE(std::isnan(c.raw(i, i)));
    REQUIRE(std::isnan(c.normalised(i, i)));
  }
}

TEST_CASE("constructiveness rejects mismatched sizes and NaN measurements", "[analysis][constructiveness]") {
  PairwiseSuccess s;
  s.alone = {0.5, 0.5};
  s.with = {3, std::vector<double>(9, 0.5)};
  REQUIRE_THROWS_AS(constructiveness(s), std::invalid_argument);
  s.with = {2, {0.0, std::nan(""), 0.5, 0.0}};
  REQUIRE_THROWS_AS(constructiveness(s), std::invalid_argument);
  s.with = {2, {std::nan(""), 0.4, 0.5, std::nan("")}};  // NaN on the diagonal is ignored
  REQUIRE(constructiveness(s).raw(0, 1) == Approx(-0.1));
}
