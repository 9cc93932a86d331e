#include <catch2/catch.hpp>

#include "support/run_into.hpp"

#include "support/slurp.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "data/theory_bounds.hpp"
#include "sim/run.hpp"
#include "sim/run_context.hpp"

namespace fs = std::filesystem;
using namespace aca;

namespace {

const std::string scenarios = std::string(ACASIM_SOURCE_DIR) + "/scenarios/";

// metrics.csv as metric → collective → values in round order.
std::map<std::string, std::map<std::string, std::vector<double>>> metrics(const fs::path& dir) {
  std::map<std::string, std::map<std::string, std::vector<double>>> m;
  std::ifstream in(dir / "metrics.csv");
  std::string line;
  std::getline(in, line);
  REQUIRE(line == "round,collective,metric,value,source");
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string round, col, metric, value, source;
    std::getline(ss, round, ',');
    std::getline(ss, col, ',');
    std::getline(ss, metric, ',');
    std::getline(ss, value, ',');
    std::getline(ss, source, ',');
    m[metric][col].push_back(std::strtod(value.c_str(), nullptr));
  }
  return m;
}

void check_invariants(const fs::path& dir, double population) {
  auto m = metrics(dir);
  for (const auto& [col, alphas] : m["alpha"]) {
    const auto& members = m["members"][col];
    REQUIRE(members.size() == alphas.size());
    for (std::size_t t = 0; t < alphas.size(); ++t) {
      REQUIRE(alphas[t] >= 0.0);
      REQUIRE(alphas[t] <= 1.0);
      REQUIRE(members[t] == std::round(alphas[t] * population));
    }
    for (double s : m["success"][col]) {
      REQUIRE(s >= 0.0);
      REQUIRE(s <= 1.0);
    }
  }
}

}  // namespace

TEST_CASE("every mode runs the quickstart world end to end with α in [0,1] and members = α·N", "[engine]") {
  for (const char* mode : {"learned", "response_curve"}) {
    INFO(mode);
    const auto s = run_into("quickstart.toml", std::string("acasim_engine_") + mode,
                            {{"simulation.mode", std::string("\"") + mode + "\""},
                             {"simulation.rounds", "6"},
                             {"response_curve.alphas", "[0.0, 0.01, 0.05, 0.2, 0.5]"},
                             {"response_curve.replicates", "1"}});
    REQUIRE(s.rounds >= 1);
    REQUIRE(s.mode == mode);
    check_invariants(fs::temp_directory_path() / (std::string("acasim_engine_") + mode), 2000);
    // Round 0 records how many rows the platform trains on (population × points_per_agent): the k of group privacy.
    REQUIRE(metrics(fs::temp_directory_path() / (std::string("acasim_engine_") + mode))["training_rows"]["platform"].at(0) == 2000);
  }
  const auto s = run_into("theory_tipping.toml", "acasim_engine_theory");
  check_invariants(fs::temp_directory_path() / "acasim_engine_theory", 2000);
  REQUIRE(s.mode == "theory");
}

TEST_CASE("the engine finds the hand-solved fixed points of the theory participation map and their stability",
          "[engine][equilibria]") {
  // theory_tipping: c ~ U[0.2, 1], u = 1, best response, S(α) = feature-label bound with ξ = 0.01, Δ0 = 0.5.
  // For an infinite population F(α) = clamp((S(α) − 0.2)/0.8, 0, 1); its fixed points are 0 and 1 (stable) and
  // the crossing in between (unstable: a tipping point), found here by bisection on the closed form.
  const auto F = [](double a) {
    return std::min(1.0, std::max(0.0, (data::feature_label_bound(a, 0.01, 0.5) - 0.2) / 0.8));
  };
  double lo = 0.005, hi = 0.05;  // F(lo) − lo < 0 < F(hi) − hi
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    (F(mid) - mid < 0 ? lo : hi) = mid;
  }
  const auto s = run_into("theory_tipping.toml", "acasim_engine_fixed_points");
  REQUIRE(s.equilibria.size() == 3);
  CHECK(s.equilibria[0].alpha == Approx(0.0).margin(1e-9));
  CHECK(s.equilibria[0].stability == "stable");
  // 2,000 agents' costs are an empirical CDF: by the DKW inequality it is within 0.06 of U[0.2, 1] with
  // probability 1 − 1e-6, which moves a crossing of slope F' ≈ 160 by at most 0.06/160 ≈ 4e-4.
  CHECK(s.equilibria[1].alpha == Approx(lo).margin(5e-4));
  CHECK(s.equilibria[1].stability == "unstable");
  CHECK(s.equilibria[1].tipping_point);
  CHECK(s.equilibria[2].alpha == Approx(1.0).margin(1e-9));
  CHECK(s.equilibria[2].stability == "stable");
  // α* for S* = 0.9 from the bound: Δ0ξ / (1 − S* + Δ0ξ) = 0.005 / 0.105.
  CHECK(s.critical_mass[0] == Approx(0.005 / 0.105).margin(1e-3));
}

TEST_CASE("starting below the tipping point the collective dies out, above it it takes over", "[engine][equilibria]") {
  const auto below = run_into("theory_tipping.toml", "acasim_engine_below", {{"population.initial_members", "[8]"}});
  const auto above = run_into("theory_tipping.toml", "acasim_engine_above", {{"population.initial_members", "[20]"}});
  REQUIRE(below.final_alpha[0] == 0.0);
  REQUIRE(above.final_alpha[0] > 0.9);
}

TEST_CASE("a learned run is byte-identical for the same seed and differs for another", "[engine][reproducibility]") {
  run_into("quickstart.toml", "acasim_engine_det_a", {{"simulation.rounds", "4"}});
  run_into("quickstart.toml", "acasim_engine_det_b", {{"simulation.rounds", "4"}});
  run_into("quickstart.toml", "acasim_engine_det_c", {{"simulation.rounds", "4"}, {"simulation.seed", "9"}});
  const fs::path t = fs::temp_directory_path();
  REQUIRE(slurp(t / "acasim_engine_det_a" / "metrics.csv") == slurp(t / "acasim_engine_det_b" / "metrics.csv"));
  REQUIRE(slurp(t / "acasim_engine_det_a" / "metrics.csv") != slurp(t / "acasim_engine_det_c" / "metrics.csv"));
}

TEST_CASE("under DP-SGD with warm start the spent ε never decreases over rounds", "[engine][privacy]") {
  run_into("quickstart.toml", "acasim_engine_dp",
           {{"simulation.rounds", "5"}, {"simulation.stop_when", "\"never\""}, {"platform.learner", "\"dp_sgd\""},
            {"platform.privacy.noise_multiplier", "1.0"}, {"platform.model.warm_start", "true"},
            {"platform.epochs", "1"}});
  auto m = metrics(fs::temp_directory_path() / "acasim_engine_dp");
  const auto& eps = m["epsilon"]["platform"];
  REQUIRE(eps.size() == 5);
  for (std::size_t t = 1; t < eps.size(); ++t) REQUIRE(eps[t] >= eps[t - 1]);
  REQUIRE(eps.back() > eps.front());
}

TEST_CASE("a response curve is read from the cache the second time and recomputed when the learner changes", "[engine][response_curve]") {
  const std::vector<config::Override> ov = {{"simulation.mode", "\"response_curve\""},
                                            {"simulation.rounds", "2"},
                                            {"response_curve.alphas", "[0.0, 0.05, 0.5]"},
                                            {"response_curve.replicates", "1"}};
  sim::RunOptions o;
  o.out_dir = fs::temp_directory_path() / "acasim_engine_cache_run";
  o.cache_dir = fs::temp_directory_path() / "acasim_engine_cache";
  fs::remove_all(o.cache_dir);
  sim::run(config::load_scenario(scenarios + "quickstart.toml", ov), o);
  const std::string first = slurp(o.out_dir / "response_curve.csv");
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(o.cache_dir)) files.push_back(e.path());
  REQUIRE(files.size() == 1);
  REQUIRE_THAT(first, !Catch::Contains("0.123"));
  // Overwrite every cached success with a sentinel: a run that reads the cache must report it.
  std::string cached = slurp(files[0]), rewritten;
  std::stringstream in(cached);
  std::string line;
  std::getline(in, line);
  rewritten = line + "\n";
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream ls(line);
    std::string c;
    while (std::getline(ls, c, ',')) cells.push_back(c);
    rewritten += cells[0] + "," + cells[1] + "," + cells[2] + ",0.123," + cells[4] + "\n";
  }
  std::ofstream(files[0]) << rewritten;
  sim::run(config::load_scenario(scenarios + "quickstart.toml", ov), o);
  REQUIRE_THAT(slurp(o.out_dir / "response_curve.csv"), Catch::Contains(",0.123,"));
  // A change that affects the curve (the learner) is a different cache entry.
  auto ov2 = ov;
  ov2.push_back({"platform.learning_rate", "0.05"});
  sim::run(config::load_scenario(scenarios + "quickstart.toml", ov2), o);
  REQUIRE_THAT(slurp(o.out_dir / "response_curve.csv"), !Catch::Contains(",0.123,"));
}

TEST_CASE("a gradient-cancelling collective's plan is recorded with t = (1-α)/α and the best reachable t", "[engine]") {
  sim::RunOptions o;
  o.out_dir = fs::temp_directory_path() / "acasim_engine_cancel";
  fs::remove_all(o.out_dir);
  sim::run(config::load_scenario(scenarios + "validation/06_gradient_cancel.toml", {{"simulation.rounds", "1"}}), o);
  auto m = metrics(o.out_dir);
  REQUIRE(m["alpha"].size() == 1);
  const auto& [name, alphas] = *m["alpha"].begin();
  const double alpha = alphas.at(0);
  REQUIRE(alpha > 0.0);
  REQUIRE(m["cancel_t_required"][name].at(0) == Approx((1 - alpha) / alpha).epsilon(1e-9));
  const double best = m["cancel_t_best"][name].at(0);
  const double feasible = m["cancel_feasible"][name].at(0);
  REQUIRE((feasible == 0.0 || feasible == 1.0));
  if (feasible == 1.0) REQUIRE(best == Approx(m["cancel_t_required"][name].at(0)));
  else REQUIRE(best < m["cancel_t_required"][name].at(0));
  REQUIRE(m["theta_distance"][name].at(0) >= 0.0);
}

TEST_CASE("the plan stage builds a context holding the scenario's settings and an empty loop state",
          "[engine][plan]") {
  const auto scenario = config::load_scenario(scenarios + "two_collectives.toml",
                                              {{"simulation.rounds", "7"}, {"analysis.target_success", "0.6"}});
  const sim::RunContext ctx = sim::plan_run(scenario);
  CHECK(ctx.spec.mode == "response_curve");
  CHECK(ctx.spec.rounds == 7);
  CHECK(ctx.spec.target_success == 0.6);
  CHECK(ctx.spec.collectives == sim::collective_names(ctx.world));
  REQUIRE(ctx.collectives() == 2);
  CHECK(ctx.loop.last_round == -1);
  CHECK(ctx.loop.alpha == numerics::Trajectories(2));
  CHECK(ctx.loop.success == std::vector<double>{0.0, 0.0});
  CHECK(std::isinf(ctx.loop.epsilon));
  CHECK(ctx.world.population.size() > 0);
  CHECK(ctx.loop.convergence.from == -1);
}
