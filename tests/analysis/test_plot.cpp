#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "analysis/plot.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using namespace aca::analysis;
using namespace aca::numerics;
using aca::analysis::test::ScratchDir;

namespace {

void require_figure(const FigureFiles& f) {
  REQUIRE(fs::exists(f.png));
  REQUIRE(fs::file_size(f.png) > 1000);
  REQUIRE(is_png_file(f.png));
  REQUIRE(fs::exists(f.svg));
  REQUIRE(fs::file_size(f.svg) > 1000);
  REQUIRE(is_svg_file(f.svg));
  REQUIRE(fs::file_size(f.data) > 0);
  REQUIRE(fs::file_size(f.script) > 0);
  for (const auto& e : fs::directory_iterator(f.png.parent_path()))
    REQUIRE(e.path().extension() != ".partial");  // temporaries renamed or removed
}

}  // namespace

TEST_CASE("the trajectory figure is written as non-empty PNG and SVG files", "[analysis][plot]") {
  const ScratchDir dir("traj");
  std::vector<Line> alpha, success;
  for (int k = 0; k < 2; ++k) {
    Line a{"collective_" + std::to_string(k + 1), {}, {}}, s = a;
    for (int t = 0; t < 50; ++t) {
      a.x.push_back(t);
      a.y.push_back(0.5 + 0.4 * std::sin(0.2 * t + k));
      s.x.push_back(t);
      s.y.push_back(t < 3 ? NAN : 0.3 + 0.1 * k);
    }
    alpha.push_back(a);
    success.push_back(s);
  }
  const auto f = plot_trajectories(dir / "trajectories", alpha, success, {"α(t) and S(t)", "round", "", false},
                                   {{"critical mass α* = 0.35", 0.35}, {"tipping point", 0.2}}, {{"S* = 0.8", 0.8}});
  require_figure(f);
  std::ifstream in(f.script);
  const std::string script((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Each level appears once, drawn on its own panel (the S* label after the second panel's reset).
  REQUIRE(script.find("'critical mass α* = 0.35'") != std::string::npos);
  REQUIRE(script.find("'S* = 0.8'") > script.rfind("unset arrow"));
  REQUIRE(script.find("'tipping point'") < script.rfind("unset arrow"));
}

TEST_CASE("the success curve figure with band, raw points, theory bound and log x renders", "[analysis][plot]") {
  const ScratchDir dir("curve");
  ReplicateGrid g;
  std::vector<Observation> pts;
  for (int i = 0; i <= 10; ++i) {
    const double a = 0.05 * i;  // includes α = 0, which the log axis must leave out instead of failing
    g.alphas.push_back(a);
    g.successes.push_back({std::min(1.0, 2 * a), std::min(1.0, 2 * a + 0.1)});
    for (double s : g.successes.back()) pts.push_back({a, s});
  }
  PlottedCurve c{"ε = 8", fit_monotone(g), pts};
  Line bound{"feature-label, Hardt et al.'s\nbound", {}, {}};  // a quote and a line break must not break the script
  for (int i = 1; i <= 50; ++i) {
    bound.x.push_back(0.01 * i);
    bound.y.push_back(std::max(0.0, 1 - (1 - 0.01 * i) / (0.01 * i) * 0.1));
  }
  PlotStyle style{"S(α)", "α (share of users in the collective)", "success S", true};
  require_figure(plot_success_curves(dir / "success_curve", {c}, {bound}, 0.8, style));
  style.log_x = false;
  require_figure(plot_success_curves(dir / "success_curve_lin", {c}, {}, NAN, style));
}

TEST_CASE("the participation map figure marks stable points and the tipping point", "[analysis][plot]") {
  const ScratchDir dir("map");
  auto F = [](double x) { return x - 2 * x * (x - 0.3) * (x - 1); };
  const auto fps = find_fixed_points(F);
  Line map{"F(α) = Pr[join | S(α)]", {}, {}};
  for (int i = 0; i <= 200; ++i) {
    map.x.push_back(i / 200.0);
    map.y.push_back(F(i / 200.0));
  }
  const auto files = plot_participation_map(dir / "participation_map", map, fps, {"Participation map", "α", "F(α)"});
  require_figure(files);
  // The plot command's tipping-point entry must read the data block that holds the tipping point (0.3, 0.3):
  // gnuplot numbers only blocks with data lines, so blocks are split the same way here.
  auto slurp = [](const fs::path& p) {
    std::ifstream in(p);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  };
  const std::string script = slurp(files.script), data = slurp(files.data);
  const auto title = script.find("title 'tipping point'");
  REQUIRE(title != std::string::npos);
  const auto idx = script.rfind("index ", title);
  const int block = std::stoi(script.substr(idx + 6));
  std::vector<std::string> blocks;
  for (std::size_t pos = 0;;) {
    const auto next = data.find("\n\n\n", pos);
    const std::string b = data.substr(pos, next == std::string::npos ? std::string::npos : next - pos);
    bool has_data = false;  // a line that is neither blank nor a comment
    std::istringstream lines(b);
    for (std::string l; std::getline(lines, l);) has_data = has_data || (!l.empty() && l[0] != '#');
    if (has_data) blocks.push_back(b);
    if (next == std::string::npos) break;
    pos = next + 3;
  }
  REQUIRE(block < static_cast<int>(blocks.size()));
  REQUIRE(blocks[block].find("\n0.3 0.3") != std::string::npos);
  REQUIRE(script.find("title 'stable fixed point'") != std::string::npos);
}

TEST_CASE("a gnuplot failure throws and leaves no image behind", "[analysis][plot]") {
  const ScratchDir dir("fail");
  PlotStyle style;
  style.gnuplot = "/nonexistent/gnuplot";
  REQUIRE_THROWS_AS(plot_trajectories(dir / "t", {Line{"a", {0, 1}, {0, 1}}}, {}, style), std::runtime_error);
  REQUIRE_FALSE(fs::exists(dir / "t.png"));
  REQUIRE_FALSE(fs::exists(dir / "t.png.partial"));
  style.gnuplot = "false";  // starts, then exits with status 1 like a gnuplot that rejects its script
  REQUIRE_THROWS_AS(plot_trajectories(dir / "v", {Line{"a", {0, 1}, {0, 1}}}, {}, style), std::runtime_error);
  REQUIRE_FALSE(fs::exists(dir / "v.png"));
  REQUIRE_FALSE(fs::exists(dir / "v.png.partial"));
  REQUIRE_THROWS_AS(plot_trajectories(dir / "u", {Line{"a", {0, 1}, {0}}}, {}, PlotStyle{}), std::invalid_argument);
}
