#include <catch2/catch.hpp>

#include "analysis/plot_alone_map.hpp"
#include "dat_blocks.hpp"
#include "temp_dir.hpp"

using namespace aca::analysis;
using namespace aca::analysis::test;
namespace numerics = aca::numerics;

namespace {
// F(α) = α² + 0.1 on 11 points, estimated up to 0.6 (held beyond).
AloneMapTable table() {
  AloneMapTable m;
  m.collective = "left";
  for (int i = 0; i <= 10; ++i) {
    m.map.x.push_back(i / 10.0);
    m.map.y.push_back(i / 10.0 * i / 10.0 + 0.1);
  }
  m.estimated_up_to = 0.6;
  return m;
}

numerics::FixedPoint point(double a, numerics::Stability s, bool tipping = false) {
  numerics::FixedPoint p;
  p.alpha = p.alpha_end = a;
  p.stability = s;
  p.tipping_point = tipping;
  return p;
}
}  // namespace

TEST_CASE("the map figure draws F(α) solid up to the largest α estimated and dashed beyond, the fixed points by "
          "stability on the diagonal and the observed transitions", "[analysis][alone_map]") {
  const ScratchDir dir("alone_map");
  const std::vector<numerics::FixedPoint> fps{point(0.1127, numerics::Stability::stable),
                                              point(0.8873, numerics::Stability::unstable)};
  const Line seen{"observed", {0.2, 0.14}, {0.14, 0.12}};
  const auto f = plot_alone_map(dir / "m", table(), fps, seen, {"", "α(t)", "α(t+1)"});
  REQUIRE(is_png_file(f.png));
  const auto blocks = read_dat_blocks(f.data);
  const DatBlock* inside = find_block(blocks, "F(alpha) on the estimated grid");
  const DatBlock* held = find_block(blocks, "F(alpha) beyond the largest alpha estimated");
  REQUIRE(inside);
  REQUIRE(held);
  REQUIRE(inside->rows.size() == 7);        // 0, 0.1, ..., 0.6
  REQUIRE(held->rows.front()[0] == 0.6);    // joins the solid part
  REQUIRE(held->rows.back()[0] == 1.0);
  REQUIRE(held->rows.size() == 5);
  REQUIRE(find_block(blocks, "stable fixed points")->rows == std::vector<std::vector<double>>{{0.1127, 0.1127}});
  REQUIRE(find_block(blocks, "unstable fixed points")->rows == std::vector<std::vector<double>>{{0.8873, 0.8873}});
  REQUIRE(find_block(blocks, "observed transitions")->rows.size() == 2);
  const std::string script = text_of(f.script);
  REQUIRE_THAT(script, Catch::Contains("with lines dt 2 lw 2 lc 1 title 'F(α) beyond the α estimated'"));
  REQUIRE_THAT(script, Catch::Contains("title '45° line α(t+1) = α(t)'"));
  REQUIRE_THAT(script, !Catch::Contains("multiplot"));  // nothing crowded near 0: one panel
  REQUIRE_THAT(script, Catch::Contains(", plot area 3.18 x 3.18 in, "));  // square, the legend below
  REQUIRE_THAT(script, Catch::Contains("set key at screen "));
}

TEST_CASE("a tipping point within a few agents of 0 gets a second, zoomed panel", "[analysis][alone_map]") {
  const ScratchDir dir("alone_zoom");
  const std::vector<numerics::FixedPoint> fps{point(0.0, numerics::Stability::stable),
                                              point(0.0063, numerics::Stability::unstable, true),
                                              point(1.0, numerics::Stability::stable)};
  const auto f = plot_alone_map(dir / "m", table(), fps, {}, {"", "α(t)", "α(t+1)"});
  REQUIRE(is_png_file(f.png));
  const std::string script = text_of(f.script);
  // Two square panels side by side, each the size of the one panel alone, on one row of the plot area.
  REQUIRE_THAT(script, Catch::Contains("set multiplot\n"));
  REQUIRE_THAT(script, Catch::Contains(", plot area 7.21 x 3.18 in, "));  // 3.18 + 0.85 gap + 3.18
  // The preamble's margins (the whole plot area), then one set per panel.
  const auto whole = script.find("set lmargin at screen "), first = script.find("set lmargin at screen ", whole + 1),
             second = script.find("set lmargin at screen ", first + 1);
  REQUIRE(second != std::string::npos);
  REQUIRE(script.substr(first, 30) != script.substr(second, 30));
  REQUIRE_THAT(script, Catch::Contains("set xrange [0:0.0252]"));  // four times the tipping point
  REQUIRE_THAT(script, Catch::Contains("'zoom on α ≤ 0.0252'"));
  REQUIRE_THAT(script, Catch::Contains("set xtics 0.01\nset ytics 0.01\n"));  // three ticks on [0, 0.0252]
  REQUIRE(find_block(read_dat_blocks(f.data), "tipping point fixed points"));
}
