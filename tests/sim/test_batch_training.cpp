#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "config/scenario.hpp"
#include "sim/batch_training.hpp"

using namespace aca;

namespace {

const std::string dp_regulation = std::string(ACASIM_SOURCE_DIR) + "/scenarios/dp_regulation.toml";

// Memberships of 0 %, 2 %, 10 %, 30 %, 60 % and 100 % of the first agents, rounds 0..5, streams 0..5.
std::vector<sim::TrainingTask> tasks_for(const sim::World& w) {
  const std::size_t n = w.population.size();
  std::vector<sim::TrainingTask> tasks;
  const double shares[] = {0.0, 0.02, 0.1, 0.3, 0.6, 1.0};
  for (std::size_t i = 0; i < 6; ++i) {
    std::vector<std::int32_t> m(n, -1);
    for (std::size_t a = 0; a < static_cast<std::size_t>(shares[i] * static_cast<double>(n)); ++a) m[a] = 0;
    tasks.push_back({m, i, util::make_stream(w.seed, "test_batch", i)});
  }
  return tasks;
}

// Batched and one-by-one trainings of the same tasks under `learner`; member parameters agree to ~1e-5, so at
// most a point or two of the test set lies close enough to a decision boundary to be labelled differently.
void check_batched_equals_single(const std::string& learner) {
  const std::vector<config::Override> base = {{"population.size", "600"}, {"platform.learner", "\"" + learner + "\""}};
  auto batched_ov = base, single_ov = base;
  batched_ov.push_back({"platform.ensemble_size", "4"});
  single_ov.push_back({"platform.ensemble_size", "1"});
  const sim::World wb = sim::make_world(config::load_scenario(dp_regulation, batched_ov));
  const sim::World ws = sim::make_world(config::load_scenario(dp_regulation, single_ov));
  REQUIRE(sim::training_batch_size(wb) == 4);  // 6 tasks: a batch of 4 and one of 2
  REQUIRE(sim::training_batch_size(ws) == 1);
  std::vector<std::size_t> progress;
  const auto b = sim::train_independently(wb, tasks_for(wb), [&](std::size_t done) { progress.push_back(done); });
  const auto s = sim::train_independently(ws, tasks_for(ws));
  CHECK(progress == std::vector<std::size_t>{4, 6});
  REQUIRE(b.size() == 6);
  REQUIRE(s.size() == 6);
  const double n_test = static_cast<double>(wb.dataset->test().n);
  for (std::size_t i = 0; i < 6; ++i) {
    INFO("task " << i);
    CHECK(b[i].realised_alpha == s[i].realised_alpha);
    CHECK(std::abs(b[i].success[0].estimate - s[i].success[0].estimate) <= 2.0 / n_test + 1e-12);
    CHECK(std::abs(b[i].clean_accuracy.estimate - s[i].clean_accuracy.estimate) <= 2.0 / n_test + 1e-12);
    CHECK(b[i].privacy.is_private == s[i].privacy.is_private);
    CHECK(b[i].privacy.epsilon == Approx(s[i].privacy.epsilon).epsilon(1e-12));
    CHECK(b[i].privacy.steps == s[i].privacy.steps);
  }
  // The collective's success must respond to its size, or the comparison above would be vacuous.
  CHECK(s[5].success[0].estimate > s[0].success[0].estimate + 0.3);
}

}  // namespace

TEST_CASE("batched dp_sgd trainings equal fresh single learners trained one by one", "[sim][batch_training]") {
  check_batched_equals_single("dp_sgd");
}

TEST_CASE("batched sgd trainings equal fresh single learners trained one by one", "[sim][batch_training]") {
  check_batched_equals_single("sgd");
}

TEST_CASE("learners the ensemble cannot batch train one by one, the others in batches of ensemble_size",
          "[sim][batch_training]") {
  const sim::World mlp = sim::make_world(config::load_scenario(
      dp_regulation, {{"population.size", "600"}, {"platform.model.kind", "\"mlp\""}, {"platform.ensemble_size", "8"},
                      {"platform.learner", "\"gdro\""}, {"platform.gdro.groups", "\"collective_vs_rest\""}}));
  CHECK(sim::training_batch_size(mlp) == 8);
  const sim::World counting = sim::make_world(config::load_scenario(
      std::string(ACASIM_SOURCE_DIR) + "/scenarios/validation/01_theory_bounds.toml",
      {{"population.size", "2000"}, {"data.test_size", "2000"}, {"platform.ensemble_size", "8"}}));
  REQUIRE(counting.learner_spec.learner == "bayes_optimal");
  CHECK(sim::training_batch_size(counting) == 1);
  // The counting learner still trains every task, one by one.
  std::vector<sim::TrainingTask> tasks;
  for (std::uint64_t i = 0; i < 2; ++i)
    tasks.push_back({std::vector<std::int32_t>(counting.population.size(), -1), i, util::make_stream(1, "t", i)});
  CHECK(sim::train_independently(counting, std::move(tasks)).size() == 2);
}
