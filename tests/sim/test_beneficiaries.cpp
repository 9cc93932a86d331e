#include <catch2/catch.hpp>

#include <filesystem>
#include <stdexcept>

#include "agents/population.hpp"
#include "sim/run.hpp"
#include "sim/world.hpp"

namespace fs = std::filesystem;
using namespace aca;

namespace {

const std::string free_riding = std::string(ACASIM_SOURCE_DIR) + "/scenarios/free_riding.toml";

std::vector<config::Override> short_run(const std::string& beneficiaries) {
  return {{"population.size", "2000"}, {"simulation.rounds", "6"}, {"simulation.stop_when", "\"never\""},
          {"population.beneficiaries", "[\"" + beneficiaries + "\"]"}};
}

sim::RunSummary run_into(const std::string& dir, const std::vector<config::Override>& ov) {
  sim::RunOptions o;
  o.out_dir = fs::temp_directory_path() / dir;
  o.cache_dir = fs::temp_directory_path() / (dir + "-cache");
  fs::remove_all(o.out_dir);
  fs::remove_all(o.cache_dir);
  return sim::run(config::load_scenario(free_riding, ov), o);
}

}  // namespace

TEST_CASE("the engine gives label:Y leakage exactly to agents whose first training point has label Y",
          "[engine][beneficiaries]") {
  const sim::World w = sim::make_world(config::load_scenario(free_riding, short_run("label:1")));
  const data::TrainSet& train = w.dataset->train();
  const double S[1] = {0.75};
  std::size_t labelled = 0;
  for (std::size_t i = 0; i < w.population.size(); ++i) {
    const bool y1 = train.y[i * static_cast<std::size_t>(w.points_per_agent)] == 1;
    labelled += y1;
    // The scenario's good is public (γ = 1) and benefit 1: label-1 agents get S outside, the others nothing.
    REQUIRE(agents::payoff_of(w.population, i, agents::no_collective, S, 0.0) == (y1 ? 0.75 : 0.0));
  }
  REQUIRE(labelled > 0);
  REQUIRE(labelled < w.population.size());
}

TEST_CASE("a short run with label:1 beneficiaries keeps the non-labelled agents from free riding",
          "[engine][beneficiaries]") {
  const sim::RunSummary all = run_into("acasim_benef_all", short_run("all"));
  const sim::RunSummary label = run_into("acasim_benef_label", short_run("label:1"));
  REQUIRE(label.rounds == 6);
  // With everyone a beneficiary of the public good participation collapses; restricting the leakage to label-1
  // agents leaves the others only the member's payoff, so more of them stay.
  REQUIRE(label.final_alpha[0] > all.final_alpha[0]);
}

TEST_CASE("the engine rejects label:Y when Y is not a label of the data", "[engine][beneficiaries]") {
  try {
    sim::make_world(config::load_scenario(free_riding, short_run("label:7")));
    FAIL("label:7 was accepted");
  } catch (const std::runtime_error& e) {
    REQUIRE(std::string(e.what()).find("not a label of the data") != std::string::npos);
  }
}
