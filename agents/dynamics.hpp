#pragma once
// One round of the social dynamics: agents observe last round's success of every collective (and the platform's
// privacy level ε), form expectations, and revise their membership with the configured decision rule.
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "agents/decision_rule.hpp"
#include "agents/population.hpp"
#include "agents/success_curve.hpp"
#include "config/scenario.hpp"

namespace aca::agents {

/// The `[decision]` settings.
struct DecisionSpec {
  std::string rule = "logit";              ///< best_response, logit, threshold, imitation
  std::string expectations = "myopic";     ///< myopic, adaptive, rational
  std::string revision = "synchronous";    ///< synchronous, asynchronous
  std::string share = "global";            ///< global, neighbours
  std::string threshold_source = "given";  ///< given, cost (τ_i = S⁻¹(c_i/u_i))
  double temperature = 0.05;               ///< logit / Fermi temperature
  double smoothing = 0.5;                  ///< adaptive expectations: weight of the newest observation
  double switching_cost = 0.0;             ///< paid on changing option
};

/// Reads `[decision]`.
DecisionSpec decision_spec(const config::View& decision);

/// True when agents deciding under `spec` plan with success curves S_k(α) (RoundInput.curves): rational
/// expectations, thresholds derived from costs, or logit/best_response at the neighbours' share on a network.
bool needs_curves(const DecisionSpec& spec, bool complete_network);

/// What the engine tells the agents at the start of a round.
struct RoundInput {
  std::vector<double> observed_success;  ///< S_k measured for the current membership, one per collective
  double epsilon = std::numeric_limits<double>::infinity();  ///< platform's privacy level (∞: non-private)
  long round = 0;                        ///< round number (keys every random draw)
  /// Response curves S_k(α), one per collective; needed by expectations = "rational", share = "neighbours" with
  /// logit/best_response (agents plan with S_k at their neighbours' share) and threshold_source = "cost".
  std::vector<SuccessCurve> curves;
};

/// What a round changed.
struct RoundResult {
  std::vector<double> shares;   ///< α_k after the revision
  std::vector<double> planned;  ///< success each collective was planned with (population-wide expectation)
  long switches = 0;            ///< agents whose option changed
};

/// What the decision process carries from one round to the next (for checkpoints): the adaptive expectations and
/// whether cost-derived thresholds were already written into the population.
struct DynamicsState {
  std::vector<double> expected;     ///< adaptive expectations (empty before the first round)
  bool thresholds_derived = false;  ///< threshold_source = cost: τ_i already derived
};

/// The decision process: rule, expectations state and the decisions stream's key.
class Dynamics {
 public:
  /// Draws come from the `decisions` stream of `seed`.
  Dynamics(DecisionSpec spec, std::uint64_t seed);

  /// One round: realised payoffs of the current membership (into pop.payoff), expectations, then revision of
  /// pop.choice. `threads` = 0 uses OpenMP's default; the result is the same for every thread count.
  RoundResult step(Population& pop, const RoundInput& in, int threads = 0);

  const DecisionSpec& spec() const { return spec_; }
  const DecisionRule& rule() const { return *rule_; }
  /// The state that carries over between rounds.
  DynamicsState state() const { return {expected_, thresholds_derived_}; }
  /// Continues from a saved state (the population's thresholds must be restored with it).
  void restore(const DynamicsState& s) {
    expected_ = s.expected;
    thresholds_derived_ = s.thresholds_derived;
  }
  /// Key of the decisions stream (for tests that re-derive a draw).
  std::uint64_t key() const { return key_; }

 private:
  std::vector<double> rational_expectation(const Population& pop, const RoundInput& in, double pc, int threads) const;

  DecisionSpec spec_;
  std::unique_ptr<DecisionRule> rule_;
  std::uint64_t key_;
  std::vector<double> expected_;  // adaptive expectations state
  bool thresholds_derived_ = false;
  std::vector<std::int32_t> next_;
  std::vector<double> local_share_, local_success_;
  std::vector<std::uint8_t> member_;
};

/// Mean-field participation map: the share of agents that would choose each collective if all revised at shares
/// `alpha` planning with S_k(alpha_k) (inertia ignored: it does not move fixed points; switching costs are counted
/// against the agents' current choices). Fixed points α = F(α) are the equilibria of the dynamics. Throws
/// std::invalid_argument for a rule without a mean-field map (`DecisionRule::has_mean_field_map`: imitation).
std::vector<double> join_probability(const Population& pop, const Dynamics& dyn, const std::vector<SuccessCurve>& curves,
                                     const std::vector<double>& alpha, double epsilon, int threads = 0);

/// One collective: Pr[join | S(α)] at α, with S given as a function.
double join_probability(const Population& pop, const Dynamics& dyn, const std::function<double(double)>& success,
                        double alpha, double epsilon, int threads = 0);

/// τ_i = S⁻¹(c_i / u_i): the smallest share at which membership pays for agent i (+∞ when never, u_i ≤ 0 included).
void derive_thresholds(Population& pop, const SuccessCurve& curve);

}  // namespace aca::agents
