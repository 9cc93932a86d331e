#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "agents/population.hpp"
#include "agents/privacy_cost.hpp"
#include "helpers.hpp"

using namespace aca::agents;
using aca::agents::test::population;

namespace {
const std::string two_collectives = R"(
[[collective]]
name = "a"
good = "public"
[[collective]]
name = "b"
good = "exclusive"
)";
}

TEST_CASE("segments get their declared share of agents and their own distributions", "[agents][population]") {
  const Population p = population(R"(
[population]
size = 1001
benefit = 1.0
[[population.segment]]
name = "gig"
share = 0.3
benefit = 5.0
participation_cost = { dist = "uniform", low = 0.5, high = 0.6 }
[[population.segment]]
name = "casual"
share = 0.7
)" + two_collectives);
  REQUIRE(p.size() == 1001);
  REQUIRE(p.segment_names == std::vector<std::string>{"gig", "casual"});
  long gig = 0;
  for (Eigen::Index i = 0; i < p.segment.size(); ++i) {
    if (p.segment[i] == 0) {
      ++gig;
      REQUIRE(p.benefit[i] == 5.0);
      REQUIRE(p.cost[i] >= 0.5);
      REQUIRE(p.cost[i] <= 0.6);
    } else {
      REQUIRE(p.benefit[i] == 1.0);      // population-wide fallback
      REQUIRE(p.cost[i] == 0.1);         // population-wide default
    }
  }
  REQUIRE(gig == 300);  // 300.3 rounds down; the remainder goes to casual (700.7 → 701)
  // Segments are shuffled over agent ids, not contiguous blocks.
  long gig_in_first_half = 0;
  for (Eigen::Index i = 0; i < 500; ++i) gig_in_first_half += p.segment[i] == 0;
  REQUIRE(gig_in_first_half > 100);
  REQUIRE(gig_in_first_half < 200);
}

TEST_CASE("seed members per collective are placed and counted exactly", "[agents][population]") {
  const Population p = population("[population]\nsize = 500\ninitial_members = [20, 7]\n" + two_collectives);
  REQUIRE(p.collectives == 2);
  const auto a = shares(p);
  REQUIRE(a[0] == 20.0 / 500);
  REQUIRE(a[1] == 7.0 / 500);
  const Population first =
      population("[population]\nsize = 500\ninitial_members = [20, 7]\ninitial_placement = \"first\"\n" + two_collectives);
  for (int i = 0; i < 20; ++i) REQUIRE(first.choice[i] == 0);
  for (int i = 20; i < 27; ++i) REQUIRE(first.choice[i] == 1);
  REQUIRE(first.choice[27] == no_collective);
}

TEST_CASE("leakage follows good, explicit leakage and beneficiaries", "[agents][population]") {
  const std::string segs = R"(
[[population.segment]]
name = "x"
share = 0.5
[[population.segment]]
name = "y"
share = 0.5
)";
  const Population p = population("[population]\nsize = 10\n" + segs + two_collectives);
  REQUIRE(p.leak(0, 0) == 1.0);  // public
  REQUIRE(p.leak(0, 1) == 1.0);
  REQUIRE(p.leak(1, 0) == 0.0);  // exclusive
  const Population q =
      population("[population]\nsize = 10\nleakage = [0.25, 0.5]\nbeneficiaries = [\"y\", \"all\"]\n" + segs + two_collectives);
  REQUIRE(q.leak(0, 0) == 0.0);
  REQUIRE(q.leak(0, 1) == 0.25);
  REQUIRE(q.leak(1, 0) == 0.5);
  REQUIRE(q.leak(1, 1) == 0.5);
  // Unknown names and wrong lengths are scenario errors, reported at validation.
  REQUIRE_THROWS_AS(population("[population]\nsize = 10\nbeneficiaries = [\"z\", \"all\"]\n" + segs + two_collectives),
                    aca::config::ScenarioError);
  REQUIRE_THROWS_AS(population("[population]\nsize = 10\nleakage = [0.5]\n" + segs + two_collectives),
                    aca::config::ScenarioError);
}

TEST_CASE("payoffs follow u·S − c − κ·privacy_cost(ε) for members and γ·u·S outside", "[agents][population]") {
  Population p = population("[population]\nsize = 2\nbenefit = 2.0\nparticipation_cost = 0.3\n"
                            "privacy_sensitivity = 0.1\n" + two_collectives);
  const double S[2] = {0.5, 0.25};
  const double pc = p.privacy(2.0);
  REQUIRE(pc == 2.0);
  REQUIRE(payoff_of(p, 0, no_collective, S, pc) == Approx(1.0));  // public collective a leaks fully: 2·0.5
  REQUIRE(payoff_of(p, 0, 0, S, pc) == Approx(2 * 0.5 - 0.3 - 0.1 * 2));
  REQUIRE(payoff_of(p, 0, 1, S, pc) == Approx(2 * 0.25 - 0.3 - 0.1 * 2 + 1.0));  // b's member still gets a's leak
}

TEST_CASE("privacy cost grows with ε, is capped for non-private training and saturates", "[agents][population]") {
  PrivacyCost lin;
  lin.epsilon_cap = 8.0;
  REQUIRE(lin(0.0) == 0.0);
  REQUIRE(lin(3.0) == 3.0);
  REQUIRE(lin(std::numeric_limits<double>::infinity()) == 8.0);
  REQUIRE(lin(std::nan("")) == 0.0);
  PrivacyCost sat{"saturating", 8.0};
  REQUIRE(sat(1.0) == Approx(1 - std::exp(-1.0)));
  REQUIRE(sat(std::numeric_limits<double>::infinity()) == Approx(1 - std::exp(-8.0)));
  REQUIRE(sat(0.5) < sat(1.0));
}

TEST_CASE("the same seed gives the same population, another seed a different one", "[agents][population]") {
  const std::string toml = "[population]\nsize = 200\nbenefit = { dist = \"lognormal\", mu = 0, sigma = 1 }\n"
                           "initial_members = [10]\n[[collective]]\n";
  const Population a = population(toml, 5), b = population(toml, 5), c = population(toml, 6);
  REQUIRE((a.benefit == b.benefit).all());
  REQUIRE(a.choice == b.choice);
  REQUIRE(!(a.benefit == c.benefit).all());
}

TEST_CASE("correlated types come from the copula declared in the scenario", "[agents][population]") {
  const Population p = population(R"(
[population]
size = 4000
benefit = { dist = "normal", mean = 1, sd = 0.2 }
participation_cost = { dist = "normal", mean = 0.2, sd = 0.05 }
correlated = ["benefit", "participation_cost"]
correlation = [[1.0, -0.6], [-0.6, 1.0]]
[[collective]]
)");
  const Eigen::ArrayXd x = p.benefit - p.benefit.mean(), y = p.cost - p.cost.mean();
  const double r = (x * y).sum() / std::sqrt((x * x).sum() * (y * y).sum());
  // Normal marginals: the sample correlation estimates −0.6 with standard error (1 − 0.36)/√4000 ≈ 0.010.
  REQUIRE(std::abs(r + 0.6) < 0.05);
}

TEST_CASE("a mean-field population costs well under 200 bytes per agent", "[agents][population]") {
  const Population p = population("[population]\nsize = 100000\n[[collective]]\n");
  REQUIRE(static_cast<double>(p.bytes()) / p.size() <= 64.0);
}
