#include <catch2/catch.hpp>

#include "support/run_into.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "sim/run.hpp"

namespace fs = std::filesystem;
using namespace aca;

namespace {

const std::string scenarios = std::string(ACASIM_SOURCE_DIR) + "/scenarios/";

std::vector<std::vector<std::string>> csv(const fs::path& p) {
  std::ifstream in(p);
  REQUIRE(in);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string c;
    while (std::getline(ss, c, ',')) cells.push_back(c);
    rows.push_back(cells);
  }
  return rows;
}

// metrics.csv as (metric, collective) → value per round.
std::map<std::pair<std::string, std::string>, std::map<long, double>> metrics(const fs::path& dir) {
  std::map<std::pair<std::string, std::string>, std::map<long, double>> m;
  const auto rows = csv(dir / "metrics.csv");
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& c = rows[r];
    m[{c[2], c.size() > 1 ? c[1] : ""}][std::stol(c[0])] = std::strtod(c[3].c_str(), nullptr);
  }
  return m;
}

}  // namespace

TEST_CASE("flows between options account for every change of membership and for churn", "[engine][competition]") {
  const auto s = run_into("two_collectives.toml", "acasim_comp_flows", {{"simulation.rounds", "8"}});
  auto m = metrics(fs::temp_directory_path() / "acasim_comp_flows");
  const std::vector<std::string> options{"none", "left", "right"};
  const double n = 2000;
  for (long t = 0; t + 1 < s.rounds; ++t) {
    double moved = 0;
    for (const auto& to : options) {
      double in = 0, out = 0;
      for (const auto& from : options) {
        if (from == to) continue;
        in += m[{"flow_from_" + from, to}].at(t);
        out += m[{"flow_from_" + to, from}].at(t);
      }
      moved += in;
      if (to == "none") continue;
      // members(t + 1) = members(t) + inflow(t) − outflow(t)
      REQUIRE(m[{"members", to}].at(t + 1) == m[{"members", to}].at(t) + in - out);
    }
    REQUIRE(moved == Approx(m[{"churn", "platform"}].at(t) * n).margin(1e-9));
  }
}

TEST_CASE("with two collectives the response-curve dynamics use the joint curve measured with both present",
          "[engine][competition]") {
  const auto s = run_into("two_collectives.toml", "acasim_comp_joint", {{"simulation.rounds", "3"}});
  const fs::path dir = fs::temp_directory_path() / "acasim_comp_joint";
  // Round 0 starts at 40/2000 = 0.02 for both: a grid point of the joint grid, so no interpolation is involved.
  double mean1 = NAN, mean2 = NAN;
  for (const auto& r : csv(dir / "response_curve_joint.csv"))
    if (r[0] == "0.02" && r[1] == "0.02") {
      mean1 = std::strtod(r[5].c_str(), nullptr);
      mean2 = std::strtod(r[6].c_str(), nullptr);
    }
  REQUIRE(std::isfinite(mean1));
  auto m = metrics(dir);
  REQUIRE(m[{"success", "left"}].at(0) == mean1);
  REQUIRE(m[{"success", "right"}].at(0) == mean2);
  REQUIRE(m.count({"success_alone", "left"}) == 1);
  REQUIRE_THAT(s.out_dir.string(), Catch::Contains("acasim_comp_joint"));
}

TEST_CASE("two competing collectives: the run ends at a stable joint equilibrium, separated from the other by a saddle",
          "[engine][competition][equilibria]") {
  const auto s = run_into("two_collectives.toml", "acasim_comp_joint_eq");
  REQUIRE(s.joint_equilibria);
  REQUIRE(s.joint_equilibria->size() >= 3);
  bool near_stable = false, saddle = false;
  for (const auto& e : *s.joint_equilibria) {
    // The logit noise keeps α within a few agents of the mean-field fixed point: 0.01 is 20 agents of 2,000.
    if (e.stability == "stable" && std::abs(e.alpha[0] - s.final_alpha[0]) < 0.01 &&
        std::abs(e.alpha[1] - s.final_alpha[1]) < 0.01)
      near_stable = true;
    if (e.stability == "saddle" && e.alpha[0] > 0.05 && e.alpha[1] > 0.05) saddle = true;
  }
  REQUIRE(near_stable);
  REQUIRE(saddle);
}

TEST_CASE("constructiveness reports success with the other present minus success alone, in learned mode too",
          "[engine][competition]") {
  for (const char* mode : {"response_curve", "learned"}) {
    INFO(mode);
    const std::string dir = std::string("acasim_comp_ct_") + mode;
    run_into("two_collectives.toml", dir, {{"simulation.rounds", "3"}, {"simulation.mode", std::string("\"") + mode + "\""}});
    const auto rows = csv(fs::temp_directory_path() / dir / "constructiveness.csv");
    REQUIRE(rows.size() == 3);
    for (std::size_t r = 1; r < rows.size(); ++r) {
      const double with = std::strtod(rows[r][2].c_str(), nullptr), alone = std::strtod(rows[r][3].c_str(), nullptr);
      REQUIRE(with >= 0.0);
      REQUIRE(with <= 1.0);
      REQUIRE(std::strtod(rows[r][4].c_str(), nullptr) == Approx(with - alone).margin(1e-12));
    }
  }
}

TEST_CASE("the critical-crossing round is the first round participation reached α*, bracketed by the band's",
          "[engine][critical]") {
  const auto s = run_into("theory_tipping.toml", "acasim_comp_cross", {{"population.initial_members", "[20]"}});
  auto m = metrics(fs::temp_directory_path() / "acasim_comp_cross");
  const auto& alpha = m[{"alpha", "workers"}];
  long first = -1;
  for (const auto& [t, a] : alpha)
    if (a >= s.critical_mass[0]) {
      first = t;
      break;
    }
  REQUIRE(first >= 0);
  REQUIRE(s.crossed_round[0] == first);

  const auto c = run_into("two_collectives.toml", "acasim_comp_cross_band", {{"simulation.rounds", "12"}});
  REQUIRE(c.critical_mass_lower[0] <= c.critical_mass[0]);
  REQUIRE(c.critical_mass[0] <= c.critical_mass_upper[0]);
  if (c.crossed_round_upper[0] >= 0) {
    REQUIRE(c.crossed_round_lower[0] <= c.crossed_round[0]);
    REQUIRE(c.crossed_round[0] <= c.crossed_round_upper[0]);
  }
}

TEST_CASE("every shipped scenario runs two rounds and writes its summary", "[engine][scenarios]") {
  for (const auto& e : fs::directory_iterator(scenarios)) {
    if (e.path().extension() != ".toml") continue;
    INFO(e.path());
    // The real Fashion-MNIST files come from the dataset-fashion-mnist package; without it that scenario cannot run.
    if (e.path().stem() == "fashion_mnist_patch" &&
        !fs::exists("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")) {
      WARN("skipping fashion_mnist_patch: /usr/share/datasets/fashion-mnist is not installed");
      continue;
    }
    const std::string dir = "acasim_scenario_" + e.path().stem().string();
    const auto s = run_into(e.path().filename().string(), dir, {{"simulation.rounds", "2"}});
    REQUIRE(s.rounds >= 1);
    REQUIRE(fs::exists(fs::temp_directory_path() / dir / "summary.json"));
    for (double a : s.final_alpha) {
      REQUIRE(a >= 0.0);
      REQUIRE(a <= 1.0);
    }
  }
}

TEST_CASE("theory mode with three identical collectives: the joint equilibria are nobody anywhere and everyone in "
          "one collective, each stable, and the run ends at one of them",
          "[engine][competition][equilibria]") {
  // theory_tipping.toml's collective three times: each one's closed-form curve has its tipping point at 0.0063,
  // below which no agent joins and above which every agent's best response is to join.
  std::ifstream in(scenarios + "theory_tipping.toml");
  std::stringstream text;
  text << in.rdbuf();
  for (const char* name : {"second", "third"})
    text << "\n[[collective]]\nname = \"" << name << "\"\nstrategy = \"feature_label\"\ntarget = 1\ngood = \"exclusive\"\n";
  const fs::path dir = fs::temp_directory_path() / "acasim_comp_theory3";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "three.toml") << text.str();
  sim::RunOptions o;
  o.out_dir = dir / "run";
  o.cache_dir = dir / "cache";
  const auto s = sim::run(config::load_scenario(dir / "three.toml", {{"population.initial_members", "[20, 20, 20]"}}), o);
  REQUIRE(s.joint_equilibria);
  const std::vector<std::vector<double>> expected{{0, 0, 0}, {0, 0, 1}, {0, 1, 0}, {1, 0, 0}};
  REQUIRE(s.joint_equilibria->size() == expected.size());
  bool ends_at_one = false;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const auto& e = (*s.joint_equilibria)[i];
    CHECK(e.stability == "stable");
    bool here = true;
    for (std::size_t k = 0; k < 3; ++k) {
      CHECK(e.alpha[k] == Approx(expected[i][k]).margin(1e-3));
      here = here && std::abs(s.final_alpha[k] - expected[i][k]) < 0.01;
    }
    ends_at_one = ends_at_one || here;
  }
  CHECK(ends_at_one);
}
