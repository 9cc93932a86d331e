#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "util/float_field.hpp"

using aca::util::float_field;

TEST_CASE("float_field keeps a decimal point on whole numbers, writes infinity as inf and NaN as an empty field",
          "[float_field]") {
  CHECK(float_field(1.0) == "1.0");
  CHECK(float_field(0.0) == "0.0");
  CHECK(float_field(-3.0) == "-3.0");
  CHECK(float_field(0.25) == "0.25");
  CHECK(float_field(1e-05) == "1e-05");
  CHECK(float_field(0.1 + 0.2) == "0.30000000000000004");  // still the shortest text that reads back exactly
  CHECK(float_field(std::numeric_limits<double>::infinity()) == "inf");
  CHECK(float_field(-std::numeric_limits<double>::infinity()) == "-inf");
  CHECK(float_field(std::nan("")).empty());
}
