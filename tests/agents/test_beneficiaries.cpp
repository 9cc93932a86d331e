#include <catch2/catch.hpp>

#include <stdexcept>

#include "helpers.hpp"

using namespace aca::agents;
using namespace aca::agents::test;

namespace {

// Agent i's label in these tests: 1 for every third agent, else 0 or 2.
std::vector<std::int64_t> labels_of(std::size_t n) {
  std::vector<std::int64_t> y(n);
  for (std::size_t i = 0; i < n; ++i) y[i] = static_cast<std::int64_t>(i % 3);
  return y;
}

const std::string public_label1 = "[population]\nsize = 900\nparticipation_cost = 0.05\ninitial_members = [900]\n"
                                  "beneficiaries = [\"label:1\"]\n[[collective]]\ngood = \"public\"\n";

}  // namespace

TEST_CASE("label:Y entries are parsed as labels and nothing else is", "[agents][beneficiaries]") {
  REQUIRE(beneficiary_label("label:0") == 0);
  REQUIRE(beneficiary_label("label:17") == 17);
  for (const char* other : {"all", "none", "gig", "label:", "label:-1", "label:x", "label:1.5", "Label:1"})
    REQUIRE(beneficiary_label(other) == -1);
}

TEST_CASE("the schema accepts label:Y and rejects a label that is not a non-negative integer", "[agents][beneficiaries]") {
  REQUIRE_NOTHROW(population(public_label1));
  REQUIRE_THROWS_AS(population("[population]\nsize = 10\nbeneficiaries = [\"label:one\"]\n[[collective]]\n"),
                    aca::config::ScenarioError);
  REQUIRE_THROWS_AS(population("[population]\nsize = 10\nbeneficiaries = [\"label:-2\"]\n[[collective]]\n"),
                    aca::config::ScenarioError);
}

TEST_CASE("label beneficiaries need the agents' labels before anyone decides", "[agents][beneficiaries]") {
  Population p = population(public_label1);
  REQUIRE(uses_label_beneficiaries(p));
  REQUIRE(needs_agent_labels(p));
  Dynamics d = dynamics("[decision]\nrule = \"best_response\"\n[[collective]]\n");
  REQUIRE_THROWS_AS(round(d, p, 0, {0.5}), std::logic_error);
  REQUIRE_THROWS_AS(set_agent_labels(p, labels_of(p.size() - 1)), std::invalid_argument);
  set_agent_labels(p, labels_of(p.size()));
  REQUIRE_FALSE(needs_agent_labels(p));
  REQUIRE_FALSE(uses_label_beneficiaries(population("[population]\nsize = 10\n[[collective]]\ngood = \"public\"\n")));
}

TEST_CASE("with a public good only agents labelled Y get the leakage: they free ride, the others stay",
          "[agents][beneficiaries]") {
  for (const char* rule : {"best_response", "logit\"\ntemperature = 1e-12\nshare = \"global"}) {
    for (int threads : {1, 2}) {
      INFO(rule << " threads " << threads);
      Population p = population(public_label1);
      set_agent_labels(p, labels_of(p.size()));
      const double S[1] = {0.8};
      for (std::size_t i = 0; i < p.size(); ++i)
        REQUIRE(payoff_of(p, i, no_collective, S, 0.0) == (i % 3 == 1 ? 0.8 : 0.0));
      Dynamics d = dynamics(std::string("[decision]\nrule = \"") + rule + "\"\n[[collective]]\n");
      // S ≥ 0.5 > c = 0.05: membership pays u·S − c, outside pays u·S to label-1 agents and 0 to the rest.
      for (long t = 0; t < 3; ++t) round(d, p, t, {0.5 + 0.5 * shares(p)[0]}, threads);
      for (std::size_t i = 0; i < p.size(); ++i) REQUIRE(p.choice[i] == (i % 3 == 1 ? no_collective : 0));
      REQUIRE(shares(p)[0] == Approx(2.0 / 3.0));
      // Realised payoffs of round 2's membership (the same as now) at its observed success S = 0.5 + 0.5·(2/3).
      const double s = 0.5 + 0.5 * 2.0 / 3.0;
      for (std::size_t i = 0; i < p.size(); ++i)
        REQUIRE(p.payoff[static_cast<Eigen::Index>(i)] == Approx(i % 3 == 1 ? s : s - 0.05));
    }
  }
}

TEST_CASE("label and segment beneficiaries combine per collective as γ_k · 1[agent benefits from k]",
          "[agents][beneficiaries]") {
  Population p = population(
      "[population]\nsize = 600\nbenefit = { dist = \"uniform\", low = 0.5, high = 2 }\nleakage = [0.4, 0.7, 1.0]\n"
      "beneficiaries = [\"label:2\", \"casual\", \"label:0\"]\n"
      "[[population.segment]]\nname = \"gig\"\nshare = 0.3\n[[population.segment]]\nname = \"casual\"\nshare = 0.7\n"
      "[[collective]]\n[[collective]]\n[[collective]]\n");
  const auto y = labels_of(p.size());
  set_agent_labels(p, y);
  REQUIRE(p.groups() == 6);  // 2 segments × {label 0: collective 2, label 1: none, label 2: collective 0}
  const double S[3] = {0.5, 0.25, 0.125};
  for (std::size_t i = 0; i < p.size(); ++i) {
    const double u = p.benefit[static_cast<Eigen::Index>(i)];
    const bool casual = p.segment[static_cast<Eigen::Index>(i)] == 1;
    const double g[3] = {y[i] == 2 ? 0.4 : 0.0, casual ? 0.7 : 0.0, y[i] == 0 ? 1.0 : 0.0};
    const double leak = g[0] * u * S[0] + g[1] * u * S[1] + g[2] * u * S[2];
    REQUIRE(payoff_of(p, i, no_collective, S, 0.0) == Approx(leak));
    for (int k = 0; k < 3; ++k)
      REQUIRE(payoff_of(p, i, k, S, 0.0) == Approx(u * S[k] - 0.1 + leak - g[k] * u * S[k]));
  }
}

TEST_CASE("label beneficiaries give the same memberships for every thread count", "[agents][beneficiaries]") {
  const std::string pop = "[population]\nsize = 3000\nbenefit = { dist = \"lognormal\", mu = 0, sigma = 0.5 }\n"
                          "participation_cost = { dist = \"uniform\", low = 0, high = 0.6 }\ninertia = 0.3\n"
                          "initial_members = [200, 100]\nbeneficiaries = [\"label:1\", \"label:2\"]\n"
                          "[population.network]\nkind = \"watts_strogatz\"\nk = 8\n"
                          "[[collective]]\ngood = \"public\"\n[[collective]]\ngood = \"public\"\n";
  for (const char* dec : {"[decision]\nrule = \"logit\"\ntemperature = 0.1\n",
                          "[decision]\nrule = \"best_response\"\nrevision = \"asynchronous\"\n"}) {
    std::vector<std::vector<std::int32_t>> runs[2];
    for (int threads : {1, 2}) {
      Population p = population(pop, 9);
      set_agent_labels(p, labels_of(p.size()));
      Dynamics d = dynamics(std::string(dec) + "[[collective]]\n[[collective]]\n", 9);
      for (long t = 0; t < 5; ++t) {
        const auto a = shares(p);
        round(d, p, t, {0.3 + 0.7 * a[0], 0.3 + 0.7 * a[1]}, threads);
        runs[threads - 1].push_back(p.choice);
      }
    }
    INFO(dec);
    REQUIRE(runs[0] == runs[1]);
  }
  // One public collective on the vectorised binary logit path, mean field and network.
  for (const char* net : {"complete", "watts_strogatz"}) {
    const std::string one = std::string("[population]\nsize = 20000\nbenefit = { dist = \"uniform\", low = 0, high = 2 }\n"
                                        "inertia = 0.2\nbeneficiaries = [\"label:0\"]\n[population.network]\nkind = \"") +
                            net + "\"\n[[collective]]\ngood = \"public\"\n";
    Population a = population(one), b = population(one);
    set_agent_labels(a, labels_of(a.size()));
    set_agent_labels(b, labels_of(b.size()));
    Dynamics da = dynamics("[decision]\n[[collective]]\n"), db = dynamics("[decision]\n[[collective]]\n");
    for (long t = 0; t < 4; ++t) {
      const double s = 0.2 + 0.8 * shares(a)[0];
      round(da, a, t, {s}, 1);
      round(db, b, t, {s}, 2);
      REQUIRE(a.choice == b.choice);
    }
  }
}
