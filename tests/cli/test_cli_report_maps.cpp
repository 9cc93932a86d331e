#include <catch2/catch.hpp>

#include "support/slurp.hpp"

#include <cmath>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "../analysis/dat_blocks.hpp"
#include "run_process.hpp"

namespace fs = std::filesystem;
using aca::analysis::test::DatBlock;
using aca::analysis::test::find_block;
using aca::analysis::test::read_dat_blocks;

namespace {
const std::string scenarios = std::string(ACASIM_SOURCE_DIR) + "/scenarios/";

fs::path fresh(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("acasim_cli_maps_" + name);
  fs::remove_all(d);
  return d;
}

// Data rows of a CSV as fields (empty fields kept).
std::vector<std::vector<std::string>> rows_of(const fs::path& p) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(slurp(p));
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::size_t start = 0;
    for (auto comma = line.find(','); ; comma = line.find(',', start)) {
      cells.push_back(line.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    rows.push_back(cells);
  }
  return rows;
}
}  // namespace

TEST_CASE("the report of a two-collective run draws the phase plane from the engine's joint map and each "
          "collective's map alone across all α", "[cli][report][phase_plane]") {
  const fs::path out = fresh("two");
  REQUIRE(run_acasim("run " + scenarios + "two_collectives.toml --quiet --out " + out.string()).exit_code == 0);
  const auto r = run_acasim("report " + out.string());
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const std::string md = slurp(out / "report" / "report.md");
  REQUIRE_THAT(md, Catch::Contains("## Two collectives: joint equilibria and basins of attraction"));
  REQUIRE_THAT(md, Catch::Contains("| **saddle** (separates the basins) |"));
  REQUIRE_THAT(md, Catch::Contains("Fixed points of left alone (the other collectives absent)"));
  REQUIRE_THAT(md, Catch::Contains("Participation map of left alone (the other collectives absent) across all α"));

  // Basin blocks hold exactly the grid points participation_map_joint.csv puts in each basin.
  const auto blocks = read_dat_blocks(out / "report" / "figures" / "phase_plane_0.dat");
  std::map<std::string, std::size_t> per_basin;
  for (const auto& row : rows_of(out / "participation_map_joint.csv")) ++per_basin[row[4]];
  const auto eq = rows_of(out / "equilibria_joint.csv");
  std::size_t stable = 0;
  for (std::size_t e = 0; e < eq.size(); ++e) {
    if (eq[e][2] != "stable") continue;
    ++stable;
    const DatBlock* b = find_block(blocks, "basin of equilibria_joint.csv row " + std::to_string(e) + ":");
    REQUIRE(b);
    REQUIRE(b->rows.size() == per_basin[std::to_string(e)]);
  }
  const DatBlock* drawn = find_block(blocks, "stable equilibria");
  REQUIRE(drawn);
  REQUIRE(drawn->rows.size() == stable);
  REQUIRE(find_block(blocks, "saddle equilibria"));
  const DatBlock* path = find_block(blocks, "observed trajectory");
  REQUIRE(path);
  REQUIRE(path->rows.front()[0] == Approx(0.02));  // 40 of 2,000 agents in each collective at round 0
  REQUIRE(path->rows.front()[1] == Approx(0.02));

  // The map figure of the first collective draws participation_map.csv's F(α), all 201 points.
  const auto map_blocks = read_dat_blocks(out / "report" / "figures" / "participation_map_0.dat");
  const DatBlock* F = find_block(map_blocks, "F(alpha) on the estimated grid");
  REQUIRE(F);
  std::vector<std::vector<double>> left;
  for (const auto& row : rows_of(out / "participation_map.csv"))
    if (row[0] == "left") left.push_back({std::stod(row[1]), std::stod(row[2])});
  REQUIRE(F->rows.size() == left.size());
  for (std::size_t i = 0; i < left.size(); ++i) {
    REQUIRE(F->rows[i][0] == Approx(left[i][0]));
    REQUIRE(F->rows[i][1] == Approx(left[i][1]));
  }
  REQUIRE(find_block(map_blocks, "observed transitions"));
  fs::remove_all(out);
}

TEST_CASE("the report of a fork overlays the base run's α(t) and S(t) with the fork's and marks the fork round with "
          "the changed setting", "[cli][report][fork]") {
  const fs::path base = fresh("base"), fork = fresh("fork");
  REQUIRE(run_acasim("run " + scenarios + "two_collectives.toml --quiet --set simulation.stop_when='\"never\"' "
                     "--set simulation.rounds=20 --checkpoint-every 5 --out " + base.string()).exit_code == 0);
  const auto f = run_acasim("fork " + base.string() + " --round 4 --set decision.temperature=0.3 --quiet --out " +
                            fork.string());
  INFO(f.output);
  REQUIRE(f.exit_code == 0);
  const auto r = run_acasim("report " + fork.string());
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const std::string md = slurp(fork / "report" / "report.md");
  REQUIRE_THAT(md, Catch::Contains("## Fork against its base run"));
  REQUIRE_THAT(md, Catch::Contains("fork (round 4): decision.temperature = 0.3"));
  const auto blocks = read_dat_blocks(fork / "report" / "figures" / "fork_overlay.dat");
  const DatBlock* b = find_block(blocks, "base left");
  const DatBlock* k = find_block(blocks, "fork left");
  const DatBlock* at = find_block(blocks, "fork round");
  REQUIRE(b);
  REQUIRE(k);
  REQUIRE(at);
  REQUIRE(b->rows.size() == 20);
  REQUIRE(b->rows.front()[0] == 0);
  REQUIRE(k->rows.front()[0] == 4);   // the fork is drawn from its fork round on
  REQUIRE(k->rows.size() == 16);
  REQUIRE(k->rows.front()[1] == b->rows[4][1]);  // where both are still the same run
  REQUIRE(at->rows == std::vector<std::vector<double>>{{4, 0}, {4, 1}});
  fs::remove_all(base);
  fs::remove_all(fork);
}
