#include <catch2/catch.hpp>

#include <cmath>

#include <boost/math/distributions/chi_squared.hpp>

#include "helpers.hpp"

using namespace aca::agents;
using namespace aca::agents::test;

namespace {

// Granovetter's population: 100 agents, thresholds i/100, mean field, synchronous threshold rule.
long granovetter(double threshold_of_agent_1) {
  Population p = population("[population]\nsize = 100\n[[collective]]\n");
  for (int i = 0; i < 100; ++i) p.threshold[i] = i / 100.0;
  p.threshold[1] = threshold_of_agent_1;
  Dynamics d = dynamics("[decision]\nrule = \"threshold\"\n[[collective]]\n");
  for (long t = 0; t < 200; ++t) round(d, p, t, {0.0});
  long members = 0;
  for (auto c : p.choice) members += c == 0;
  return members;
}

}  // namespace

TEST_CASE("Granovetter: thresholds 0..99 cascade to everyone and moving threshold 1 to 2 stops at one", "[agents][rules]") {
  REQUIRE(granovetter(0.01) == 100);
  REQUIRE(granovetter(0.02) == 1);
}

TEST_CASE("threshold rule on neighbours' shares spreads along a ring", "[agents][rules]") {
  // Ring of 20 with one seed member; τ = 0.5 joins when one of two neighbours is in: the cascade needs 10 rounds.
  Population p = population("[population]\nsize = 20\nthreshold = 0.5\ninitial_members = [1]\n"
                            "initial_placement = \"first\"\n[population.network]\nkind = \"lattice\"\n[[collective]]\n");
  Dynamics d = dynamics("[decision]\nrule = \"threshold\"\nshare = \"neighbours\"\n[[collective]]\n");
  p.threshold[0] = 0.0;
  for (long t = 0; t < 9; ++t) round(d, p, t, {0.0});
  REQUIRE(shares(p)[0] == 19.0 / 20);
  round(d, p, 9, {0.0});
  REQUIRE(shares(p)[0] == 1.0);
}

TEST_CASE("thresholds derived from costs are S⁻¹(c/u)", "[agents][rules]") {
  Population p = population("[population]\nsize = 50\nbenefit = 2.0\n"
                            "participation_cost = { dist = \"uniform\", low = 0, high = 1 }\n[[collective]]\n");
  derive_thresholds(p, SuccessCurve::tabulate([](double a) { return a; }, 101));
  for (Eigen::Index i = 0; i < 50; ++i) REQUIRE(p.threshold[i] == Approx(p.cost[i] / 2.0).margin(1e-12));
  p.benefit[0] = 0.0;
  derive_thresholds(p, SuccessCurve::tabulate([](double a) { return 0.4 * a; }, 101));
  REQUIRE(std::isinf(p.threshold[0]));
  for (Eigen::Index i = 1; i < 50; ++i)
    if (p.cost[i] / 2.0 > 0.4) REQUIRE(std::isinf(p.threshold[i]));
}

TEST_CASE("free riding: with a public good and a cost, best response empties the collective", "[agents][rules]") {
  Population p = population("[population]\nsize = 1000\nparticipation_cost = 0.05\ninitial_members = [1000]\n"
                            "[[collective]]\ngood = \"public\"\n");
  Dynamics d = dynamics("[decision]\nrule = \"best_response\"\n[[collective]]\n");
  for (long t = 0; t < 3; ++t) round(d, p, t, {0.5 + 0.5 * shares(p)[0]});
  REQUIRE(shares(p)[0] == 0.0);
}

TEST_CASE("exclusive goods with u·S > c bring everyone in under best response", "[agents][rules]") {
  Population p = population("[population]\nsize = 1000\nparticipation_cost = 0.05\n[[collective]]\ngood = \"exclusive\"\n");
  Dynamics d = dynamics("[decision]\nrule = \"best_response\"\n[[collective]]\n");
  for (long t = 0; t < 3; ++t) round(d, p, t, {0.5 + 0.5 * shares(p)[0]});
  REQUIRE(shares(p)[0] == 1.0);
}

TEST_CASE("logit with temperature → 0 chooses exactly as best response", "[agents][rules]") {
  const std::string pop = "[population]\nsize = 5000\nbenefit = { dist = \"uniform\", low = 0, high = 2 }\n"
                          "participation_cost = { dist = \"uniform\", low = 0, high = 0.5 }\n"
                          "initial_members = [100, 100]\n[[collective]]\n[[collective]]\ngood = \"public\"\n";
  for (const char* rev : {"synchronous", "asynchronous"}) {
    Population a = population(pop), b = population(pop);
    Dynamics logit = dynamics(std::string("[decision]\nrule = \"logit\"\ntemperature = 1e-12\nrevision = \"") + rev + "\"\n" + "[[collective]]\n[[collective]]\n");
    Dynamics br = dynamics(std::string("[decision]\nrule = \"best_response\"\nrevision = \"") + rev + "\"\n" + "[[collective]]\n[[collective]]\n");
    for (long t = 0; t < 3; ++t) {
      round(logit, a, t, {0.3, 0.6});
      round(br, b, t, {0.3, 0.6});
      REQUIRE(a.choice == b.choice);
    }
  }
  // One collective (the vectorised binary path) too.
  Population a = population("[population]\nsize = 5000\nbenefit = { dist = \"uniform\", low = 0, high = 2 }\n[[collective]]\n");
  Population b = a;
  Dynamics logit = dynamics("[decision]\nrule = \"logit\"\ntemperature = 1e-12\n[[collective]]\n");
  Dynamics br = dynamics("[decision]\nrule = \"best_response\"\n[[collective]]\n");
  round(logit, a, 0, {0.3});
  round(br, b, 0, {0.3});
  REQUIRE(a.choice == b.choice);
  REQUIRE(shares(a)[0] > 0.5);
  REQUIRE(shares(a)[0] < 0.9);
}

TEST_CASE("logit with a huge temperature chooses uniformly among the K + 1 options (chi-squared)", "[agents][rules]") {
  const int n = 30000;
  Population p = population("[population]\nsize = 30000\nbenefit = { dist = \"uniform\", low = 0, high = 2 }\n"
                            "[[collective]]\n[[collective]]\n");
  Dynamics d = dynamics("[decision]\nrule = \"logit\"\ntemperature = 1e9\n[[collective]]\n[[collective]]\n");
  round(d, p, 0, {0.9, 0.1});
  double counts[3] = {0, 0, 0};
  for (auto c : p.choice) counts[c + 1] += 1;
  double chi2 = 0;
  for (double c : counts) chi2 += (c - n / 3.0) * (c - n / 3.0) / (n / 3.0);
  // Under uniform choice the statistic is χ²(2); the 0.999 quantile bounds a false failure at 1 in 1000 seeds.
  REQUIRE(chi2 < boost::math::quantile(boost::math::chi_squared(2), 0.999));
}

TEST_CASE("binary logit joins with probability 1/(1 + exp(−Δ/T))", "[agents][rules]") {
  const int n = 40000;
  Population p = population("[population]\nsize = 40000\nbenefit = 1.0\nparticipation_cost = 0.2\n[[collective]]\n");
  Dynamics d = dynamics("[decision]\nrule = \"logit\"\ntemperature = 0.1\n[[collective]]\n");
  round(d, p, 0, {0.3});
  const double prob = 1.0 / (1.0 + std::exp(-(0.3 - 0.2) / 0.1));
  // Binomial standard error; 5 of them.
  REQUIRE(std::abs(shares(p)[0] - prob) < 5 * std::sqrt(prob * (1 - prob) / n));
}

TEST_CASE("inertia holds agents back and switching costs stop small gains", "[agents][rules]") {
  Population p = population("[population]\nsize = 2000\ninertia = 1.0\n[[collective]]\n");
  Dynamics d = dynamics("[decision]\nrule = \"best_response\"\n[[collective]]\n");
  round(d, p, 0, {0.9});
  REQUIRE(shares(p)[0] == 0.0);
  Population q = population("[population]\nsize = 20000\ninertia = 0.25\n[[collective]]\n");
  round(d, q, 0, {0.9});
  REQUIRE(std::abs(shares(q)[0] - 0.75) < 5 * std::sqrt(0.75 * 0.25 / 20000));
  Population r = population("[population]\nsize = 100\nparticipation_cost = 0.1\n[[collective]]\n");
  Dynamics sticky = dynamics("[decision]\nrule = \"best_response\"\nswitching_cost = 0.5\n[[collective]]\n");
  round(sticky, r, 0, {0.5});  // gain 0.4 < switching cost 0.5
  REQUIRE(shares(r)[0] == 0.0);
  round(sticky, r, 1, {0.7});  // gain 0.6 > 0.5
  REQUIRE(shares(r)[0] == 1.0);
}

TEST_CASE("imitation copies better-off neighbours only", "[agents][rules]") {
  // Members of an exclusive collective earn u·S − c = 0.4 > 0 = outsiders' payoff: outsiders copy a member they
  // meet (Fermi probability ≈ 1 at a tiny temperature), members never copy outsiders.
  const int n = 20000;
  Population p = population("[population]\nsize = 20000\ninitial_members = [5000]\nparticipation_cost = 0.1\n"
                            "[[collective]]\n");
  std::vector<std::int32_t> before = p.choice;
  Dynamics d = dynamics("[decision]\nrule = \"imitation\"\ntemperature = 1e-6\n[[collective]]\n");
  round(d, p, 0, {0.5});
  for (std::size_t i = 0; i < before.size(); ++i)
    if (before[i] == 0) REQUIRE(p.choice[i] == 0);
  // Each of the 15000 outsiders meets a member with probability 5000/19999.
  const double q = 5000.0 / 19999, expected = 5000 + 15000 * q;
  const double members = shares(p)[0] * n;
  REQUIRE(std::abs(members - expected) < 5 * std::sqrt(15000 * q * (1 - q)));
  REQUIRE_THROWS_AS(d.rule().probabilities(DecisionContext{}, 0, nullptr), std::logic_error);
}

TEST_CASE("the AVX-512 and portable builds of the logit kernel give identical decisions", "[agents][rules]") {
  // Same IEEE operations in the same order, no FMA contraction, no library exp: the builds must agree bit for bit
  // (on a CPU without AVX-512 both calls take the portable loop and the check is trivially true).
  Population p = population("[population]\nsize = 20000\nbenefit = { dist = \"lognormal\", mu = 0, sigma = 1 }\n"
                            "participation_cost = { dist = \"uniform\", low = 0, high = 1 }\nprivacy_sensitivity = 0.05\n"
                            "inertia = 0.3\ninitial_members = [5000]\n[population.network]\nkind = \"watts_strogatz\"\n"
                            "[[collective]]\ngood = \"public\"\n");
  std::vector<double> shares;
  neighbour_shares(p.network, p.choice, 1, shares, 1);
  std::vector<double> local(p.size());
  for (std::size_t i = 0; i < p.size(); ++i) local[i] = std::sqrt(shares[i]);
  for (bool with_local : {false, true}) {
    DecisionContext c;
    c.pop = &p;
    c.current = p.choice.data();
    const double planned = 0.4;
    c.planned = &planned;
    c.local_success = with_local ? local.data() : nullptr;
    c.privacy_cost = 1.5;
    c.switching_cost = 0.02;
    c.temperature = 0.07;
    c.mixed_key = 12345;
    c.round = 3;
    std::vector<std::int32_t> a(p.size()), b(p.size());
    detail::logit_binary(c, 0, p.size(), a.data(), true);
    detail::logit_binary(c, 0, p.size(), b.data(), false);
    REQUIRE(a == b);
  }
}
