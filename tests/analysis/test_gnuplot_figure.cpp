#include <catch2/catch.hpp>

#include <cstdio>
#include <sstream>

#include "analysis/gnuplot_figure.hpp"
#include "analysis/plot.hpp"
#include "analysis/plot_alone_map.hpp"
#include "analysis/plot_fork.hpp"
#include "analysis/plot_heatmap.hpp"
#include "analysis/plot_outcomes.hpp"
#include "analysis/plot_phase_plane.hpp"
#include "analysis/plot_replicates.hpp"
#include "support/slurp.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using namespace aca::analysis;
using aca::analysis::test::ScratchDir;

namespace {

// `n` series of one value at each of two categories, labelled like a sweep's settings.
FigureFiles category_figure(const ScratchDir& dir, const std::string& name, int n, PlotStyle style = {}) {
  std::vector<Line> series;
  for (int k = 0; k < n; ++k) series.push_back({"ε = " + std::to_string(k + 1) + ", learner: Group DRO", {}, {0.5, 0.6}});
  return plot_category_points(dir / name, {"a", "b"}, series, style);
}

// The plot area gnuplot itself drew (terminal units: width and height), rendering the script with the terminal its
// header names.
std::pair<double, double> drawn_plot_area(const fs::path& script) {
  const std::string gp = slurp(script);
  const auto from = gp.find("set terminal pngcairo");
  const auto to = gp.find("; set output", from);
  REQUIRE(from != std::string::npos);
  const std::string cmd = "gnuplot -e \"" + gp.substr(from, to - from) + "; set output '/dev/null'\" '" +
                          script.string() +
                          "' -e \"print GPVAL_TERM_XMAX - GPVAL_TERM_XMIN, GPVAL_TERM_YMAX - GPVAL_TERM_YMIN\" 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  std::string out;
  char buf[256];
  while (fgets(buf, sizeof buf, p)) out += buf;
  pclose(p);
  std::istringstream in(out.substr(out.find_last_of('\n', out.size() - 2) + 1));
  double w = 0, h = 0;
  INFO(out);
  REQUIRE(in >> w >> h);
  return {w, h};
}

// The "plot area W x H in" the script's header states.
std::string stated_plot_area(const std::string& gp) {
  const auto at = gp.find(", plot area ");
  REQUIRE(at != std::string::npos);
  return gp.substr(at + 12, gp.find(" in,", at) - at - 12);
}

// The legend's rows the script's header states.
int legend_rows(const std::string& gp) {
  const auto at = gp.find(" row(s)\n");
  REQUIRE(at != std::string::npos);
  return std::stoi(gp.substr(gp.rfind(' ', at - 1) + 1));
}

// `n` configurations of three seeds each over five rounds.
FigureFiles replicate_figure(const ScratchDir& dir, const std::string& name, int n, const PlotStyle& style) {
  std::vector<ReplicateSet> sets;
  for (int c = 0; c < n; ++c) {
    ReplicateSet set{"ε = " + std::to_string(c + 1) + ", learner: Group DRO", {}};
    for (int seed = 0; seed < 3; ++seed) set.runs.push_back({"", {0, 1, 2, 3, 4}, {0.1, 0.2, 0.3 + 0.01 * seed, 0.4, 0.5}});
    sets.push_back(set);
  }
  return plot_replicate_trajectories(dir / name, sets, style);
}

// Three panels over ε ∈ {1, 4, ∞}, `n` configurations.
FigureFiles outcome_figure(const ScratchDir& dir, const std::string& name, int n, const PlotStyle& style) {
  ParameterAxis axis{"privacy budget ε", {{"1", 1}, {"4", 4}, {"∞ (no DP)", 16}}, true, 8};
  std::vector<OutcomePanel> panels = {{"alpha_star", "critical mass α*", {}},
                                      {"equilibria", "equilibrium participation α", {}},
                                      {"welfare", "welfare (last round)", {}}};
  for (int k = 1; k <= n; ++k) {
    const std::string label = "learner " + std::to_string(k) + ": Group DRO";
    panels[0].series.push_back({label, k, OutcomeMark::interval, {1, 4, 16}, {0.02, 0.03, 0.04}, {0.01, 0.02, 0.03},
                                {0.03, 0.04, 0.05}});
    panels[1].series.push_back({label, k, OutcomeMark::filled, {1, 16}, {0.6, 0.5}, {}, {}});
    panels[2].series.push_back({label, k, OutcomeMark::interval, {1, 4}, {0.2, 0.3}, {0.1, 0.2}, {0.3, 0.4}});
  }
  return plot_outcome_panels(dir / name, axis, panels, style);
}

// Base and fork of `n` collectives.
FigureFiles fork_figure(const ScratchDir& dir, const std::string& name, int n, const PlotStyle& style) {
  ForkOverlay o;
  for (int k = 0; k < n; ++k) {
    const std::string c = "collective " + std::to_string(k);
    o.base_alpha.push_back({c, {0, 1, 2, 3}, {0.1, 0.2, 0.3, 0.4}});
    o.fork_alpha.push_back({c, {2, 3}, {0.3, 0.2}});
    o.base_success.push_back({c, {0, 1, 2, 3}, {0.5, 0.6, 0.7, 0.8}});
    o.fork_success.push_back({c, {2, 3}, {0.7, 0.6}});
  }
  o.fork_round = 2;
  o.fork_label = "fork (round 2): decision.temperature = 0.3";
  return plot_fork_overlay(dir / name, o, style);
}

PhasePlane phase_plane() {
  PhasePlane p{"left", "right", {}, {{0.0, 0.8, "stable"}, {0.4, 0.4, "saddle"}, {0.8, 0.0, "stable"}}, {}};
  for (int i = 0; i <= 4; ++i)
    for (int j = 0; i + j <= 4; ++j)
      p.grid.push_back({i / 4.0, j / 4.0, i / 4.0 + 0.01 * (i - j), j / 4.0 + 0.01 * (j - i), i > j ? 2 : i < j ? 0 : -1});
  p.trajectory = {"this run α(t)", {0.3, 0.35}, {0.2, 0.1}};
  return p;
}

AloneMapTable alone_map() {
  AloneMapTable m{"left", {"F", {}, {}}, 0.6};
  for (int i = 0; i <= 10; ++i) {
    m.map.x.push_back(i / 10.0);
    m.map.y.push_back(i / 10.0 * i / 10.0 + 0.1);
  }
  return m;
}

}  // namespace

TEST_CASE("the plot area is the same with 1 and 12 legend entries, and the legend's rows grow the canvas below it",
          "[analysis][plot][style]") {
  PlotStyle style;
  const auto one = gnuplot::layout(style, {"ε = 1"});
  const auto twelve = gnuplot::layout(style, std::vector<std::string>(12, "ε = 1, learner: Group DRO, a long name"));
  CHECK(one.plot_width_in() == Approx(twelve.plot_width_in()));
  CHECK(one.plot_height_in() == Approx(twelve.plot_height_in()));
  CHECK(one.plot_height_in() == Approx(4.0 - 0.2 - 0.62));  // the style's height less the fixed margins
  CHECK(one.legend_rows == 1);
  CHECK(twelve.legend_rows == 12 / twelve.legend_columns + (12 % twelve.legend_columns != 0));
  CHECK(twelve.height_in > one.height_in);
  CHECK(twelve.legend_top < twelve.bottom);  // below the axes, never over the plot
  CHECK(gnuplot::layout(style, {}).legend_rows == 0);

  // What gnuplot draws: the same plot area in both figures, while the twelve-entry one is taller.
  const ScratchDir dir("style_area");
  const auto f1 = category_figure(dir, "one", 1), f12 = category_figure(dir, "twelve", 12);
  const auto a1 = drawn_plot_area(f1.script), a12 = drawn_plot_area(f12.script);
  CHECK(a1.first == Approx(a12.first).margin(2));
  CHECK(a1.second == Approx(a12.second).margin(2));
  const std::string gp12 = slurp(f12.script);
  CHECK(gp12.find("set key at screen ") != std::string::npos);
  std::vector<std::string> labels;
  for (int k = 0; k < 12; ++k) labels.push_back("ε = " + std::to_string(k + 1) + ", learner: Group DRO");
  const auto drawn = gnuplot::layout(style, labels);
  CHECK(gp12.find(" left top vertical maxrows " + std::to_string(drawn.legend_rows) + " ") != std::string::npos);
  CHECK(gp12.find(", legend " + std::to_string(drawn.legend_rows) + " row(s)\n") != std::string::npos);
}

TEST_CASE("every figure's script starts with the one preamble: font, Okabe–Ito line types, 4-digit ticks, fixed "
          "margins and no title", "[analysis][plot][style]") {
  const ScratchDir dir("style_preamble");
  PlotStyle style{"a title for the caption", "privacy budget ε", "critical mass α*", false};
  std::vector<FigureFiles> figs;
  figs.push_back(category_figure(dir, "points", 2, style));
  figs.push_back(plot_trajectories(dir / "traj", {{"ε = 1", {0, 1, 2}, {0.1, 0.2, 0.3}}},
                                   {{"ε = 1", {0, 1, 2}, {0.5, 0.6, 0.7}}}, style));
  aca::numerics::MonotoneFit fit;
  fit.curve.alphas = fit.lower.alphas = fit.upper.alphas = {0.01, 0.1};
  fit.curve.values = {0.2, 0.8};
  fit.lower.values = {0.1, 0.7};
  fit.upper.values = {0.3, 0.9};
  PlotStyle log = style;
  log.log_x = true;
  figs.push_back(plot_success_curves(dir / "curves", {{"ε = 4", fit, {}}}, {}, 0.9, log));
  figs.push_back(plot_participation_map(dir / "map", {"observed", {0.1, 0.2}, {0.2, 0.3}}, {}, style));
  for (const auto& f : figs) {
    INFO(f.script);
    const std::string gp = slurp(f.script);
    CHECK(gp.rfind("# a title for the caption\n", 0) == 0);  // the title is a comment only
    CHECK(gp.find("set title") == std::string::npos);
    CHECK(gp.find("set termoption font 'DejaVu Sans,10'") != std::string::npos);
    for (const char* colour : {"#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#000000", "#F0E442"})
      CHECK(gp.find(std::string("lc rgb '") + colour + "' dt ") != std::string::npos);
    CHECK(gp.find("set format y '%.4g'") != std::string::npos);
    CHECK(gp.find("set lmargin at screen ") != std::string::npos);
    CHECK(gp.find("set bmargin at screen ") != std::string::npos);
    CHECK(gp.find("set key at screen ") != std::string::npos);
    // Nothing after the preamble sets a font, size or colour scheme of its own.
    CHECK(gp.find("font", gp.find("datafile = ")) == std::string::npos);
    CHECK(gp.find("set terminal", gp.find("datafile = ")) == std::string::npos);
  }
  const std::string curves = slurp(figs[2].script);
  CHECK(curves.find("set logscale x\nset format x '10^{%L}'") != std::string::npos);
  CHECK(curves.find("'S* = 0.9' at graph 0.99") != std::string::npos);  // a labelled, light reference line
  CHECK(curves.find(" as 8\n") != std::string::npos);
  // A stand-alone figure may keep its title.
  style.title_in_figure = true;
  CHECK(slurp(category_figure(dir, "titled", 1, style).script).find("set title 'a title for the caption'") !=
        std::string::npos);
}

TEST_CASE("the S(α) figure's data blocks hold the fit with its band and the raw replicates, one legend entry per "
          "curve", "[analysis][plot][style]") {
  const ScratchDir dir("style_curves");
  aca::numerics::MonotoneFit fit;
  fit.curve.alphas = fit.lower.alphas = fit.upper.alphas = {0.01, 0.1};
  fit.curve.values = {0.2, 0.8};
  fit.lower.values = {0.1, 0.7};
  fit.upper.values = {0.3, 0.9};
  PlotStyle style;
  style.log_x = true;
  const auto f = plot_success_curves(dir / "curves", {{"ε = 4", fit, {{0.01, 0.15}, {0.1, 0.85}}}}, {}, 0.9, style);
  const std::string dat = slurp(f.data);
  CHECK(dat.find("# ε = 4: alpha fit lower upper\n0.01 0.2 0.1 0.3\n0.1 0.8 0.7 0.9\n") != std::string::npos);
  CHECK(dat.find("# ε = 4: raw replicates alpha success\n0.01 0.15\n0.1 0.85\n") != std::string::npos);
  const std::string gp = slurp(f.script);
  CHECK(gp.find("datafile index 0 using 1:3:4 with filledcurves fs transparent solid 0.2 noborder lt 1 notitle") !=
        std::string::npos);
  CHECK(gp.find("datafile index 0 using 1:2 with linespoints lt 1 title 'ε = 4'") != std::string::npos);
  CHECK(gp.find("datafile index 1 using 1:2 with points pt 1 ps 0.6 lt 1 notitle") != std::string::npos);
}

TEST_CASE("a trajectory with a replicate range is drawn over its band, and a category series with a range gets error "
          "bars", "[analysis][plot][style]") {
  const ScratchDir dir("style_bands");
  Line a{"ε = 1", {0, 1, 2}, {0.1, 0.2, 0.3}, {0.05, 0.15, 0.25}, {0.15, 0.25, 0.35}};
  const auto t = plot_trajectories(dir / "traj", {a}, {a}, PlotStyle{});
  CHECK(slurp(t.data).find("# ε = 1: round value lower upper\n0 0.1 0.05 0.15\n1 0.2 0.15 0.25\n") !=
        std::string::npos);
  const std::string gp = slurp(t.script);
  CHECK(gp.find("using 1:3:4 with filledcurves") != std::string::npos);
  // One legend for both panels: the α panel's lines are titled, the S panel's are not.
  CHECK(gp.find("with lines lt 1 title 'ε = 1'") != std::string::npos);
  CHECK(gp.find("with lines lt 1 notitle") != std::string::npos);
  Line bad = a;
  bad.upper.pop_back();
  REQUIRE_THROWS_AS(plot_trajectories(dir / "bad", {bad}, {}, PlotStyle{}), std::invalid_argument);

  const auto c = plot_category_points(dir / "cat", {"ERM (SGD)", "Group DRO"},
                                      {{"worst-group accuracy", {}, {0.6, 0.8}, {0.5, 0.75}, {0.7, 0.85}}}, PlotStyle{});
  CHECK(slurp(c.data).find("# worst-group accuracy: category value lower upper\n0 0.6 0.5 0.7\n1 0.8 0.75 0.85\n") !=
        std::string::npos);
  CHECK(slurp(c.script).find("using 1:2:3:4 with yerrorbars ps 1.2 lt 1 title 'worst-group accuracy'") !=
        std::string::npos);
}

TEST_CASE("the replicate, outcome, heatmap, phase-plane, map and fork figures start with the one preamble, set no "
          "font, terminal or key of their own and keep the style's plot area whatever their legend",
          "[analysis][plot][style]") {
  const ScratchDir dir("style_report_figures");
  PlotStyle style{"a title for the caption", "round", "share of agents, α", false};
  PlotStyle square = style;
  square.square = true;
  PlotStyle tall = style;
  tall.height_in = 5.5;
  aca::numerics::FixedPoint tipping;
  tipping.alpha = tipping.alpha_end = 0.0063;
  tipping.stability = aca::numerics::Stability::unstable;
  tipping.tipping_point = true;
  struct Case {
    FigureFiles f;
    std::string area;  // the style's plot area, inches (3 significant digits)
    bool legend;
  };
  const std::vector<Case> cases = {
      {replicate_figure(dir, "replicates", 2, style), "4.95 x 3.18", true},
      {outcome_figure(dir, "outcomes", 2, tall), "4.95 x 4.68", true},
      {plot_heatmap(dir / "heatmap", {"final_alpha", "final α", {"0", "0.1"}, {"0.2", "0.3"}, {{0.1, 0.2}, {0.3, 0.4}}},
                    square),
       "3.18 x 3.18", false},
      {plot_phase_plane(dir / "phase", phase_plane(), style), "3.18 x 3.18", true},
      {plot_alone_map(dir / "map", alone_map(), {}, {}, style), "3.18 x 3.18", true},
      {plot_alone_map(dir / "map_zoom", alone_map(), {tipping}, {}, style), "7.21 x 3.18", true},
      {fork_figure(dir, "fork", 2, tall), "4.95 x 4.68", true}};
  for (const auto& c : cases) {
    INFO(c.f.script);
    const std::string gp = slurp(c.f.script);
    const auto body = gp.find("datafile = ");
    REQUIRE(body != std::string::npos);
    CHECK(gp.rfind("# a title for the caption\n", 0) == 0);
    CHECK(gp.find("set title") == std::string::npos);
    CHECK(gp.find("set termoption font 'DejaVu Sans,10'") < body);
    for (const char* colour : {"#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#000000", "#F0E442"})
      CHECK(gp.find(std::string("lc rgb '") + colour + "' dt ") < body);
    CHECK(gp.find("set format y '%.4g'") < body);
    CHECK(gp.find("set lmargin at screen ") < body);
    CHECK(stated_plot_area(gp) == c.area);
    // The legend is the style's (below the plot area) or none; nothing after the preamble places a key, sets a font,
    // a terminal, a size ratio or margins in characters.
    CHECK((gp.find("set key at screen ") < body) == c.legend);
    for (const char* own : {"font", "set terminal", "set key inside", "set key at", "set key outside", "size ratio",
                            "layout ", "margins ", "set lmargin 1", "set lmargin 2", "set size "})
      CHECK(gp.find(own, body) == std::string::npos);
  }

  // One legend entry or many: gnuplot draws the same plot area, the figure grows below it.
  const auto same_area = [&](const FigureFiles& few, const FigureFiles& many) {
    const auto a = drawn_plot_area(few.script), b = drawn_plot_area(many.script);
    CHECK(a.first == Approx(b.first).margin(2));
    CHECK(a.second == Approx(b.second).margin(2));
    const std::string few_gp = slurp(few.script), many_gp = slurp(many.script);
    CHECK(stated_plot_area(few_gp) == stated_plot_area(many_gp));
    CHECK(legend_rows(few_gp) < legend_rows(many_gp));
  };
  same_area(replicate_figure(dir, "replicates_1", 1, style), replicate_figure(dir, "replicates_8", 8, style));
  same_area(outcome_figure(dir, "outcomes_1", 1, tall), outcome_figure(dir, "outcomes_8", 8, tall));
  same_area(fork_figure(dir, "fork_1", 1, tall), fork_figure(dir, "fork_6", 6, tall));
}
