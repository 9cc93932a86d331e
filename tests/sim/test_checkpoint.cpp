#include <catch2/catch.hpp>

#include "support/slurp.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "config/diagnostics.hpp"
#include "sim/checkpoint.hpp"
#include "sim/run.hpp"

namespace fs = std::filesystem;
using namespace aca;

namespace {

const std::string scenarios = std::string(ACASIM_SOURCE_DIR) + "/scenarios/";

fs::path tmp(const std::string& name) { return fs::temp_directory_path() / name; }

sim::RunOptions options(const std::string& dir) {
  sim::RunOptions o;
  o.out_dir = tmp(dir);
  o.cache_dir = tmp("acasim_ckpt_cache");
  fs::remove_all(o.out_dir);
  return o;
}

config::Scenario quickstart(std::vector<config::Override> ov, const std::string& file = "quickstart.toml") {
  ov.push_back({"simulation.stop_when", "\"never\""});
  return config::load_scenario(scenarios + file, ov);
}

// An uninterrupted run, a run stopped after round 6 that checkpointed every 3 rounds, and a resume of that
// run from its checkpoint of round 5 (the latest): the resumed outputs must equal the uninterrupted ones.
void check_resume(const std::string& tag, const std::vector<config::Override>& ov,
                  const std::string& file = "quickstart.toml") {
  const config::Scenario s = quickstart(ov, file);
  sim::RunOptions full = options("acasim_ckpt_full_" + tag);
  full.checkpoint_every = 3;
  sim::run(s, full);

  sim::RunOptions part = options("acasim_ckpt_part_" + tag);
  part.checkpoint_every = 3;
  part.stop_after = 6;
  const auto stopped = sim::run(s, part);
  REQUIRE(stopped.stopped);
  REQUIRE(stopped.rounds == 7);
  REQUIRE_THAT(slurp(part.out_dir / "manifest.json"), Catch::Contains("\"stopped\""));
  REQUIRE_FALSE(fs::exists(part.out_dir / "summary.json"));
  REQUIRE(sim::checkpoint_rounds(part.out_dir) == std::vector<long>{2, 5});

  sim::RunOptions resumed = options("acasim_ckpt_resumed_" + tag);
  resumed.resume_from = sim::find_checkpoint(part.out_dir);
  REQUIRE(resumed.resume_from == sim::checkpoint_dir(part.out_dir, 5));
  sim::run(sim::checkpoint_scenario(resumed.resume_from), resumed);
  REQUIRE(slurp(resumed.out_dir / "metrics.csv") == slurp(full.out_dir / "metrics.csv"));
  REQUIRE(slurp(resumed.out_dir / "summary.json") == slurp(full.out_dir / "summary.json"));
}

}  // namespace

TEST_CASE("resuming an sgd run from a checkpoint gives byte-identical outputs to an uninterrupted run",
          "[engine][checkpoint]") {
  // Retraining every other round also carries the last measured success across the checkpoint.
  check_resume("sgd", {{"simulation.rounds", "10"}, {"platform.epochs", "2"}, {"platform.retrain_every", "2"}});
}

TEST_CASE("resuming warm-started Group DRO (group weights carried) and bayes_optimal runs is byte-identical",
          "[engine][checkpoint]") {
  check_resume("gdro", {{"simulation.rounds", "9"},
                        {"platform.learner", "\"gdro\""},
                        {"platform.gdro.groups", "\"collective_vs_rest\""},
                        {"platform.model.warm_start", "true"},
                        {"platform.epochs", "1"}});
  check_resume("bayes", {{"simulation.rounds", "9"},
                         {"simulation.mode", "\"learned\""},
                         {"platform.learner", "\"bayes_optimal\""}},
               "theory_tipping.toml");
}

TEST_CASE("resuming a warm-started dp_sgd run from a checkpoint gives byte-identical outputs and privacy account",
          "[engine][checkpoint]") {
  check_resume("dp", {{"simulation.rounds", "9"},
                      {"platform.learner", "\"dp_sgd\""},
                      {"platform.privacy.noise_multiplier", "1.0"},
                      {"platform.model.warm_start", "true"},
                      {"platform.epochs", "1"}});
}

TEST_CASE("resuming a response-curve run with adaptive expectations is byte-identical", "[engine][checkpoint]") {
  check_resume("curve", {{"simulation.rounds", "12"},
                         {"simulation.mode", "\"response_curve\""},
                         {"decision.expectations", "\"adaptive\""},
                         {"decision.smoothing", "0.3"},
                         {"response_curve.alphas", "[0.0, 0.9]"},
                         {"response_curve.replicates", "1"}});
}

TEST_CASE("a fork with unchanged settings reproduces the original run", "[engine][checkpoint][fork]") {
  const config::Scenario s = quickstart({{"simulation.rounds", "8"}, {"platform.model.warm_start", "true"}});
  sim::RunOptions full = options("acasim_fork_original");
  full.checkpoint_every = 4;
  sim::run(s, full);
  const fs::path cp = sim::checkpoint_dir(full.out_dir, 3);
  const config::Scenario same = sim::checkpoint_scenario(cp);
  sim::check_fork(s, same);  // nothing frozen changed: no throw
  sim::RunOptions fork = options("acasim_fork_same");
  fork.resume_from = cp;
  sim::run(same, fork);
  REQUIRE(slurp(fork.out_dir / "metrics.csv") == slurp(full.out_dir / "metrics.csv"));
}

TEST_CASE("a fork under a changed policy shares the history up to the fork round and then differs",
          "[engine][checkpoint][fork]") {
  const config::Scenario s = quickstart({{"simulation.rounds", "8"}});
  sim::RunOptions full = options("acasim_fork_policy_original");
  full.checkpoint_every = 4;
  sim::run(s, full);
  const fs::path cp = sim::checkpoint_dir(full.out_dir, 3);
  // The regulation: the platform must train privately from round 4 on (a new learner: it starts untrained).
  const config::Scenario dp = sim::checkpoint_scenario(
      cp, {{"platform.learner", "\"dp_sgd\""}, {"platform.privacy.target_epsilon", "1"}});
  sim::check_fork(s, dp);
  sim::RunOptions fork = options("acasim_fork_policy_dp");
  fork.resume_from = cp;
  sim::run(dp, fork);
  const std::string a = slurp(full.out_dir / "metrics.csv"), b = slurp(fork.out_dir / "metrics.csv");
  const std::string history = slurp(cp / "metrics.csv");
  REQUIRE(a.compare(0, history.size(), history) == 0);
  REQUIRE(b.compare(0, history.size(), history) == 0);
  REQUIRE(a != b);
  REQUIRE_THAT(b.substr(history.size()), Catch::Contains(",epsilon,"));
  REQUIRE_THAT(history, !Catch::Contains(",epsilon,"));
}

TEST_CASE("a fork may not change the population size, the data or the seed", "[engine][checkpoint][fork]") {
  const config::Scenario s = quickstart({{"simulation.rounds", "2"}});
  const auto changed = [&](const std::vector<config::Override>& ov) { return quickstart([&] {
    auto v = ov;
    v.push_back({"simulation.rounds", "2"});
    return v;
  }()); };
  REQUIRE_THROWS_AS(sim::check_fork(s, changed({{"population.size", "3000"}})), config::ScenarioError);
  REQUIRE_THROWS_AS(sim::check_fork(s, changed({{"data.test_size", "500"}})), config::ScenarioError);
  REQUIRE_THROWS_AS(sim::check_fork(s, changed({{"simulation.seed", "1"}})), config::ScenarioError);
  REQUIRE_NOTHROW(sim::check_fork(s, changed({{"platform.epochs", "1"}, {"decision.temperature", "0.1"}})));
}

TEST_CASE("resume refuses a folder without checkpoints", "[engine][checkpoint]") {
  const fs::path empty = tmp("acasim_ckpt_none");
  fs::remove_all(empty);
  fs::create_directories(empty);
  REQUIRE_THROWS_AS(sim::find_checkpoint(empty), std::runtime_error);
}
