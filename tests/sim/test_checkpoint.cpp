#include <catch2/catch.hpp>

#include "support/slurp.hpp"

#include <filesystem>
#include <cmath>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include "config/diagnostics.hpp"
#include "sim/checkpoint.hpp"
#include "sim/fork.hpp"
#include "sim/recorder.hpp"
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
  sim::check_fork(s, same, 3);  // nothing frozen changed: no throw
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
  sim::check_fork(s, dp, 3);
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

TEST_CASE("a fork may not change the population size, the data, the collectives, the initial members or the seed",
          "[engine][checkpoint][fork]") {
  const config::Scenario s = quickstart({{"simulation.rounds", "4"}});
  const auto changed = [&](const std::vector<config::Override>& ov) {
    auto v = ov;
    v.push_back({"simulation.rounds", "4"});
    return quickstart(v);
  };
  const auto refused = [&](const std::vector<config::Override>& ov) {
    try {
      sim::check_fork(s, changed(ov), 1, ov);
    } catch (const config::ScenarioError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  REQUIRE_THAT(refused({{"population.size", "3000"}}), Catch::Contains("`population.size` cannot change in a fork"));
  REQUIRE_THAT(refused({{"data.test_size", "500"}}), Catch::Contains("`data.test_size` cannot change"));
  REQUIRE_THAT(refused({{"simulation.seed", "1"}}), Catch::Contains("`simulation.seed` cannot change"));
  REQUIRE_THAT(refused({{"collective.0.target", "0"}}), Catch::Contains("`collective.0.target` cannot change"));
  REQUIRE_THAT(refused({{"collective[0].signal.values", "[1.0, 1.0]"}}), Catch::Contains("collective[0].signal.values"));
  REQUIRE_THAT(refused({{"population.initial_members", "[40]"}}), Catch::Contains("population.initial_members"));
  // Without the overrides, the frozen sections that differ are still found.
  REQUIRE_THROWS_AS(sim::check_fork(s, changed({{"population.size", "3000"}}), 1), config::ScenarioError);
  REQUIRE_NOTHROW(sim::check_fork(s, changed({{"platform.epochs", "1"}, {"decision.temperature", "0.1"}}), 1,
                                  {{"platform.epochs", "1"}, {"decision.temperature", "0.1"}}));
}

TEST_CASE("a fork must leave at least one round after the fork round", "[engine][checkpoint][fork]") {
  const config::Scenario s = quickstart({{"simulation.rounds", "4"}});
  REQUIRE_NOTHROW(sim::check_fork(s, s, 2));
  REQUIRE_THROWS_WITH(sim::check_fork(s, s, 3), Catch::Contains("simulation.rounds = 4 leaves no round after the "
                                                                "fork round 3") && Catch::Contains("N ≥ 5"));
  REQUIRE_THROWS_AS(sim::check_fork(s, s, 7), config::ScenarioError);
}

TEST_CASE("a checkpoint is sealed with its format version, its run's checkpoint interval and a CRC-32 per file",
          "[engine][checkpoint]") {
  const config::Scenario s = quickstart({{"simulation.rounds", "4"}, {"platform.epochs", "1"}});
  sim::RunOptions o = options("acasim_ckpt_seal");
  o.checkpoint_every = 2;
  sim::run(s, o);
  const fs::path cp = sim::checkpoint_dir(o.out_dir, 1);
  const std::string seal = slurp(cp / "checkpoint.txt");
  REQUIRE(seal.rfind("acasim checkpoint format 2\nround 1\ncheckpoint_every 2\n", 0) == 0);
  for (const char* f : {"state.bin", "population.bin", "learner.bin", "learner_rng.txt", "metrics.csv",
                        "scenario.resolved.toml", "origin.txt"})
    REQUIRE_THAT(seal, Catch::Contains(std::string("\nfile ") + f + " "));
  REQUIRE_THAT(seal, Catch::Contains("\ncrc32 "));
  REQUIRE(sim::read_checkpoint_seal(cp).checkpoint_every == 2);
  REQUIRE(sim::read_checkpoint_seal(cp).round == 1);
}

TEST_CASE("a flipped byte, a truncation or a missing file in a checkpoint is refused naming the file",
          "[engine][checkpoint]") {
  const config::Scenario s = quickstart({{"simulation.rounds", "4"}, {"platform.epochs", "1"}});
  sim::RunOptions o = options("acasim_ckpt_damage");
  o.checkpoint_every = 2;
  sim::run(s, o);
  const fs::path cp = sim::checkpoint_dir(o.out_dir, 1);
  const fs::path copy = tmp("acasim_ckpt_damage_copy");
  const auto load_error = [&](const std::string& file, const std::function<void(const fs::path&)>& damage) {
    fs::remove_all(copy);
    fs::copy(cp, copy);
    damage(copy / file);
    sim::RunContext ctx = sim::plan_run(s);
    try {
      sim::load_checkpoint(copy, ctx);
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  const auto flip = [](const fs::path& p) {
    std::string b = slurp(p);
    b[b.size() / 2] ^= 0x10;
    std::ofstream(p, std::ios::binary) << b;
  };
  for (const char* f : {"state.bin", "population.bin", "learner.bin", "learner_rng.txt", "metrics.csv",
                        "scenario.resolved.toml", "origin.txt", "checkpoint.txt"}) {
    INFO(f);
    REQUIRE_THAT(load_error(f, flip), Catch::Contains((copy / f).string()));
    REQUIRE_THAT(load_error(f, [](const fs::path& p) { fs::resize_file(p, fs::file_size(p) - 1); }),
                 Catch::Contains((copy / f).string()));
    REQUIRE_THAT(load_error(f, [](const fs::path& p) { fs::remove(p); }), Catch::Contains((copy / f).string()));
  }
  REQUIRE(load_error("state.bin", [](const fs::path&) {}).empty());
}

TEST_CASE("a checkpoint of format 1 (no version, no checksums) is refused as such", "[engine][checkpoint]") {
  const config::Scenario s = quickstart({{"simulation.rounds", "4"}, {"platform.epochs", "1"}});
  sim::RunOptions o = options("acasim_ckpt_old");
  o.checkpoint_every = 2;
  sim::run(s, o);
  const fs::path cp = sim::checkpoint_dir(o.out_dir, 1);
  fs::remove(cp / "checkpoint.txt");
  std::string state = slurp(cp / "state.bin");
  state.replace(state.find("acasim-checkpoint-2"), 19, "acasim-checkpoint-1");
  std::ofstream(cp / "state.bin", std::ios::binary) << state;
  REQUIRE(sim::checkpoint_rounds(o.out_dir) == std::vector<long>{1, 3});  // listed, so that it is refused by name
  sim::RunContext ctx = sim::plan_run(s);
  REQUIRE_THROWS_WITH(sim::load_checkpoint(cp, ctx), Catch::Contains("checkpoint of format 1") &&
                                                         Catch::Contains("reads checkpoint format 2 only"));
}

TEST_CASE("a checkpoint's metrics must be rows of the rounds it covers", "[engine][checkpoint]") {
  const std::string header = "round,collective,metric,value,source\n";
  const fs::path p = "cp/metrics.csv";
  REQUIRE_NOTHROW(sim::check_metrics_rows(header + "0,w,alpha,0.5,learned\n1,,welfare,nan,learned\n", p, 1));
  const auto error = [&](const std::string& text) {
    try {
      sim::check_metrics_rows(text, p, 1);
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  REQUIRE_THAT(error(header + "0,w,alpha,0.5,learned\ngarbage\n1,w,alpha,1,learned\n"), Catch::Contains("cp/metrics.csv:3"));
  REQUIRE_THAT(error(header + "0,w,alpha,zero,learned\n1,w,alpha,1,learned\n"), Catch::Contains("cp/metrics.csv:2"));
  REQUIRE_THAT(error(header + "0,w,alpha,0.5,learned\n7,w,alpha,1,learned\n"), Catch::Contains("cp/metrics.csv:3"));
  REQUIRE_THAT(error(header + "1,w,alpha,0.5,learned\n0,w,alpha,1,learned\n"), Catch::Contains("cp/metrics.csv:3"));
  REQUIRE_THAT(error(header + "0,w,alpha,0.5,learned\n"), Catch::Contains("end at round 0, not at round 1"));
  REQUIRE_THAT(error("a,b\n1,w,alpha,1,learned\n"), Catch::Contains("cp/metrics.csv:1"));
}

TEST_CASE("a fork that changes the platform applies its ε to the agents from the next round",
          "[engine][checkpoint][fork]") {
  // dp_regulation's members pay a privacy cost that grows with ε: a fork to sgd (no DP, ε = ∞) must make them pay
  // the cost of ε = ∞, as a run with sgd from the start does, not keep the dp_sgd ε of the checkpoint.
  const std::vector<config::Override> base = {{"simulation.mode", "\"learned\""}, {"simulation.rounds", "6"},
                                              {"simulation.stop_when", "\"never\""}, {"population.size", "600"},
                                              {"data.test_size", "300"}, {"platform.epochs", "1"}};
  const config::Scenario s = config::load_scenario(scenarios + "dp_regulation.toml", base);
  sim::RunOptions full = options("acasim_fork_eps_original");
  full.checkpoint_every = 2;
  sim::run(s, full);
  const fs::path cp = sim::checkpoint_dir(full.out_dir, 1);
  const config::Scenario sgd = sim::checkpoint_scenario(cp, {{"platform.learner", "\"sgd\""}});
  sim::RunContext ctx = sim::plan_run(sgd);
  sim::load_checkpoint(cp, ctx);
  REQUIRE(std::isinf(ctx.loop.epsilon));
  REQUIRE_FALSE(ctx.loop.privacy.is_private);
  REQUIRE(ctx.loop.retrain_now);
  sim::RunOptions fork = options("acasim_fork_eps_sgd");
  fork.resume_from = cp;
  sim::run(sgd, fork);
  const std::string history = slurp(cp / "metrics.csv");
  const std::string after = slurp(fork.out_dir / "metrics.csv").substr(history.size());
  REQUIRE_THAT(after, !Catch::Contains(",epsilon,"));
  REQUIRE(after != slurp(full.out_dir / "metrics.csv").substr(history.size()));
}

TEST_CASE("a fork reads convergence again under its own tolerance and window", "[engine][checkpoint][fork]") {
  const config::Scenario s = quickstart({{"simulation.rounds", "6"}, {"platform.epochs", "1"},
                                         {"simulation.convergence_tolerance", "1e-12"}});
  sim::RunOptions full = options("acasim_fork_conv_original");
  full.checkpoint_every = 3;
  sim::run(s, full);
  const fs::path cp = sim::checkpoint_dir(full.out_dir, 2);
  const config::Scenario loose = sim::checkpoint_scenario(
      cp, {{"simulation.convergence_tolerance", "10"}, {"simulation.convergence_window", "2"}});
  sim::RunContext ctx = sim::plan_run(loose);
  sim::load_checkpoint(cp, ctx);
  REQUIRE(ctx.loop.convergence.from == 1);  // steps 1 and 2 are both below 10
  REQUIRE(ctx.loop.convergence.small_steps == 2);
  // With stop_when = "converged" that run would have stopped before the fork round: refused.
  const config::Scenario stop = sim::checkpoint_scenario(
      cp, {{"simulation.convergence_tolerance", "10"}, {"simulation.convergence_window", "2"},
           {"simulation.stop_when", "\"converged\""}});
  sim::RunContext stopped = sim::plan_run(stop);
  REQUIRE_THROWS_AS(sim::load_checkpoint(cp, stopped), config::ScenarioError);
}

TEST_CASE("resume refuses a folder without checkpoints", "[engine][checkpoint]") {
  const fs::path empty = tmp("acasim_ckpt_none");
  fs::remove_all(empty);
  fs::create_directories(empty);
  REQUIRE_THROWS_AS(sim::find_checkpoint(empty), std::runtime_error);
}
