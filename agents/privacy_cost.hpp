#pragma once
// privacy_cost(ε): the cost a member bears per unit of privacy sensitivity κ_i when the platform trains with
// privacy level ε. Sign convention: κ_i ≥ 0 and privacy_cost is ≥ 0 and non-decreasing in ε, zero at ε = 0
// (perfect protection costs nothing; weaker protection costs more). A member's payoff includes −κ_i·privacy_cost(ε).
#include <string>

namespace aca::agents {

/// Functional form and the finite cap that stands in for ε = ∞ (non-private training).
struct PrivacyCost {
  std::string form = "linear";  ///< "linear": min(ε, cap); "saturating": 1 − exp(−min(ε, cap))
  double epsilon_cap = 10.0;    ///< ε above this (or infinite) counts as this

  /// privacy_cost(ε) under this form; negative or NaN ε count as 0.
  double operator()(double epsilon) const;
};

}  // namespace aca::agents
