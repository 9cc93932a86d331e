#include <catch2/catch.hpp>

#include "analysis/plot_fork.hpp"
#include "dat_blocks.hpp"
#include "temp_dir.hpp"

using namespace aca::analysis;
using namespace aca::analysis::test;

TEST_CASE("the fork overlay writes the base's and the fork's series per panel and the fork round as a vertical "
          "line titled with the changed settings",
          "[analysis][fork]") {
  const ScratchDir dir("fork_overlay");
  ForkOverlay o;
  Line base{"left", {0, 1, 2, 3, 4}, {0.1, 0.3, 0.5, 0.6, 0.6}}, fork{"left", {2, 3, 4}, {0.5, 0.4, 0.3}};
  o.base_alpha = {base};
  o.fork_alpha = {fork};
  o.base_success = {{"left", {0, 1, 2, 3, 4}, {0.2, 0.4, 0.6, 0.7, 0.7}}};
  o.fork_success = {{"left", {2, 3, 4}, {0.6, 0.5, 0.4}}};
  o.fork_round = 2;
  o.fork_label = "fork (round 2): decision.temperature = 0.3";
  const auto f = plot_fork_overlay(dir / "fork", o, {"", "round", ""});
  REQUIRE(is_png_file(f.png));
  const auto blocks = read_dat_blocks(f.data);
  // Per panel: base, fork, fork round — α first, then S.
  REQUIRE(blocks.size() == 6);
  REQUIRE(blocks[0].comment == "base left: round value");
  REQUIRE(blocks[0].rows.size() == 5);
  REQUIRE(blocks[1].comment == "fork left: round value");
  REQUIRE(blocks[1].rows == std::vector<std::vector<double>>{{2, 0.5}, {3, 0.4}, {4, 0.3}});
  REQUIRE(blocks[2].comment == "fork round: round value");
  REQUIRE(blocks[2].rows == std::vector<std::vector<double>>{{2, 0}, {2, 1}});
  REQUIRE(blocks[4].rows == std::vector<std::vector<double>>{{2, 0.6}, {3, 0.5}, {4, 0.4}});
  REQUIRE(blocks[5].rows == blocks[2].rows);
  const std::string script = text_of(f.script);
  REQUIRE_THAT(script, Catch::Contains("index 2 using 1:2 with lines dt 3 lw 1.5 lc 7 title "
                                       "'fork (round 2): decision.temperature = 0.3'"));
  REQUIRE_THAT(script, Catch::Contains("index 1 using 1:2 with lines lw 2 dt 2 lc 1 title 'left, fork'"));
  REQUIRE_THAT(script, Catch::Contains("index 3 using 1:2 with lines lw 2 dt 1 lc 1 notitle"));  // one key only
  // Two panels in the fixed plot area, one above the other with the same left and right margins; the legend below.
  // The preamble's margins (the whole plot area), then one set per panel.
  const auto whole = script.find("set lmargin at screen "), first = script.find("set lmargin at screen ", whole + 1),
             second = script.find("set lmargin at screen ", first + 1);
  REQUIRE(second != std::string::npos);
  REQUIRE(script.substr(first, 60) == script.substr(second, 60));
  REQUIRE(script.substr(script.find("set tmargin", first), 40) != script.substr(script.find("set tmargin", second), 40));
  REQUIRE_THAT(script, Catch::Contains("set key at screen "));
  REQUIRE_THAT(script, !Catch::Contains("set key inside"));
}
