#include <catch2/catch.hpp>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/csv_table.hpp"
#include "analysis/plot_replicates.hpp"
#include "support/slurp.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using namespace aca::analysis;
using aca::analysis::test::ScratchDir;

namespace {

// The data file's blocks: each a comment line and rows of numbers.
struct DataBlock {
  std::string comment;
  std::vector<std::vector<double>> rows;
};

std::vector<DataBlock> blocks_of(const std::string& text) {
  std::vector<DataBlock> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("# ", 0) == 0) {
      out.push_back({line.substr(2), {}});
    } else if (!line.empty() && !out.empty()) {
      std::istringstream fields(line);
      std::vector<double> row;
      for (std::string f; fields >> f;) row.push_back(parse_number(f));
      out.back().rows.push_back(row);
    }
  }
  return out;
}

}  // namespace

TEST_CASE("replicate summary: mean, min and max per round, a stopped run held at its last value",
          "[analysis][plot][replicates]") {
  const ReplicateSet set{"ε = 4", {{"", {0, 1, 2}, {0.1, 0.3, 0.5}}, {"", {0, 1}, {0.3, 0.7}}}};
  const auto s = replicate_summary(set);
  REQUIRE(s[0].x == std::vector<double>{0, 1, 2});
  REQUIRE(s[0].y[0] == Approx(0.2));
  REQUIRE(s[0].y[2] == Approx(0.6));  // (0.5 + 0.7 held) / 2
  REQUIRE(s[1].y == std::vector<double>{0.1, 0.3, 0.5});
  REQUIRE(s[2].y == std::vector<double>{0.3, 0.7, 0.7});
}

TEST_CASE("replicate figure: one data block per seed plus the mean block per configuration, means in the legend",
          "[analysis][plot][replicates]") {
  const ScratchDir dir("replicates");
  std::vector<ReplicateSet> sets;
  for (int c = 0; c < 2; ++c) {
    ReplicateSet set{c == 0 ? "ε = 1" : "ε = 4", {}};
    for (int seed = 0; seed < 3; ++seed) {
      Line l{"", {}, {}};
      for (int t = 0; t < 5; ++t) {
        l.x.push_back(t);
        l.y.push_back(0.1 * c + 0.01 * seed + 0.05 * t);
      }
      set.runs.push_back(l);
    }
    sets.push_back(set);
  }
  PlotStyle st;
  st.xlabel = "round";
  st.ylabel = "share of agents in left, α";
  const FigureFiles f = plot_replicate_trajectories(dir / "replicates", sets, st);
  REQUIRE(is_png_file(f.png));
  REQUIRE(is_svg_file(f.svg));
  const auto blocks = blocks_of(slurp(f.data));
  REQUIRE(blocks.size() == 2 * (3 + 1));
  REQUIRE(blocks[0].comment == "ε = 1, replicate 0");
  REQUIRE(blocks[2].rows[4] == std::vector<double>{4, 0.02 + 0.2});
  REQUIRE(blocks[3].comment == "ε = 1, mean min max over 3 replicates");
  // Round 4 of ε = 1: seeds at 0.2, 0.21, 0.22.
  REQUIRE(blocks[3].rows[4][0] == 4);
  REQUIRE(blocks[3].rows[4][1] == Approx(0.21));
  REQUIRE(blocks[3].rows[4][2] == Approx(0.2));
  REQUIRE(blocks[3].rows[4][3] == Approx(0.22));
  REQUIRE(blocks[7].comment == "ε = 4, mean min max over 3 replicates");
  const std::string gp = slurp(f.script);
  // Thin replicate lines without legend entries, the bold mean named by its setting, the band shaded.
  REQUIRE(gp.find("index 0 using 1:2 with lines lw 0.7 dt 1 lc 1 notitle") != std::string::npos);
  REQUIRE(gp.find("index 3 using 1:2 with lines lt 1 lw 3 title 'ε = 1'") != std::string::npos);
  REQUIRE(gp.find("index 7 using 1:3:4 with filledcurves") != std::string::npos);
  // The legend (the two means) below the plot area, as in every figure.
  REQUIRE(gp.find(", legend 1 row(s)\n") != std::string::npos);
  REQUIRE(gp.find("set key at screen ") != std::string::npos);
  REQUIRE(gp.find("index 7 using 1:2 with lines lt 2 lw 3 title 'ε = 4'") != std::string::npos);
}
