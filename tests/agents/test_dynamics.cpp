#include <catch2/catch.hpp>

#include <cmath>

#include "helpers.hpp"

using namespace aca::agents;
using namespace aca::agents::test;

namespace {

const char* small_world = R"(
[population]
size = 3000
benefit = { dist = "lognormal", mu = 0, sigma = 0.5 }
participation_cost = { dist = "uniform", low = 0, high = 0.6 }
inertia = 0.3
initial_members = [200, 100]
[population.network]
kind = "watts_strogatz"
k = 8
[[collective]]
[[collective]]
good = "public"
)";

SuccessCurve rising() { return SuccessCurve::tabulate([](double a) { return std::sqrt(a); }); }

// Membership sequence of `rounds` rounds with the success each collective's curve gives at its share.
std::vector<std::vector<std::int32_t>> sequence(const std::string& pop, const std::string& decision, int threads,
                                                std::uint64_t seed = 9, int rounds = 6) {
  Population p = population(pop, seed);
  Dynamics d = dynamics(decision + "\n[[collective]]\n[[collective]]\n", seed);
  const std::vector<SuccessCurve> curves = {rising(), rising()};
  std::vector<std::vector<std::int32_t>> out;
  for (int t = 0; t < rounds; ++t) {
    const auto a = shares(p);
    round(d, p, t, {curves[0](a[0]), curves[1](a[1])}, threads, curves);
    out.push_back(p.choice);
  }
  return out;
}

}  // namespace

TEST_CASE("same seed gives the same membership sequence and another seed does not", "[agents][dynamics]") {
  const std::string dec = "[decision]\nrule = \"logit\"\ntemperature = 0.1\nshare = \"neighbours\"";
  REQUIRE(sequence(small_world, dec, 1) == sequence(small_world, dec, 1));
  REQUIRE(sequence(small_world, dec, 1) != sequence(small_world, dec, 1, 10));
}

TEST_CASE("results do not depend on the thread count", "[agents][dynamics]") {
  for (const char* dec : {"[decision]\nrule = \"logit\"\ntemperature = 0.1\nshare = \"neighbours\"",
                          "[decision]\nrule = \"logit\"\ntemperature = 0.1\nexpectations = \"rational\"",
                          "[decision]\nrule = \"best_response\"\nexpectations = \"adaptive\"\nswitching_cost = 0.05",
                          "[decision]\nrule = \"imitation\"\ntemperature = 0.05",
                          "[decision]\nrule = \"threshold\"\nshare = \"neighbours\"\nthreshold_source = \"cost\"",
                          "[decision]\nrule = \"logit\"\nrevision = \"asynchronous\"\nshare = \"neighbours\""}) {
    INFO(dec);
    REQUIRE(sequence(small_world, dec, 1) == sequence(small_world, dec, 2));
  }
  // One collective: the vectorised binary logit path, on the network and in the mean field.
  const std::string one = "[population]\nsize = 50000\nbenefit = { dist = \"uniform\", low = 0, high = 2 }\n"
                          "inertia = 0.2\n[population.network]\nkind = \"watts_strogatz\"\n[[collective]]\n";
  for (const char* share : {"global", "neighbours"}) {
    Population a = population(one), b = population(one);
    Dynamics da = dynamics(std::string("[decision]\nshare = \"") + share + "\"\n[[collective]]\n");
    Dynamics db = dynamics(std::string("[decision]\nshare = \"") + share + "\"\n[[collective]]\n");
    for (long t = 0; t < 4; ++t) {
      const double s = std::sqrt(shares(a)[0]);
      round(da, a, t, {s}, 1, {rising()});
      round(db, b, t, {s}, 2, {rising()});
      REQUIRE(a.choice == b.choice);
    }
  }
}

TEST_CASE("asynchronous revision lets a cascade run within a round", "[agents][dynamics]") {
  // Granovetter thresholds under random sequential revision: whoever revises after the cascade front joins in
  // the same round, so the full cascade takes fewer rounds than the 99 synchronous ones.
  Population p = population("[population]\nsize = 100\n[[collective]]\n");
  for (int i = 0; i < 100; ++i) p.threshold[i] = i / 100.0;
  Dynamics d = dynamics("[decision]\nrule = \"threshold\"\nrevision = \"asynchronous\"\n[[collective]]\n");
  long t = 0;
  while (shares(p)[0] < 1.0 && t < 200) round(d, p, t++, {0.0});
  REQUIRE(shares(p)[0] == 1.0);
  REQUIRE(t < 60);
}

TEST_CASE("adaptive expectations smooth the observed success", "[agents][dynamics]") {
  Population p = population("[population]\nsize = 10\n[[collective]]\n");
  Dynamics d = dynamics("[decision]\nexpectations = \"adaptive\"\nsmoothing = 0.25\n[[collective]]\n");
  REQUIRE(round(d, p, 0, {0.8}).planned[0] == 0.8);
  REQUIRE(round(d, p, 1, {0.4}).planned[0] == Approx(0.25 * 0.4 + 0.75 * 0.8));
}

TEST_CASE("rational expectations plan with S at a fixed point of the participation map", "[agents][dynamics]") {
  Population p = population("[population]\nsize = 20000\nbenefit = 1.0\n"
                            "participation_cost = { dist = \"uniform\", low = 0, high = 1 }\ninitial_members = [10000]\n"
                            "[[collective]]\n");
  Dynamics d = dynamics("[decision]\nrule = \"logit\"\ntemperature = 0.05\nexpectations = \"rational\"\n[[collective]]\n");
  const SuccessCurve s = rising();
  const RoundResult r = round(d, p, 0, {0.0}, 1, {s});
  // The planned success is S(α̂) with α̂ = F(α̂), F the mean-field join probability.
  const double alpha_hat = r.planned[0] * r.planned[0];  // S = √α
  const double f = join_probability(p, d, [](double a) { return std::sqrt(a); }, alpha_hat, 0.0);
  REQUIRE(std::abs(f - alpha_hat) < 1e-6);
  // With c ~ U(0, 1), S = √α ≥ α: from α = 1/2 the map climbs to the high equilibrium, below 1 by logit noise.
  REQUIRE(alpha_hat > 0.9);
  REQUIRE(alpha_hat < 0.99);
  // After one synchronous round the realised share is close to α̂ (binomial noise only).
  REQUIRE(std::abs(shares(p)[0] - alpha_hat) < 5 * std::sqrt(0.25 / 20000));
}

TEST_CASE("join_probability is the mean-field share that joins at S(α)", "[agents][dynamics]") {
  Population p = population("[population]\nsize = 1000\nbenefit = 1.0\n"
                            "participation_cost = { dist = \"uniform\", low = 0, high = 1 }\n[[collective]]\n");
  Dynamics br = dynamics("[decision]\nrule = \"best_response\"\n[[collective]]\n");
  const auto S = [](double a) { return a; };
  // Best response joins when c_i < S(α) = α: the empirical CDF of the costs at α.
  for (double a : {0.1, 0.5, 0.9}) {
    double below = 0;
    for (Eigen::Index i = 0; i < p.cost.size(); ++i) below += p.cost[i] < a;
    REQUIRE(join_probability(p, br, S, a, 0.0) == Approx(below / 1000));
  }
  // The privacy cost lowers participation: κ = 0.1 per unit of ε.
  Population q = population("[population]\nsize = 1000\nbenefit = 1.0\nprivacy_sensitivity = 0.1\n"
                            "participation_cost = { dist = \"uniform\", low = 0, high = 1 }\n[[collective]]\n");
  REQUIRE(join_probability(q, br, S, 0.5, 2.0) < join_probability(q, br, S, 0.5, 0.0));
}

TEST_CASE("a rule without a mean-field map says so, and join_probability refuses it instead of aborting",
          "[agents][dynamics]") {
  Population p = population("[population]\nsize = 100\n[[collective]]\n");
  for (const char* rule : {"best_response", "logit", "threshold"})
    CHECK(dynamics(std::string("[decision]\nrule = \"") + rule + "\"\n[[collective]]\n").rule().has_mean_field_map());
  Dynamics im = dynamics("[decision]\nrule = \"imitation\"\n[[collective]]\n");
  CHECK_FALSE(im.rule().has_mean_field_map());
  // It used to throw from inside the OpenMP loop over agents, which terminates the process.
  REQUIRE_THROWS_AS(join_probability(p, im, [](double a) { return a; }, 0.5, 0.0, 2), std::invalid_argument);
}

TEST_CASE("in-round neighbour shares match a brute-force count over the network", "[agents][dynamics]") {
  // Threshold rule on neighbours' shares (K = 1 byte path and K = 2 row path), and best response planning with
  // S(share) at the neighbours' share: every agent's new choice is recomputed from an explicit adjacency walk.
  for (int K : {1, 2}) {
    // One seed count per collective (more entries than collectives are refused).
    const std::string pop = std::string("[population]\nsize = 400\nbenefit = 1.0\n") +
                            "participation_cost = { dist = \"uniform\", low = 0, high = 0.6 }\n"
                            "threshold = { dist = \"uniform\", low = 0, high = 0.5 }\ninitial_members = " +
                            (K == 1 ? "[120]" : "[120, 80]") + "\n[population.network]\nkind = \"erdos_renyi\"\nmean_degree = 6\n";
    const std::string cols = K == 1 ? "[[collective]]\n" : "[[collective]]\n[[collective]]\n";
    Population p = population(pop + cols);
    const std::vector<std::int32_t> before = p.choice;
    const auto share = [&](std::size_t i, int k) {
      const auto& net = p.network;
      const auto deg = net.row_ptr[i + 1] - net.row_ptr[i];
      long in = 0;
      for (auto q = net.row_ptr[i]; q < net.row_ptr[i + 1]; ++q) in += before[static_cast<std::size_t>(net.col[static_cast<std::size_t>(q)])] == k;
      return deg ? static_cast<double>(in) / static_cast<double>(deg) : 0.0;
    };
    Dynamics th = dynamics("[decision]\nrule = \"threshold\"\nshare = \"neighbours\"\n" + cols);
    std::vector<double> flat(static_cast<std::size_t>(K), 0.0);
    round(th, p, 0, flat);
    for (std::size_t i = 0; i < p.size(); ++i) {
      std::int32_t expect = no_collective;
      for (int k = 0; k < K; ++k)
        if (share(i, k) + 1e-12 >= p.threshold[static_cast<Eigen::Index>(i)] &&
            (expect < 0 || share(i, k) > share(i, expect) || (share(i, k) == share(i, expect) && k == before[i])))
          expect = k;
      REQUIRE(p.choice[i] == expect);
    }
    if (K != 1) continue;
    Population q = population(pop + cols);
    Dynamics br = dynamics("[decision]\nrule = \"best_response\"\nshare = \"neighbours\"\n" + cols);
    const SuccessCurve curve = SuccessCurve::tabulate([](double a) { return std::sqrt(a); });
    round(br, q, 0, {0.0}, 2, {curve});
    for (std::size_t i = 0; i < q.size(); ++i) {
      const double gain = curve(share(i, 0)) - q.cost[static_cast<Eigen::Index>(i)];
      if (gain != 0.0) REQUIRE(q.choice[i] == (gain > 0 ? 0 : no_collective));
    }
  }
}
