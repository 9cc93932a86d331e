#include <catch2/catch.hpp>

#include "data/measure.hpp"
#include "data/signal.hpp"

using namespace aca;
using namespace aca::data;

namespace {
TrainSet flat(std::int64_t n) {
  TrainSet t;
  t.n = n;
  t.d = 2;
  t.num_classes = 3;
  for (std::int64_t i = 0; i < n; ++i) {
    t.x.push_back(static_cast<float>(i));
    t.x.push_back(0.0f);
    t.y.push_back(i % 3);
    t.group.push_back(static_cast<std::int32_t>(i % 2));
  }
  t.num_groups = 2;
  return t;
}
CollectiveSpec planting(Strategy s) {
  CollectiveSpec c;
  c.strategy = s;
  c.target = 2;
  c.signal.kind = SignalKind::feature_set;
  c.signal.features = {1};
  c.signal.values = {1.0f};
  return c;
}
}  // namespace

TEST_CASE("the Wilson interval matches textbook values", "[measure]") {
  const Proportion zero = wilson(0, 10);
  REQUIRE(zero.estimate == 0.0);
  REQUIRE(zero.lower == 0.0);
  REQUIRE(zero.upper == Approx(0.2775).margin(1e-4));
  const Proportion half = wilson(50, 100);
  REQUIRE(half.lower == Approx(0.4038).margin(1e-4));
  REQUIRE(half.upper == Approx(0.5962).margin(1e-4));
  REQUIRE(wilson(0, 0).trials == 0);
}

TEST_CASE("planting success counts f(g(x)) = y* and erasure counts f(g(x)) = f(x)", "[measure]") {
  const TrainSet test = flat(100);
  // Predicts y* on signalled rows with an even first feature, the true label otherwise.
  const Predictor f = [](const TrainSet& s) {
    std::vector<std::int64_t> p;
    for (std::int64_t i = 0; i < s.n; ++i) {
      const bool signalled = s.x[static_cast<std::size_t>(i * 2 + 1)] == 1.0f;
      p.push_back(signalled && static_cast<int>(s.x[static_cast<std::size_t>(i * 2)]) % 2 == 0 ? 2 : i % 3);
    }
    return p;
  };
  const Proportion s = collective_success(test, planting(Strategy::feature_label), f);
  // Even rows (50) give 2; odd rows give i mod 3, which is 2 for odd i ≡ 2 (mod 3): i = 5, 11, …, 95 (16 rows).
  REQUIRE(s.successes == 66);
  REQUIRE(s.trials == 100);
  const Proportion e = collective_success(test, planting(Strategy::erasure), f);
  // Erasure succeeds where the signal did not change the prediction: odd rows and even rows with i mod 3 = 2.
  REQUIRE(e.successes == 50 + 17);
  REQUIRE(clean_accuracy(test, f).successes == 100);
  // With targets {2, 0} a signalled odd row also counts when i mod 3 = 0 (i = 3, 9, …, 99: 17 rows).
  CollectiveSpec both = planting(Strategy::feature_label);
  both.targets = {2, 0};
  REQUIRE(collective_success(test, both, f).successes == 66 + 17);
  const auto groups = group_accuracy(test, f(with_signal(planting(Strategy::feature_label).signal, test)));
  REQUIRE(groups.size() == 2);
  REQUIRE(groups[1].successes == 50);  // odd rows keep their true label
  REQUIRE(groups[0].successes == 17);  // even rows are right only when i mod 3 = 2
  REQUIRE(worst_group_accuracy(groups) == Approx(0.34));
}

TEST_CASE("θ* agreement compares predictions with the sign of θ*·x̃", "[measure]") {
  const TrainSet test = flat(10);
  const Predictor ones = [](const TrainSet& s) { return std::vector<std::int64_t>(static_cast<std::size_t>(s.n), 1); };
  // θ* = [1, 0, −4.5]: class 1 iff x0 > 4.5, i.e. rows 5…9.
  REQUIRE(theta_agreement(test, {1, 0, -4.5}, ones).successes == 5);
  REQUIRE(theta_distance({1, 2}, {4, 6}) == Approx(5.0));
  const Predictor wrong = [](const TrainSet&) { return std::vector<std::int64_t>(3, 0); };
  REQUIRE_THROWS_WITH(clean_accuracy(test, wrong), Catch::Contains("3 labels for 10 rows"));
}
