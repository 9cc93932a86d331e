#pragma once
// Decision rules: how a revising agent picks one of the K + 1 options (outside, or collective k). Rules work on
// ranges of agents (one virtual call per block, not per agent) and draw only counter-based uniforms keyed by
// (round, agent, slot), so a decision never depends on the thread or order that evaluates it.
#include <cstdint>
#include <memory>
#include <string>

#include "agents/draws.hpp"
#include "agents/population.hpp"

namespace aca::agents {

/// What a rule sees when agents revise: types, current choices, planned success and participation shares.
struct DecisionContext {
  const Population* pop = nullptr;
  const std::int32_t* current = nullptr;  ///< choices before revising (the live array under asynchronous revision)
  int K = 1;                              ///< number of collectives
  const double* planned = nullptr;        ///< K planned successes, the same for every agent
  const double* local_success = nullptr;  ///< or per agent (n × K, row-major), e.g. S_k at the neighbours' share
  const double* global_share = nullptr;   ///< K population shares α_k
  const double* local_share = nullptr;    ///< or per agent neighbourhood shares (n × K); null = mean field
  double privacy_cost = 0.0;              ///< privacy_cost(ε) of this round
  double switching_cost = 0.0;            ///< paid when the chosen option differs from the current one
  double temperature = 1.0;               ///< logit / Fermi temperature
  std::uint64_t mixed_key = 0;            ///< util::mix64 of the decisions stream key
  std::uint64_t round = 0;                ///< round number (part of every draw's counter)

  /// Planned successes of agent i (K values).
  const double* success_of(std::size_t i) const { return local_success ? local_success + i * K : planned; }
  /// Participation shares agent i looks at (K values).
  const double* share_of(std::size_t i) const { return local_share ? local_share + i * K : global_share; }
  /// Uniform draw `slot` of agent i this round.
  double draw(std::size_t i, unsigned slot) const { return uniform_at(mixed_key, draw_counter(round, pop->size(), i, slot)); }
  /// Inertia: true when agent i revises this round; then `v` is a fresh uniform (slot 0 rescaled above inertia).
  bool revises(std::size_t i, double& v) const {
    const double r = draw(i, 0), io = pop->inertia[static_cast<Eigen::Index>(i)];
    if (r < io) return false;
    v = (r - io) / (1.0 - io);
    return true;
  }
  /// Expected payoffs of the K + 1 options of agent i (pay[0] outside, pay[1 + k] collective k), switching cost
  /// subtracted from every option other than the current one.
  void option_payoffs(std::size_t i, double* pay) const {
    const double* S = success_of(i);
    const std::int32_t cur = current[i];
    for (std::int32_t o = -1; o < K; ++o)
      pay[o + 1] = payoff_of(*pop, i, o, S, privacy_cost) - (o != cur ? switching_cost : 0.0);
  }
};

/// A decision rule. `decide` fills next[i] for i in [begin, end): the new option of agents that revise
/// (−1 or k), the current one of those held back by inertia.
class DecisionRule {
 public:
  virtual ~DecisionRule() = default;
  /// Rule name as in `decision.rule`.
  virtual std::string name() const = 0;
  /// Choices of agents [begin, end) into next[begin..end).
  virtual void decide(const DecisionContext& ctx, std::size_t begin, std::size_t end, std::int32_t* next) const = 0;
  /// Probabilities over the K + 1 options (p[0] outside, p[1 + k] collective k) of agent i when it revises,
  /// for mean-field maps (rational expectations, join_probability). Imitation has none and throws.
  virtual void probabilities(const DecisionContext& ctx, std::size_t i, double* p) const = 0;
  /// True when `probabilities` is defined, i.e. the rule has a mean-field participation map (all but imitation).
  virtual bool has_mean_field_map() const { return true; }
};

/// Highest expected payoff; ties keep the current option, else the lowest option index.
class BestResponse final : public DecisionRule {
 public:
  std::string name() const override { return "best_response"; }
  void decide(const DecisionContext& ctx, std::size_t begin, std::size_t end, std::int32_t* next) const override;
  void probabilities(const DecisionContext& ctx, std::size_t i, double* p) const override;
};

/// Quantal response: option o with probability ∝ exp(payoff_o / temperature).
class Logit final : public DecisionRule {
 public:
  std::string name() const override { return "logit"; }
  void decide(const DecisionContext& ctx, std::size_t begin, std::size_t end, std::int32_t* next) const override;
  void probabilities(const DecisionContext& ctx, std::size_t i, double* p) const override;
};

/// Granovetter: join the collective with the largest share among those whose share reaches τ_i (global share,
/// or the neighbours' share when the context has local shares); otherwise stay out.
class Threshold final : public DecisionRule {
 public:
  std::string name() const override { return "threshold"; }
  void decide(const DecisionContext& ctx, std::size_t begin, std::size_t end, std::int32_t* next) const override;
  void probabilities(const DecisionContext& ctx, std::size_t i, double* p) const override;
};

/// Imitation: look at one random neighbour j (a random other agent in the mean field); if j's realised payoff
/// was higher, copy j's option with the Fermi probability 1 / (1 + exp(−(π_j − π_i) / temperature)).
class Imitation final : public DecisionRule {
 public:
  std::string name() const override { return "imitation"; }
  void decide(const DecisionContext& ctx, std::size_t begin, std::size_t end, std::int32_t* next) const override;
  void probabilities(const DecisionContext& ctx, std::size_t i, double* p) const override;
  bool has_mean_field_map() const override { return false; }
};

namespace detail {
/// The one-collective logit kernel behind Logit::decide; `allow_avx512` = false forces the portable build (tests
/// check that both give the same decisions).
void logit_binary(const DecisionContext& ctx, std::size_t begin, std::size_t end, std::int32_t* next, bool allow_avx512);
}  // namespace detail

/// The rule named by `decision.rule`; throws std::invalid_argument for an unknown name.
std::unique_ptr<DecisionRule> make_decision_rule(const std::string& name);

}  // namespace aca::agents
