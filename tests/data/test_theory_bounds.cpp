#include <catch2/catch.hpp>

#include "support/categorical.hpp"

#include <cmath>

#include "data/assemble.hpp"
#include "data/categorical.hpp"
#include "data/categorical_theory.hpp"
#include "data/signal.hpp"
#include "data/theory_bounds.hpp"
#include "counting_learner.hpp"

using namespace aca;
using namespace aca::data;
using aca::data::testing::CountingLearner;

namespace {


}  // namespace

TEST_CASE("exact Bayes-optimal success is at least the feature-label and feature-only bounds on a grid",
          "[theory]") {
  int checked = 0, informative = 0;
  for (double xi : {0.01, 0.05, 0.2, 0.5})
    for (double delta0 : {0.0, 0.1, 0.4, 0.8})
      for (double p : {0.05, 0.1})
        for (double noise : {0.0, 0.25}) {
          if (2 * p + delta0 > 1) continue;
          CategoricalParams q = aca::testing::categorical_grid(xi, delta0, p);
          q.label_noise = noise;
          const CategoricalModel m(q);
          for (double alpha : {0.001, 0.01, 0.03, 0.1, 0.3, 0.6, 0.9}) {
            const CategoricalTheory fl = categorical_theory(m, aca::testing::signal_collective(q, Strategy::feature_label), alpha);
            const CategoricalTheory fo = categorical_theory(m, aca::testing::signal_collective(q, Strategy::feature_only), alpha);
            INFO("xi=" << xi << " delta0=" << delta0 << " p=" << p << " noise=" << noise << " alpha=" << alpha);
            REQUIRE(fl.exact_success >= fl.feature_label_bound - 1e-12);
            REQUIRE(fo.exact_success >= fo.feature_only_bound - 1e-12);
            // Feature-label never does worse than feature-only on the same signal.
            REQUIRE(fl.exact_success >= fo.exact_success - 1e-12);
            informative += fl.feature_label_bound > 0 && fl.feature_label_bound < 1;
            ++checked;
          }
        }
  REQUIRE(checked == 4 * 4 * 2 * 2 * 7);  // every setting of the grid was checked
  REQUIRE(informative > 20);  // the grid exercises the bound where it is neither 0 nor 1
}

TEST_CASE("the feature-label bound is tight on a constructed worst case", "[theory]") {
  // Two signal cells: a carries all the base mass ξ with Δ_a = Δ0 and gets exactly the collective mass that
  // ties (ties count as failures); b gets the rest. Then S = P*(b) = 1 − ((1−α)/α)·Δ0·ξ.
  for (double alpha : {0.05, 0.2, 0.5})
    for (double xi : {0.01, 0.02})
      for (double delta0 : {0.3, 0.6}) {
        const int L = 2, target = 0;
        const double fail_mass = (1 - alpha) / alpha * delta0 * xi;
        REQUIRE(fail_mass < 1);
        const std::vector<double> weight{fail_mass, 1 - fail_mass};
        // P0(a, y*) = ξ(1−Δ0)/2, P0(a, other) = ξ(1+Δ0)/2: the difference is Δ0·ξ. Cell b has no base mass.
        const std::vector<double> p0{xi * (1 - delta0) / 2, xi * (1 + delta0) / 2, 0.0, 0.0};
        const std::vector<double> pstar{fail_mass, 0.0, 1 - fail_mass, 0.0};
        const double s = exact_bayes_success(alpha, weight, p0, pstar, L, target);
        REQUIRE(s == Approx(feature_label_bound(alpha, xi, delta0)).margin(1e-12));
        // A hair more collective mass on a flips it: the bound is attained, not just approached.
        const std::vector<double> more{fail_mass * (1 + 1e-9), 0.0, 1 - fail_mass * (1 + 1e-9), 0.0};
        REQUIRE(exact_bayes_success(alpha, weight, p0, more, L, target) == Approx(1.0));
      }
}

TEST_CASE("a counting learner on a large categorical sample converges to the exact success", "[theory]") {
  CategoricalParams q = aca::testing::categorical_grid(0.2, 0.5, 0.1);
  q.delta_levels = 4;
  // Thresholds of α/(1−α) are ξΔ0·j/4 ∈ {0.025, 0.05, 0.075, 0.1}; α = 0.06 (0.0638) sits between the j = 2
  // and j = 3 levels with a margin of ≥ 4.5 standard deviations of each cell's count difference at N = 400,000.
  const double alpha = 0.06;
  const std::int64_t N = 400000, n_test = 20000;
  util::Engine rng = util::make_stream(2023, util::streams::data);
  const CategoricalDataset ds(q, N, n_test, rng);
  const CollectiveSpec c = aca::testing::signal_collective(q, Strategy::feature_label);
  std::vector<std::int32_t> membership(static_cast<std::size_t>(N), -1);
  const auto members = static_cast<std::size_t>(alpha * static_cast<double>(N));
  for (std::size_t i = 0; i < members; ++i) membership[i] = 0;
  const Assembly a = assemble_from(ds.train(), {c}, membership, 1, 5);
  REQUIRE(a.alpha[0] == Approx(alpha));
  const CountingLearner f(a.train);
  const std::vector<std::int64_t> pred = f.predict(with_signal(c.signal, ds.test()));
  std::int64_t hit = 0;
  for (auto y : pred) hit += y == c.target;
  const double measured = static_cast<double>(hit) / static_cast<double>(n_test);
  const CategoricalTheory th = categorical_theory(ds.model(), c, a.alpha[0]);
  // Hoeffding on the test sample at 1e-6.
  const double tol = std::sqrt(std::log(2.0 / 1e-6) / (2.0 * static_cast<double>(n_test)));
  INFO("measured " << measured << " exact " << th.exact_success);
  REQUIRE(th.exact_success > 0.2);
  REQUIRE(th.exact_success < 0.8);
  REQUIRE(std::abs(measured - th.exact_success) <= tol);
  REQUIRE(measured >= th.feature_label_bound - tol);
}

TEST_CASE("the finite-sample bound stays below measured success and is informative for a large collective",
          "[theory]") {
  CategoricalParams q = aca::testing::categorical_grid(0.2, 0.5, 0.1);
  const std::int64_t N = 200000, n_test = 20000;
  util::Engine rng = util::make_stream(99, util::streams::data);
  const CategoricalDataset ds(q, N, n_test, rng);
  const CollectiveSpec c = aca::testing::signal_collective(q, Strategy::feature_label);
  for (double alpha : {0.02, 0.5}) {
    std::vector<std::int32_t> membership(static_cast<std::size_t>(N), -1);
    for (std::size_t i = 0; i < static_cast<std::size_t>(alpha * static_cast<double>(N)); ++i) membership[i] = 0;
    const Assembly a = assemble_from(ds.train(), {c}, membership, 1, 5);
    const CountingLearner f(a.train);
    std::int64_t hit = 0;
    for (auto y : f.predict(with_signal(c.signal, ds.test()))) hit += y == c.target;
    const double measured = static_cast<double>(hit) / static_cast<double>(n_test);
    const double bound = finite_sample_bound(a, 0, c, n_test, 0.05);
    INFO("alpha " << alpha << " measured " << measured << " bound " << bound);
    REQUIRE(bound <= measured);
    if (alpha == 0.5) REQUIRE(bound > 0.9);
  }
}

TEST_CASE("critical mass inverts the feature-label bound", "[theory]") {
  for (double target : {0.5, 0.9, 0.99}) {
    const double a = feature_label_critical_mass(target, 0.01, 0.5);
    REQUIRE(feature_label_bound(a, 0.01, 0.5) == Approx(target).margin(1e-9));
    REQUIRE(feature_label_bound(a * 0.99, 0.01, 0.5) < target);
  }
}

TEST_CASE("the group-privacy cap is e^{kε}·S0 + k·e^{(k−1)ε}·δ, capped at 1", "[theory]") {
  REQUIRE(group_privacy_success_cap(0.1, 1, 0.0, 0.0) == Approx(0.1));
  REQUIRE(group_privacy_success_cap(0.1, 3, 0.5, 1e-5) == Approx(std::exp(1.5) * 0.1 + 3 * std::exp(1.0) * 1e-5));
  REQUIRE(group_privacy_success_cap(0.5, 10, 1.0, 0.0) == 1.0);
  REQUIRE(hoeffding_radius(0.05, 100) == Approx(std::sqrt(std::log(20.0) / 200)));
}
