#include <catch2/catch.hpp>

#include <cmath>
#include <map>

#include "numerics/dynamics_diagnostics.hpp"

using namespace aca::numerics;

TEST_CASE("convergence is reported at the first round of the first window of small steps", "[analysis][dynamics]") {
  // Steps: 0.5, 0.2, 0.05, 1e-4, 1e-4, 0, 0 → with tol 1e-3 and W = 3 the window is rounds 4, 5, 6.
  const std::vector<double> x = {0.0, 0.5, 0.7, 0.75, 0.7501, 0.7502, 0.7502, 0.7502};
  REQUIRE(converged_from(x, 1e-3, 3) == std::optional<std::size_t>(4));
  REQUIRE(converged_from(x, 1e-3, 4) == std::optional<std::size_t>(4));
  REQUIRE_FALSE(converged_from(x, 1e-3, 5).has_value());  // only 4 small steps exist
  REQUIRE(converged_from(x, 0.1, 1) == std::optional<std::size_t>(3));
}

TEST_CASE("convergence needs every collective's step to be small", "[analysis][dynamics]") {
  const Trajectories x = {{0.1, 0.1, 0.1, 0.1, 0.1}, {0.0, 0.3, 0.3, 0.3, 0.3}};
  REQUIRE(converged_from(x, 1e-6, 3) == std::optional<std::size_t>(2));
  REQUIRE(converged_from(x[0], 1e-6, 3) == std::optional<std::size_t>(1));
  REQUIRE_THROWS_AS(converged_from(Trajectories{{0.1, 0.2}, {0.1}}, 1e-3, 1), std::invalid_argument);
}

TEST_CASE("a NaN step breaks a convergence window", "[analysis][dynamics]") {
  const std::vector<double> x = {0.2, 0.2, std::nan(""), 0.2, 0.2, 0.2};
  REQUIRE(converged_from(x, 1e-3, 2) == std::optional<std::size_t>(4));
}

TEST_CASE("the tracker observed step by step finds the same converged round as converged_from", "[numerics][dynamics]") {
  // The engine observes one round at a time and checkpoints the tracker; a folder analysis sees the whole trajectory.
  const Trajectories x = {{0.0, 0.5, 0.52, 0.521, 0.5215, 0.9, 0.9001, 0.9002, 0.9003, 0.9004},
                          {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1}};
  // Small steps (< 0.01) at indices 3, 4 and 6..9: a window of 1 or 2 starts at 3, of 3 or 4 at 6.
  const std::map<long, long> expected = {{1, 3}, {2, 3}, {3, 6}, {4, 6}};
  for (const auto& [window, from] : expected) {
    ConvergenceTracker c;
    for (std::size_t s = 1; s < x[0].size(); ++s)
      c.observe(static_cast<long>(s), ConvergenceTracker::step(x, s), 0.01, window);
    const auto whole = converged_from(x, 0.01, static_cast<std::size_t>(window));
    INFO("window " << window);
    REQUIRE(whole.has_value());
    CHECK(static_cast<long>(*whole) == from);
    CHECK(c.from == from);
  }
  ConvergenceTracker never;
  for (std::size_t s = 1; s < x[0].size(); ++s) never.observe(static_cast<long>(s), ConvergenceTracker::step(x, s), 0.01, 5);
  CHECK(never.from == -1);
  CHECK_FALSE(converged_from(x, 0.01, 5).has_value());
}

TEST_CASE("period detection finds the smallest period of a 3-cycle after a transient", "[analysis][dynamics]") {
  std::vector<double> x = {0.9, 0.05, 0.6};  // transient
  for (int r = 0; r < 10; ++r)
    for (double v : {0.1, 0.5, 0.9}) x.push_back(v + (r % 2 ? 1e-9 : 0.0));
  REQUIRE(detect_period(x, 10, 12, 1e-6) == std::optional<std::size_t>(3));
  REQUIRE_FALSE(detect_period(x, 2, 12, 1e-6).has_value());  // 3 exceeds the largest period searched
  // A tolerance that resolves the 1e-9 wobble of alternate cycles sees the true period, 6.
  REQUIRE(detect_period(x, 10, 12, 1e-12) == std::optional<std::size_t>(6));
  REQUIRE_FALSE(detect_period(x, 5, 12, 1e-12).has_value());
}

TEST_CASE("a steady state has period 1 and a drifting trajectory has none", "[analysis][dynamics]") {
  REQUIRE(detect_period(std::vector<double>(20, 0.4), 5, 10, 0.0) == std::optional<std::size_t>(1));
  std::vector<double> drift;
  for (int t = 0; t < 50; ++t) drift.push_back(0.01 * t);
  REQUIRE_FALSE(detect_period(drift, 10, 20, 1e-3).has_value());
  // Too short for the span: no period can be asserted.
  REQUIRE_FALSE(detect_period(std::vector<double>(5, 0.4), 5, 10, 0.0).has_value());
}

TEST_CASE("a 2-cycle in one collective sets the joint period even when the other is steady", "[analysis][dynamics]") {
  Trajectories x(2);
  for (int t = 0; t < 30; ++t) {
    x[0].push_back(0.5);
    x[1].push_back(t % 2 ? 0.2 : 0.8);
  }
  REQUIRE(detect_period(x, 6, 10, 1e-9) == std::optional<std::size_t>(2));
}

TEST_CASE("first crossing returns the first index reaching the threshold in the asked direction",
          "[analysis][dynamics]") {
  const std::vector<double> x = {0.1, 0.3, std::nan(""), 0.55, 0.4, 0.7};
  REQUIRE(first_crossing(x, 0.5) == std::optional<std::size_t>(3));
  REQUIRE(first_crossing(x, 0.3) == std::optional<std::size_t>(1));  // reaching it exactly counts
  REQUIRE_FALSE(first_crossing(x, 0.8).has_value());
  REQUIRE(first_crossing(x, 0.2, Crossing::downward) == std::optional<std::size_t>(0));
  REQUIRE(first_crossing(std::vector<double>{0.9, 0.6, 0.45}, 0.5, Crossing::downward) ==
          std::optional<std::size_t>(2));
}
