#include <catch2/catch.hpp>

#include "support/slurp.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "analysis/plot_heatmap.hpp"
#include "analysis/plot_outcomes.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using namespace aca::analysis;
using aca::analysis::test::ScratchDir;

namespace {

// The data lines of block `index` (blocks are separated by two blank lines; a single blank line is kept as "").
std::vector<std::string> block(const std::string& data, int index) {
  std::vector<std::string> lines, out;
  std::istringstream in(data);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  int k = -1;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].rfind("# ", 0) == 0) {
      ++k;
      continue;
    }
    if (k != index) continue;
    const bool block_end = lines[i].empty() && i + 1 < lines.size() && lines[i + 1].empty();
    if (block_end) break;
    out.push_back(lines[i]);
  }
  return out;
}

std::vector<std::string> comments(const std::string& data) {
  std::vector<std::string> out;
  std::istringstream in(data);
  for (std::string l; std::getline(in, l);)
    if (l.rfind("# ", 0) == 0) out.push_back(l.substr(2));
  return out;
}

OutcomeSeries series(const std::string& label, int colour, OutcomeMark mark, std::vector<double> x,
                     std::vector<double> y, std::vector<double> lo = {}, std::vector<double> hi = {}) {
  return {label, colour, mark, std::move(x), std::move(y), std::move(lo), std::move(hi)};
}

}  // namespace

TEST_CASE("the outcome panels write each series with its interval, break the line before infinity and share one "
          "legend", "[analysis][plot]") {
  const ScratchDir dir("outcomes");
  ParameterAxis axis{"privacy budget ε (per fit)", {{"1", 1}, {"4", 4}, {"∞ (no DP)", 16}}, true, 8};
  std::vector<OutcomePanel> panels = {
      {"alpha_star", "critical mass α*",
       {series("ERM", 1, OutcomeMark::interval, {1, 4, 16}, {0.02, 0.015, 0.009}, {0.01, 0.012, 0.008},
               {0.03, 0.02, 0.01}),
        series("", 1, OutcomeMark::beyond, {4}, {0.9})}},
      {"equilibria", "equilibrium participation α",
       {series("ERM", 1, OutcomeMark::filled, {1, 16}, {0.6, 0.46}),
        series("", 1, OutcomeMark::hollow, {1}, {0.1}), series("GDRO", 2, OutcomeMark::filled, {1}, {0.7})}},
      {"welfare", "welfare (last round)",
       {series("ERM", 1, OutcomeMark::interval, {1, 4}, {0.2, 0.3}, {0.1, 0.25}, {0.3, 0.35})}}};
  PlotStyle st;
  st.height_in = 4.7;
  const auto f = plot_outcome_panels(dir / "outcomes", axis, panels, st);
  REQUIRE(is_png_file(f.png));
  REQUIRE(is_svg_file(f.svg));
  const std::string data = slurp(f.data);
  REQUIRE(comments(data)[0].rfind("alpha_star | ERM | interval: x_position value lower upper x_drawn", 0) == 0);
  REQUIRE(comments(data)[1].rfind("alpha_star |  | beyond", 0) == 0);
  REQUIRE(comments(data)[3].rfind("equilibria |  | hollow", 0) == 0);
  // Two colours: ERM drawn a little left of its position, GDRO a little right; the first four columns are exact.
  const auto a = block(data, 0);
  REQUIRE(a.size() == 4);
  REQUIRE(a[0].rfind("1 0.02 0.01 0.03 ", 0) == 0);
  REQUIRE(a[1].rfind("4 0.015 0.012 0.02 ", 0) == 0);
  REQUIRE(a[2].empty());  // the line stops at the break: ∞ is not joined to the finite values
  REQUIRE(a[3].rfind("16 0.009 0.008 0.01 ", 0) == 0);
  REQUIRE(std::stod(a[0].substr(a[0].rfind(' ') + 1)) < 1.0);
  const auto w = block(data, 5);
  REQUIRE(w == std::vector<std::string>{w[0], w[1]});
  REQUIRE(w[1].rfind("4 0.3 0.25 0.35 ", 0) == 0);

  const std::string script = slurp(f.script);
  // Three panels on a 2 × 2 grid of the fixed plot area: two columns, two rows of the same size.
  REQUIRE(script.find("set multiplot\n") != std::string::npos);
  std::vector<std::string> lefts, tops;
  for (auto at = script.find("set lmargin at screen "); at != std::string::npos;
       at = script.find("set lmargin at screen ", at + 1))
    lefts.push_back(script.substr(at, script.find('\n', at) - at));
  for (auto at = script.find("set tmargin at screen "); at != std::string::npos;
       at = script.find("set tmargin at screen ", at + 1))
    tops.push_back(script.substr(at, script.find('\n', at) - at));
  REQUIRE(lefts.size() == 4);  // the preamble's, then one per panel
  REQUIRE(lefts[1] == lefts[0]);
  REQUIRE(lefts[2] != lefts[1]);
  REQUIRE(lefts[3] == lefts[1]);
  REQUIRE(tops[1] < tops[0]);  // a strip below the plot area's top names the first row's panels
  REQUIRE(tops[2] == tops[1]);
  REQUIRE(tops[3] != tops[1]);
  // Each panel named above it, not by a rotated y label.
  REQUIRE(script.find("unset ylabel\n") != std::string::npos);
  REQUIRE(script.find("\nset ylabel", script.find("datafile = ")) == std::string::npos);
  for (const char* name : {"critical mass α*", "equilibrium participation α", "welfare (last round)"})
    REQUIRE(script.find("set label 1 '" + std::string(name) + "' at graph 0, graph 1 left") != std::string::npos);
  REQUIRE(script.find("set logscale x") != std::string::npos);
  REQUIRE(script.find("'∞ (no DP)' 16") != std::string::npos);
  // The axis break between 4 and ∞ (at 16): a white gap in the axis, at the middle of the log distance (8).
  const auto gap = script.find("set object 1 rect from first ");
  REQUIRE(gap != std::string::npos);
  double from = 0, to = 0;
  REQUIRE(std::sscanf(script.c_str() + gap, "set object 1 rect from first %lf, graph -0.015 to first %lf", &from, &to) ==
          2);
  REQUIRE(from > 4);
  REQUIRE(from < 8);
  REQUIRE(to > 8);
  REQUIRE(to < 16);
  REQUIRE(script.find("set border 3 back") != std::string::npos);
  // The legend below the panels, once, with one entry per labelled series.
  REQUIRE(script.find("set key at screen ") != std::string::npos);
  REQUIRE(script.find(", legend 1 row(s)\n") != std::string::npos);
  REQUIRE(script.find("title 'ERM'") != std::string::npos);
  REQUIRE(script.find("title 'GDRO'") != std::string::npos);
  REQUIRE(script.find("title 'ERM'", script.find("title 'ERM'") + 1) == std::string::npos);
  REQUIRE(script.find("pt 6") != std::string::npos);  // hollow unstable equilibrium
}

TEST_CASE("an outcome series whose interval ends do not match its points is refused", "[analysis][plot]") {
  const ScratchDir dir("outcomes_bad");
  ParameterAxis axis{"x", {{"1", 1}, {"2", 2}}, false, NAN};
  const std::vector<OutcomePanel> panels = {
      {"welfare", "welfare", {series("a", 1, OutcomeMark::interval, {1, 2}, {0.1, 0.2}, {0.1}, {0.1, 0.2})}}};
  REQUIRE_THROWS_AS(plot_outcome_panels(dir / "bad", axis, panels, {}), std::invalid_argument);
}

TEST_CASE("the heatmap writes the full grid for the image and the labelled cells with a readable text colour",
          "[analysis][plot]") {
  const ScratchDir dir("heatmap");
  HeatmapGrid g{"final_alpha", "final participation α", {"0", "0.05", "0.2"}, {"0.2", "0.3"},
                {{1.0, 1.0, 0.9}, {0.0571, NAN, 0.0252}}};
  PlotStyle st;
  st.xlabel = "population.network.rewire";
  st.square = true;
  st.ylabel = "population.threshold.mean";
  const auto f = plot_heatmap(dir / "heat", g, st);
  REQUIRE(is_png_file(f.png));
  const std::string data = slurp(f.data);
  const auto image = block(data, 0);
  REQUIRE(image == std::vector<std::string>{"0 0 1", "1 0 1", "2 0 0.9", "", "0 1 0.0571", "1 1 NaN", "2 1 0.0252"});
  // Dark (low) cells get white text, light (high) cells black; the cell without data has no label.
  const auto labels = block(data, 1);
  REQUIRE(labels == std::vector<std::string>{"0 0 1 0", "1 0 1 0", "2 0 0.9 0", "0 1 0.0571 16777215",
                                             "2 1 0.0252 16777215"});
  const std::string script = slurp(f.script);
  REQUIRE(script.find("set xtics noenhanced ('0' 0, '0.05' 1, '0.2' 2)") != std::string::npos);
  REQUIRE(script.find("set ytics noenhanced ('0.2' 0, '0.3' 1)") != std::string::npos);
  REQUIRE(script.find("'#440154'") != std::string::npos);  // viridis
  REQUIRE(script.find("sprintf('%.4g', $3)") != std::string::npos);
  REQUIRE(script.find("set cblabel 'final participation α'") != std::string::npos);
  REQUIRE(script.find("set xlabel 'population.network.rewire'") != std::string::npos);
  // The colour bar right of a square plot area, as large as any square figure's, the figure wider for it.
  REQUIRE(script.find("set colorbox vertical user origin screen ") != std::string::npos);
  REQUIRE(script.find(", plot area 3.18 x 3.18 in, legend 0 row(s)") != std::string::npos);
  g.values.pop_back();
  REQUIRE_THROWS_AS(plot_heatmap(dir / "bad", g, st), std::invalid_argument);
}
