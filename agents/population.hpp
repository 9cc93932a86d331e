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

/// Agents' types, network and state. Payoff of agent i (benefit u_i, cost c_i, privacy sensitivity κ_i, leakage
/// group g) with planned successes S_1..S_K and leakage factors g_{k,g} = γ_k·1[group g benefits from collective k]:
///   outside:           L_i = Σ_k g_{k,g}·u_i·S_k
///   member of k:       u_i·S_k − c_i − κ_i·privacy_cost(ε) + L_i − g_{k,g}·u_i·S_k
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
  std::vector<std::string> beneficiaries;  ///< per collective: "all", "none", a segment name or "label:Y"
  std::vector<double> gamma;           ///< γ_k: share of collective k's benefit reaching its beneficiaries
  /// Leakage group of each agent (segment × set of collectives whose "label:Y" matches the agent's label), set by
  /// set_agent_labels; empty = the group is the segment.
  Eigen::Array<std::int32_t, Eigen::Dynamic, 1> leak_group;
  int leak_groups = 0;                 ///< number of leakage groups when leak_group is set
  std::vector<double> leakage;         ///< g_{k,g} at [k · groups() + g]
  PrivacyCost privacy;                 ///< privacy_cost(ε)
  Network network;                     ///< social network (complete = mean field)
  std::vector<std::int32_t> choice;    ///< membership: −1 or collective 0..K−1 (the agents↔engine seam)
  Eigen::ArrayXd payoff;               ///< realised payoff of the membership the last observed success came from

  /// Number of agents.
  std::size_t size() const { return choice.size(); }
  /// Number of segments.
  int segments() const { return static_cast<int>(segment_names.size()); }
  /// Number of leakage groups (the segments unless agent labels split them).
  int groups() const { return leak_group.size() > 0 ? leak_groups : segments(); }
  /// Leakage group of every agent (index into the g-axis of `leakage`).
  const std::int32_t* leak_index() const { return leak_group.size() > 0 ? leak_group.data() : segment.data(); }
  /// g_{k,g}: share of collective k's benefit reaching a non-member of leakage group g (= segment g without labels).
  double leak(int k, int g) const { return leakage[static_cast<std::size_t>(k * groups() + g)]; }
  /// Heap bytes held by the per-agent arrays and the network.
  std::size_t bytes() const;
};

/// Builds the population `[population]` declares for the scenario's `[[collective]]`s: segments assigned at random
/// by their shares, types drawn per segment (Gaussian copula for `correlated` types), seed members placed, and the
/// network generated. Types come from the `population` stream of `seed`, the graph from the `network` stream.
/// Throws std::invalid_argument (no collective, bad copula matrix) or std::runtime_error (unreadable files).
Population make_population(const config::View& root, std::uint64_t seed, const std::filesystem::path& base_dir = ".");

/// Y when `entry` is a label beneficiary "label:Y" (Y a non-negative integer), else −1.
std::int64_t beneficiary_label(const std::string& entry);

/// True when some collective's beneficiaries are "label:Y" entries; the engine then must call set_agent_labels.
bool uses_label_beneficiaries(const Population& pop);

/// True when label beneficiaries are declared but set_agent_labels has not been called yet (Dynamics refuses to step).
bool needs_agent_labels(const Population& pop);

/// Gives every agent its label (the label of its own first data point) and rebuilds the leakage groups, so that
/// "label:Y" entries reach exactly the agents labelled Y. Throws std::invalid_argument when `labels` does not have
/// one entry per agent.
void set_agent_labels(Population& pop, const std::vector<std::int64_t>& labels);

/// Participation shares α_k = (members of k) / size, k = 0..K−1.
std::vector<double> shares(const Population& pop);

/// Realised payoff of agent i in option `option` (−1 or k) given successes `success` (K values) and the
/// already evaluated privacy cost `pc` = privacy_cost(ε), without switching costs.
inline double payoff_of(const Population& pop, std::size_t i, std::int32_t option, const double* success, double pc) {
  const auto ii = static_cast<Eigen::Index>(i);
  const double u = pop.benefit[ii];
  const int s = pop.leak_index()[i];
  double leak = 0.0;
  for (int k = 0; k < pop.collectives; ++k) leak += pop.leak(k, s) * u * success[k];
  if (option < 0) return leak;
  return u * success[option] - pop.cost[ii] - pop.privacy_sensitivity[ii] * pc + leak -
         pop.leak(option, s) * u * success[option];
}

}  // namespace aca::agents
