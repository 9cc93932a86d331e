#include "agents/decision_rule.hpp"

#include <algorithm>

namespace aca::agents {

namespace {

// exp((pay_o − max)/T) for every option: the shift keeps the largest weight at exactly 1.
double weights(const DecisionContext& c, std::size_t i, double* w) {
  double pay[1 + max_collectives] = {};
  c.option_payoffs(i, pay);
  const double mx = *std::max_element(pay, pay + c.K + 1);
  const double inv_t = 1.0 / c.temperature;
  double z = 0.0;
  for (int o = 0; o <= c.K; ++o) z += (w[o] = exp_fast((pay[o] - mx) * inv_t));
  return z;
}

// One collective: join with probability 1/(1 + e^{−Δ/T}), Δ the payoff difference (switching cost included),
// tested as (r − ι)(1 + e^{−Δ/T}) < 1 − ι on the raw draw r — no division, no branch, and vectorisable.
void decide_binary(const DecisionContext& c, std::size_t begin, std::size_t end, std::int32_t* next) {
  const Population& p = *c.pop;
  const double* u = p.benefit.data();
  const double* cost = p.cost.data();
  const double* kappa = p.privacy_sensitivity.data();
  const double* inertia = p.inertia.data();
  const std::int32_t* seg = p.segment.data();
  const double* leak = p.leakage.data();  // K = 1: one entry per segment
  const double* local = c.local_success;
  const double s0 = c.planned[0];
  const double pc = c.privacy_cost, sw = c.switching_cost, minus_inv_t = -1.0 / c.temperature;
  const std::int32_t* cur = c.current;
  const std::uint64_t key = c.mixed_key;
  const std::uint64_t base = draw_counter(c.round, p.size(), 0, 0);
  for (std::size_t i = begin; i < end; ++i) {
    const double s = local ? local[i] : s0;
    const double us = u[i] * s;
    const std::int32_t now = cur[i];
    const double delta = us - us * leak[seg[i]] - cost[i] - kappa[i] * pc + (now == 0 ? sw : -sw);
    const double e = exp_fast(delta * minus_inv_t);
    const double r = uniform_at(key, base + (static_cast<std::uint64_t>(i) << 2));
    const double io = inertia[i];
    const std::int32_t join = (r - io) * (1.0 + e) < 1.0 - io ? 0 : no_collective;
    next[i] = r >= io ? join : now;
  }
}

}  // namespace

void Logit::decide(const DecisionContext& c, std::size_t begin, std::size_t end, std::int32_t* next) const {
  if (c.K == 1) return decide_binary(c, begin, end, next);
  double w[1 + max_collectives] = {};
  for (std::size_t i = begin; i < end; ++i) {
    double v;
    if (!c.revises(i, v)) {
      next[i] = c.current[i];
      continue;
    }
    double x = v * weights(c, i, w);
    int o = 0;
    while (o < c.K && x >= w[o]) x -= w[o++];
    next[i] = o - 1;
  }
}

void Logit::probabilities(const DecisionContext& c, std::size_t i, double* p) const {
  const double z = weights(c, i, p);
  for (int o = 0; o <= c.K; ++o) p[o] /= z;
}

}  // namespace aca::agents
