#include "agents/decision_rule.hpp"

#include <algorithm>

#include "agents/cpu_features.hpp"

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
struct BinaryArgs {
  const double* u;
  const double* cost;
  const double* kappa;
  const double* inertia;
  const std::int32_t* seg;
  const double* leak;   // K = 1: one entry per leakage group
  const double* local;  // per-agent planned success, or null
  const std::int32_t* cur;
  std::int32_t* next;
  double s0, pc, sw, minus_inv_t;
  std::uint64_t key, base;
};

// Written for the vectoriser: restrict pointers, and selects as integer arithmetic (GCC does not if-convert a
// select of integers on a floating-point comparison).
template <bool Local>
__attribute__((always_inline)) inline void binary_loop(const BinaryArgs& a, std::size_t begin, std::size_t end) {
  const double* __restrict u = a.u;
  const double* __restrict cost = a.cost;
  const double* __restrict kappa = a.kappa;
  const double* __restrict inertia = a.inertia;
  const std::int32_t* __restrict seg = a.seg;
  const double* __restrict leak = a.leak;
  const double* __restrict local = a.local;
  const std::int32_t* __restrict cur = a.cur;
  std::int32_t* __restrict next = a.next;
  const double s0 = a.s0, pc = a.pc, sw = a.sw, minus_inv_t = a.minus_inv_t;
  const std::uint64_t key = a.key, base = a.base;
  for (std::size_t i = begin; i < end; ++i) {
    const double s = Local ? local[i] : s0;
    const double us = u[i] * s;
    const std::int32_t now = cur[i];
    const double delta = us - us * leak[seg[i]] - cost[i] - kappa[i] * pc + (now == 0 ? sw : -sw);
    const double e = exp_fast(delta * minus_inv_t);
    const double r = uniform_at(key, base + (static_cast<std::uint64_t>(i) << 2));
    const double io = inertia[i];
    const std::int32_t join = -static_cast<std::int32_t>(!((r - io) * (1.0 + e) < 1.0 - io));  // 0 or −1
    const std::int32_t revise = static_cast<std::int32_t>(r >= io);
    next[i] = now + revise * (join - now);
  }
}

// The same loop compiled for AVX-512 (8 doubles and 64-bit multiplies per instruction), chosen at run time.
// Bit-identical to the portable build: the arithmetic is the same IEEE operations in the same order (ISO C++ mode
// does not contract a·b + c into FMAs) and exp_fast uses no library call.
__attribute__((target("avx512f,avx512dq,avx512vl,avx512bw"))) void binary_avx512(const BinaryArgs& a, std::size_t begin,
                                                                                  std::size_t end) {
  if (a.local) binary_loop<true>(a, begin, end);
  else binary_loop<false>(a, begin, end);
}

void binary_portable(const BinaryArgs& a, std::size_t begin, std::size_t end) {
  if (a.local) binary_loop<true>(a, begin, end);
  else binary_loop<false>(a, begin, end);
}

}  // namespace

void detail::logit_binary(const DecisionContext& c, std::size_t begin, std::size_t end, std::int32_t* next,
                          bool allow_avx512) {
  const Population& p = *c.pop;
  BinaryArgs a{p.benefit.data(), p.cost.data(), p.privacy_sensitivity.data(), p.inertia.data(), p.leak_index(),
               p.leakage.data(), c.local_success, c.current, next, c.planned[0], c.privacy_cost, c.switching_cost,
               -1.0 / c.temperature, c.mixed_key, draw_counter(c.round, p.size(), 0, 0)};
  if (allow_avx512 && has_avx512()) binary_avx512(a, begin, end);
  else binary_portable(a, begin, end);
}

void Logit::decide(const DecisionContext& c, std::size_t begin, std::size_t end, std::int32_t* next) const {
  if (c.K == 1) return detail::logit_binary(c, begin, end, next, true);
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
