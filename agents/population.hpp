#pragma once
// The population: heterogeneous agent types and their current membership, stored as a struct of arrays
// (one Eigen array per type) so that 10^6 agents take tens of MB and decide in milliseconds.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "agents/network.hpp"
#include "agents/privacy_cost.hpp"
#include "config/scenario.hpp"

namespace aca::agents {

/// Membership value of an agent outside every collective.
inline constexpr std::int32_t no_collective = -1;

/// Most collectives the agents handle (the schema allows 16 [[collective]] tables).
inline constexpr int max_collectives = 16;

/// Agents' types, network and state. Payoff of agent i (benefit u_i, cost c_i, privacy sensitivity κ_i, segment s)
/// with planned successes S_1..S_K and leakage factors g_{k,s} = γ_k·1[segment s benefits from collective k]:
///   outside:           L_i = Σ_k g_{k,s}·u_i·S_k
///   member of k:       u_i·S_k − c_i − κ_i·privacy_cost(ε) + L_i − g_{k,s}·u_i·S_k
/// (members gain their own collective's success in full, and the leakage of the others).
struct Population {
  Eigen::ArrayXd benefit;              ///< u_i
  Eigen::ArrayXd cost;                 ///< c_i (participation cost per round)
  Eigen::ArrayXd privacy_sensitivity;  ///< κ_i ≥ 0
  Eigen::ArrayXd inertia;              ///< probability of not revising in a round
  Eigen::ArrayXd threshold;            ///< τ_i (threshold rule)
  Eigen::Array<std::int32_t, Eigen::Dynamic, 1> segment;  ///< index into segment_names
  std::vector<std::string> segment_names;                 ///< "all" when no segments are declared
  int collectives = 1;                 ///< K
  std::vector<double> leakage;         ///< g_{k,s} at [k · segments + s]
  PrivacyCost privacy;                 ///< privacy_cost(ε)
  Network network;                     ///< social network (complete = mean field)
  std::vector<std::int32_t> choice;    ///< membership: −1 or collective 0..K−1 (the agents↔engine seam)
  Eigen::ArrayXd payoff;               ///< realised payoff of the membership the last observed success came from

  /// Number of agents.
  std::size_t size() const { return choice.size(); }
  /// Number of segments.
  int segments() const { return static_cast<int>(segment_names.size()); }
  /// g_{k,s}: share of collective k's benefit reaching a non-member of segment s who benefits from it.
  double leak(int k, int s) const { return leakage[static_cast<std::size_t>(k * segments() + s)]; }
  /// Heap bytes held by the per-agent arrays and the network.
  std::size_t bytes() const;
};

/// Builds the population `[population]` declares for the scenario's `[[collective]]`s: segments assigned at random
/// by their shares, types drawn per segment (Gaussian copula for `correlated` types), seed members placed, and the
/// network generated. Types come from the `population` stream of `seed`, the graph from the `network` stream.
/// Throws std::invalid_argument (no collective, bad copula matrix) or std::runtime_error (unreadable files).
Population make_population(const config::View& root, std::uint64_t seed, const std::filesystem::path& base_dir = ".");

/// Participation shares α_k = (members of k) / size, k = 0..K−1.
std::vector<double> shares(const Population& pop);

/// Realised payoff of agent i in option `option` (−1 or k) given successes `success` (K values) and the
/// already evaluated privacy cost `pc` = privacy_cost(ε), without switching costs.
inline double payoff_of(const Population& pop, std::size_t i, std::int32_t option, const double* success, double pc) {
  const auto ii = static_cast<Eigen::Index>(i);
  const double u = pop.benefit[ii];
  const int s = pop.segment[ii];
  double leak = 0.0;
  for (int k = 0; k < pop.collectives; ++k) leak += pop.leak(k, s) * u * success[k];
  if (option < 0) return leak;
  return u * success[option] - pop.cost[ii] - pop.privacy_sensitivity[ii] * pc + leak -
         pop.leak(option, s) * u * success[option];
}

}  // namespace aca::agents
