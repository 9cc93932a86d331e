#include "agents/decision_rule.hpp"

namespace aca::agents {

namespace {

// Shares and thresholds are both fractions computed the same way (count / n), so an exact tie counts as reached;
// the tiny slack absorbs rounding when τ comes from another formula (e.g. S⁻¹(c/u)).
constexpr double slack = 1e-12;

std::int32_t threshold_option(const DecisionContext& c, std::size_t i) {
  const double* share = c.share_of(i);
  const double tau = c.pop->threshold[static_cast<Eigen::Index>(i)];
  const std::int32_t cur = c.current[i];
  std::int32_t best = no_collective;
  for (std::int32_t k = 0; k < c.K; ++k) {
    if (share[k] + slack < tau) continue;
    if (best < 0 || share[k] > share[best] || (share[k] == share[best] && k == cur)) best = k;
  }
  return best;
}

}  // namespace

void Threshold::decide(const DecisionContext& c, std::size_t begin, std::size_t end, std::int32_t* next) const {
  for (std::size_t i = begin; i < end; ++i) {
    double v;
    next[i] = c.revises(i, v) ? threshold_option(c, i) : c.current[i];
  }
}

void Threshold::probabilities(const DecisionContext& c, std::size_t i, double* p) const {
  for (int o = 0; o <= c.K; ++o) p[o] = 0.0;
  p[threshold_option(c, i) + 1] = 1.0;
}

}  // namespace aca::agents
