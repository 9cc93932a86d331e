// The report's sensitivity section: the table of indices with their intervals and one bar figure per outcome whose
// data are the indices (analysis/report_sensitivity.cpp, analysis/plot_sensitivity.cpp).
#include <catch2/catch.hpp>

#include "support/slurp.hpp"

#include <cmath>

#include "analysis/plot_sensitivity.hpp"
#include "analysis/report_sections.hpp"
#include "dat_blocks.hpp"
#include "temp_dir.hpp"

using namespace aca::analysis;

namespace {

SweepSensitivity sobol_result() {
  SweepSensitivity s;
  s.design = "sobol";
  s.parameters = {"data.categorical.xi", "platform.learning_rate"};
  s.resamples = 200;
  s.level = 0.95;
  s.rows = {{"workers", "critical_mass", "data.categorical.xi", "first_order", {0.97, 0.9, 1.02}, 16},
            {"workers", "critical_mass", "data.categorical.xi", "total", {1.01, 0.95, 1.1}, 16},
            {"workers", "critical_mass", "platform.learning_rate", "first_order", {0.0, 0.0, 0.0}, 16},
            {"workers", "critical_mass", "platform.learning_rate", "total", {0.0, 0.0, 0.0}, 16}};
  s.skipped = {"workers final_success: does not vary over the design"};
  return s;
}

}  // namespace

TEST_CASE("the sensitivity section tabulates each index with its interval and draws one bar figure per outcome",
          "[analysis][sensitivity]") {
  test::ScratchDir dir("report_sensitivity");
  FolderAnalysis a;
  a.sweep = true;
  a.sensitivity = sobol_result();
  ReportBuilder r{a, dir.path(), dir / "figures", {}, {}, {}};
  std::filesystem::create_directories(r.figs);
  add_sensitivity(r);
  REQUIRE(r.blocks.size() == 5);  // heading, paragraph, table, figure, skipped outcomes
  REQUIRE(r.blocks[0].text == "## Which parameter matters (global sensitivity)");
  const Rows& t = r.blocks[2].rows;
  REQUIRE(t.size() == 3);
  REQUIRE(t[0] == std::vector<std::string>{"outcome", "parameter", "first-order Sᵢ", "total STᵢ"});
  REQUIRE(t[1][2] == "0.97 [0.9, 1.02]");
  REQUIRE(t[2][3] == "0 [0, 0]");
  REQUIRE(r.blocks[3].kind == Block::image);
  REQUIRE(r.blocks[3].text.find("95% bootstrap intervals over the 16 base samples (200 resamples)") != std::string::npos);
  REQUIRE(r.blocks[4].text.find("final_success: does not vary") != std::string::npos);
  REQUIRE(r.figures.size() == 1);
  const auto blocks = test::read_dat_blocks(r.figures[0].data);
  REQUIRE(blocks.size() == 2);
  REQUIRE(blocks[0].comment.find("first-order index") == 0);
  REQUIRE(blocks[1].rows.size() == 2);
  REQUIRE(blocks[1].rows[0] == std::vector<double>{1.01, blocks[1].rows[0][1], 0.95, 1.1});
  REQUIRE(blocks[1].rows[0][1] > blocks[1].rows[1][1]);  // the first parameter's band on top
  const std::string script = slurp(r.figures[0].script);
  REQUIRE(script.find("set xrange [-0.2:1.2]") != std::string::npos);
  REQUIRE(script.find("'uniqueness of the signal ξ' at graph 0.01") != std::string::npos);  // names in words
  REQUIRE(script.find("unset ytics") != std::string::npos);
}

TEST_CASE("no sensitivity section without indices, and a series of the wrong length is refused",
          "[analysis][sensitivity]") {
  test::ScratchDir dir("report_sensitivity_none");
  FolderAnalysis a;
  ReportBuilder r{a, dir.path(), dir / "figures", {}, {}, {}};
  add_sensitivity(r);
  REQUIRE(r.blocks.empty());
  SensitivityBars bars;
  bars.parameters = {"a", "b"};
  bars.series = {{"S", {0.1}, {0.0}, {0.2}}};
  REQUIRE_THROWS_AS(plot_sensitivity(dir / "x", bars, PlotStyle{}), std::invalid_argument);
}
