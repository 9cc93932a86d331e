// CSV text as util::csv_escape writes it reads back field for field, and syntax errors name line and field.
#include <catch2/catch.hpp>

#include "util/csv_reader.hpp"
#include "util/csv_writer.hpp"

using namespace aca::util;

TEST_CASE("csv_escape's output splits back into the same fields, records starting at their lines", "[util][csv]") {
  const std::string text = "a,b\n" + csv_escape("x,\"y\"\nz") + ",2\n\n3,4\n";
  const auto r = split_csv_records(text);
  REQUIRE(r.size() == 3);  // the blank line is skipped
  CHECK(r[1].fields == std::vector<std::string>{"x,\"y\"\nz", "2"});
  CHECK(r[1].line == 2);
  CHECK(r[2].line == 5);
  CHECK(r[2].fields == std::vector<std::string>{"3", "4"});
}

TEST_CASE("an unterminated quote or text after a closing quote is an error at its line and field", "[util][csv]") {
  try {
    split_csv_records("a,b\n1,\"open\n");
    FAIL("accepted an unterminated quote");
  } catch (const CsvSyntaxError& e) {
    CHECK(e.line == 2);
    CHECK(e.field == 2);
    CHECK(std::string(e.what()) == "unterminated quoted field");
  }
  CHECK_THROWS_AS(split_csv_records("\"a\"b,c\n"), CsvSyntaxError);
}
