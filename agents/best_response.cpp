#include "agents/decision_rule.hpp"

namespace aca::agents {

namespace {

std::int32_t best_option(const DecisionContext& c, std::size_t i) {
  double pay[1 + max_collectives] = {};
  c.option_payoffs(i, pay);
  const std::int32_t cur = c.current[i];
  std::int32_t best = cur;
  for (std::int32_t o = -1; o < c.K; ++o)
    if (pay[o + 1] > pay[best + 1]) best = o;
  return best;
}

}  // namespace

void BestResponse::decide(const DecisionContext& c, std::size_t begin, std::size_t end, std::int32_t* next) const {
  for (std::size_t i = begin; i < end; ++i) {
    double v;
    next[i] = c.revises(i, v) ? best_option(c, i) : c.current[i];
  }
}

void BestResponse::probabilities(const DecisionContext& c, std::size_t i, double* p) const {
  for (int o = 0; o <= c.K; ++o) p[o] = 0.0;
  p[best_option(c, i) + 1] = 1.0;
}

}  // namespace aca::agents
