#include <catch2/catch.hpp>

#include "util/column_name.hpp"

using aca::util::column_name;

TEST_CASE("column_name turns a dotted scenario key into lower snake_case legal in Stata and R", "[column_name]") {
  CHECK(column_name("platform.privacy.target_epsilon") == "platform_privacy_target_epsilon");
  CHECK(column_name("Left-Riders") == "left_riders");
  CHECK(column_name("  a..b  c ") == "a_b_c");
  CHECK(column_name("1st") == "_1st");
  CHECK(column_name("ε = 4") == "_4");
  CHECK(column_name("") == "");
}
