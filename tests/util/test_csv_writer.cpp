#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>

#include "util/csv_writer.hpp"
#include "util/json_writer.hpp"

using namespace aca::util;

TEST_CASE("format_number gives the shortest text that round-trips", "[csv]") {
  REQUIRE(format_number(0.1) == "0.1");
  REQUIRE(format_number(1.0) == "1");
  REQUIRE(format_number(1e-5) == "1e-05");
  REQUIRE(format_number(NAN) == "nan");
  REQUIRE(format_number(-INFINITY) == "-inf");
  for (double v : {1.0 / 3.0, 2.0 / 7.0, 123456.789012345, 1e-300, 0.30000000000000004})
    REQUIRE(std::strtod(format_number(v).c_str(), nullptr) == v);
}

TEST_CASE("csv_escape quotes fields with commas, quotes and newlines only", "[csv]") {
  REQUIRE(csv_escape("plain") == "plain");
  REQUIRE(csv_escape("a,b") == "\"a,b\"");
  REQUIRE(csv_escape("say \"hi\"") == "\"say \"\"hi\"\"\"");
}

TEST_CASE("JSON objects keep insertion order and escape strings", "[json]") {
  JsonObject o;
  o.add("b", 1).add("a", "x\"y").add("c", NAN).add("d", true);
  REQUIRE(o.str(0) == "{\"b\": 1, \"a\": \"x\\\"y\", \"c\": null, \"d\": true}");
}
