#include <catch2/catch.hpp>

#include <fstream>
#include <string>
#include <vector>

#include "analysis/csv_table.hpp"
#include "temp_dir.hpp"

using namespace aca::analysis;

TEST_CASE("for_each_csv_record reads a doubled quote and a CRLF that straddle its 1 MiB reading pieces",
          "[analysis][csv]") {
  test::ScratchDir dir("csv_pieces");
  const std::size_t piece = 1 << 20;
  // Row 1 fills the first piece up to the byte before its end: "" then straddles it, and the CRLF of a later row
  // straddles the end of the second piece.
  const std::string head = "a,b\n";
  const std::string first = "x,\"" + std::string(piece - head.size() - 4, 'y');  // piece - 1 bytes so far
  std::string text = head + first + "\"\"z\"\n";
  const std::string filler = "w," + std::string(2 * piece - text.size() - 3, 'v');
  text += filler + "\r\nlast,1\n";
  REQUIRE(text.substr(piece - 1, 2) == "\"\"");
  REQUIRE(text.substr(2 * piece - 1, 2) == "\r\n");
  std::ofstream(dir / "big.csv", std::ios::binary) << text;
  const CsvTable t = read_csv_table(dir / "big.csv");
  REQUIRE(t.rows.size() == 3);
  REQUIRE(t.rows[0][1] == std::string(piece - head.size() - 4, 'y') + "\"z");
  REQUIRE(t.rows[1][1] == filler.substr(2));
  REQUIRE(t.rows[2] == std::vector<std::string>{"last", "1"});
}
