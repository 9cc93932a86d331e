#include <catch2/catch.hpp>

#include <cmath>

#include "config/scenario.hpp"
#include "counting_learner.hpp"
#include "data/categorical.hpp"
#include "data/dataset.hpp"
#include "data/evaluation.hpp"

using namespace aca;
using namespace aca::data;
using aca::data::testing::CountingLearner;

TEST_CASE("evaluate puts measured success beside the exact theory for categorical collectives", "[evaluation]") {
  const std::string text = R"(
[population]
size = 100000
[data]
source = "categorical"
test_size = 20000
[data.categorical]
features = 4
cardinality = 3
labels = 3
xi = 0.1
delta0 = 0.5
p = 0.1
[[collective]]
name = "planters"
target = 1
signal = { features = [0, 1], values = [2, 2] }
[[collective]]
name = "signal_only"
strategy = "feature_only"
target = 2
signal = { features = [2], values = [0] }
)";
  const config::Scenario s = config::parse_scenario(text, "eval.toml");
  const auto ds = make_dataset(s.root(), ".", 8);
  const auto cols = read_collectives(s.root(), *ds);
  std::vector<std::int32_t> m(100000, -1);
  for (std::size_t i = 0; i < 30000; ++i) m[i] = 0;
  for (std::size_t i = 30000; i < 40000; ++i) m[i] = 1;
  const Assembly a = assemble_train_set(*ds, cols, m, 100000, 1, 8);
  const CountingLearner f(a.train);
  const Evaluation e = evaluate(*ds, cols, a, [&](const TrainSet& t) { return f.predict(t); });
  REQUIRE(e.clean_accuracy.trials == 20000);
  REQUIRE(e.group_accuracy.empty());
  REQUIRE(e.collectives.size() == 2);
  const CollectiveEvaluation& p = e.collectives[0];
  REQUIRE(p.name == "planters");
  REQUIRE(p.alpha == Approx(0.3));
  REQUIRE(p.has_theory);
  // α = 0.3 is far above ξΔ0(1−α)/α-type thresholds here: the exact success is 1, and so is the measurement
  // up to Hoeffding's tolerance on 20,000 test points.
  const double tol = std::sqrt(std::log(2.0 / 1e-6) / (2.0 * 20000));
  REQUIRE(p.theory.exact_success == Approx(1.0));
  REQUIRE(p.success.estimate >= p.theory.exact_success - tol);
  REQUIRE(p.success.estimate >= p.theory.feature_label_bound - tol);
  // The finite-sample bound is valid and, at n = 30,000 of N = 100,000, informative (≈ 0.2 here).
  REQUIRE(p.finite_sample_bound <= p.success.estimate);
  REQUIRE(p.finite_sample_bound > 0.1);
  const CollectiveEvaluation& o = e.collectives[1];
  REQUIRE(o.has_theory);
  REQUIRE(o.alpha == Approx(0.1));
  // The theory treats each collective alone. The planters' signal overlaps this one on the cells with
  // (x0, x1) = (2, 2) and only adds label-1 mass there, so the competition can only cost success.
  REQUIRE(o.success.estimate <= o.theory.exact_success + tol);
  REQUIRE(o.success.estimate < o.theory.exact_success);
}

TEST_CASE("evaluate reports per-group accuracy on spurious groups", "[evaluation]") {
  const config::Scenario s = config::parse_scenario(
      "[population]\nsize = 2000\n[data]\nsource = \"spurious_groups\"\ntest_size = 4000\n[[collective]]\ntarget = 1\n"
      "signal = { kind = \"feature_set\", features = [0], values = [5.0] }\n",
      "sg.toml");
  const auto ds = make_dataset(s.root(), ".", 3);
  const auto cols = read_collectives(s.root(), *ds);
  const Assembly a = assemble_train_set(*ds, cols, std::vector<std::int32_t>(2000, -1), 2000, 1, 3);
  // A model that reads only the spurious attribute (the appended last feature): right on majority groups,
  // wrong on minority ones, the failure Group DRO is meant to fix.
  const Predictor by_attribute = [](const TrainSet& t) {
    std::vector<std::int64_t> p;
    for (std::int64_t i = 0; i < t.n; ++i) p.push_back(t.x[static_cast<std::size_t>(i * t.d + t.d - 1)] > 0 ? 1 : 0);
    return p;
  };
  const Evaluation e = evaluate(*ds, cols, a, by_attribute);
  REQUIRE(e.group_accuracy.size() == 4);
  std::int64_t total = 0;
  for (const auto& g : e.group_accuracy) total += g.trials;
  REQUIRE(total == 4000);
  // Groups 2y + a: majority groups (a = y) 0 and 3 score high, minority groups 1 and 2 low.
  REQUIRE(e.group_accuracy[0].estimate > 0.9);
  REQUIRE(e.group_accuracy[3].estimate > 0.9);
  REQUIRE(e.group_accuracy[1].estimate < 0.1);
  REQUIRE(e.worst_group_accuracy < 0.1);
  REQUIRE_FALSE(e.collectives[0].has_theory);
}
