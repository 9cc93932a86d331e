#include "agents/dynamics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "agents/cpu_features.hpp"
#include "agents/parallel.hpp"
#include "util/rng.hpp"

namespace aca::agents {

namespace {

// Blocks of agents: the unit of parallel work, and of summation, so floating sums are added in a fixed order
// whatever the thread count.
constexpr std::size_t block = 8192;

std::size_t blocks(std::size_t n) { return (n + block - 1) / block; }

// Σ_i f(i, acc) over agents, accumulated into `width` values per block and then added block by block.
template <class F>
std::vector<double> sum_over_agents(std::size_t n, int width, int threads, F&& f) {
  const std::size_t nb = blocks(n);
  std::vector<double> part(nb * static_cast<std::size_t>(width), 0.0);
#pragma omp parallel for schedule(static) num_threads(thread_count(threads))
  for (std::size_t b = 0; b < nb; ++b)
    for (std::size_t i = b * block; i < std::min(n, (b + 1) * block); ++i) f(i, part.data() + b * static_cast<std::size_t>(width));
  std::vector<double> total(static_cast<std::size_t>(width), 0.0);
  for (std::size_t b = 0; b < nb; ++b)
    for (int k = 0; k < width; ++k) total[static_cast<std::size_t>(k)] += part[b * static_cast<std::size_t>(width) + static_cast<std::size_t>(k)];
  return total;
}

std::vector<std::int64_t> member_counts(const std::vector<std::int32_t>& choice, int K) {
  std::vector<std::int64_t> count(static_cast<std::size_t>(K), 0);
  for (const std::int32_t c : choice)
    if (c >= 0) ++count[static_cast<std::size_t>(c)];
  return count;
}

// Realised payoffs of agents [lo, hi) in option choice[i] at the observed successes (one collective: the formula
// inlined, so the loop vectorises).
void realised_payoffs(Population& pop, const std::int32_t* choice, const double* S, double pc, std::size_t lo,
                      std::size_t hi) {
  if (pop.collectives == 1) {
    const double s = S[0];
    const double* u = pop.benefit.data();
    const double* cost = pop.cost.data();
    const double* kappa = pop.privacy_sensitivity.data();
    const std::int32_t* seg = pop.leak_index();
    const double* leak = pop.leakage.data();
    double* out = pop.payoff.data();
    for (std::size_t i = lo; i < hi; ++i)
      out[i] = choice[i] == 0 ? u[i] * s - cost[i] - kappa[i] * pc : leak[seg[i]] * u[i] * s;
    return;
  }
  for (std::size_t i = lo; i < hi; ++i) pop.payoff[static_cast<Eigen::Index>(i)] = payoff_of(pop, i, choice[i], S, pc);
}

// One collective, after a block has decided: realised payoffs of the old membership (when `pay`), and the tallies of
// switches and new members. Branch-free so that it vectorises; an AVX-512 build is chosen at run time (same IEEE
// operations, so the same bits).
struct BinaryTally {
  std::int64_t switches = 0, members = 0;
};

template <int Dummy>
__attribute__((always_inline)) inline BinaryTally binary_epilogue(Population& pop, const std::int32_t* __restrict now,
                                                                  const std::int32_t* __restrict nx, double s, double pc,
                                                                  bool pay, std::size_t lo, std::size_t hi) {
  const double* __restrict u = pop.benefit.data();
  const double* __restrict cost = pop.cost.data();
  const double* __restrict kappa = pop.privacy_sensitivity.data();
  const std::int32_t* __restrict seg = pop.leak_index();
  const double* __restrict leak = pop.leakage.data();
  double* __restrict out = pop.payoff.data();
  if (pay)
    for (std::size_t i = lo; i < hi; ++i) {
      const double member = u[i] * s - cost[i] - kappa[i] * pc, outside = leak[seg[i]] * u[i] * s;
      out[i] = now[i] == 0 ? member : outside;
    }
  std::int64_t switches = 0, members = 0;
  for (std::size_t i = lo; i < hi; ++i) {
    switches += static_cast<std::int64_t>(now[i] != nx[i]);
    members += static_cast<std::int64_t>(nx[i] == 0);
  }
  return {switches, members};
}

__attribute__((target("avx512f,avx512dq,avx512vl,avx512bw"))) BinaryTally binary_epilogue_avx512(
    Population& pop, const std::int32_t* now, const std::int32_t* nx, double s, double pc, bool pay,
    std::size_t lo, std::size_t hi) {
  return binary_epilogue<0>(pop, now, nx, s, pc, pay, lo, hi);
}

BinaryTally binary_epilogue_portable(Population& pop, const std::int32_t* now, const std::int32_t* nx, double s,
                                     double pc, bool pay, std::size_t lo, std::size_t hi) {
  return binary_epilogue<0>(pop, now, nx, s, pc, pay, lo, hi);
}

DecisionContext base_context(const Population& pop, const DecisionSpec& spec, double pc, std::uint64_t key) {
  if (needs_agent_labels(pop))
    throw std::logic_error("population.beneficiaries has label:Y entries: call set_agent_labels before deciding");
  DecisionContext c;
  c.pop = &pop;
  c.current = pop.choice.data();
  c.K = pop.collectives;
  c.privacy_cost = pc;
  c.switching_cost = spec.switching_cost;
  c.temperature = spec.temperature;
  c.mixed_key = util::mix64(key);
  return c;
}

// F(α)_k: expected share in collective k after everyone revises with probabilities `p` (inertia weighted when
// `with_inertia`: agents held back keep their current option).
std::vector<double> mean_field_map(const DecisionRule& rule, const DecisionContext& c, bool with_inertia, int threads) {
  const Population& pop = *c.pop;
  const int K = c.K;
  std::vector<double> s = sum_over_agents(pop.size(), K, threads, [&](std::size_t i, double* acc) {
    double p[1 + max_collectives] = {};
    rule.probabilities(c, i, p);
    const double io = with_inertia ? pop.inertia[static_cast<Eigen::Index>(i)] : 0.0;
    for (int k = 0; k < K; ++k) acc[k] += (1.0 - io) * p[k + 1];
    if (io > 0 && c.current[i] >= 0) acc[c.current[i]] += io;
  });
  for (double& v : s) v /= static_cast<double>(pop.size());
  return s;
}

}  // namespace

DecisionSpec decision_spec(const config::View& d) {
  DecisionSpec s;
  s.rule = d.string("rule");
  s.expectations = d.string("expectations");
  s.revision = d.string("revision");
  s.share = d.string("share");
  s.threshold_source = d.string("threshold_source");
  s.temperature = d.real("temperature");
  s.smoothing = d.real("smoothing");
  s.switching_cost = d.real("switching_cost");
  return s;
}

bool needs_curves(const DecisionSpec& spec, bool complete_network) {
  return spec.expectations == "rational" || spec.threshold_source == "cost" ||
         (spec.share == "neighbours" && !complete_network && (spec.rule == "logit" || spec.rule == "best_response"));
}

Dynamics::Dynamics(DecisionSpec spec, std::uint64_t seed)
    : spec_(std::move(spec)), rule_(make_decision_rule(spec_.rule)),
      key_(util::derive_seed(seed, util::streams::decisions)) {
  if (spec_.expectations == "rational" && spec_.rule != "logit" && spec_.rule != "best_response")
    throw std::invalid_argument("rational expectations need the logit or best_response rule");
}

std::vector<double> Dynamics::rational_expectation(const Population& pop, const RoundInput& in, double pc,
                                                   int threads) const {
  // Consistent expectations: the success S(α̂) at the share α̂ that results when everyone plans with S(α̂).
  // Damped fixed-point iteration from the current shares settles on the nearest stable equilibrium.
  const int K = pop.collectives;
  std::vector<double> alpha = shares(pop), planned(static_cast<std::size_t>(K));
  DecisionContext c = base_context(pop, spec_, pc, key_);
  for (int it = 0; it < 200; ++it) {
    for (int k = 0; k < K; ++k) planned[static_cast<std::size_t>(k)] = in.curves[static_cast<std::size_t>(k)](alpha[static_cast<std::size_t>(k)]);
    c.planned = planned.data();
    c.global_share = alpha.data();
    const std::vector<double> next = mean_field_map(*rule_, c, true, threads);
    double move = 0.0;
    for (int k = 0; k < K; ++k) {
      const auto kk = static_cast<std::size_t>(k);
      move = std::max(move, std::abs(next[kk] - alpha[kk]));
      alpha[kk] = 0.5 * alpha[kk] + 0.5 * next[kk];
    }
    if (move < 1e-10) break;
  }
  for (int k = 0; k < K; ++k) planned[static_cast<std::size_t>(k)] = in.curves[static_cast<std::size_t>(k)](alpha[static_cast<std::size_t>(k)]);
  return planned;
}

RoundResult Dynamics::step(Population& pop, const RoundInput& in, int threads) {
  const int K = pop.collectives;
  const std::size_t n = pop.size();
  if (K < 1 || K > max_collectives)
    throw std::invalid_argument("the agents support 1 to " + std::to_string(max_collectives) + " collectives");
  if (in.observed_success.size() != static_cast<std::size_t>(K))
    throw std::invalid_argument("RoundInput.observed_success needs one value per collective");
  if (needs_curves(spec_, pop.network.complete()) && in.curves.size() != static_cast<std::size_t>(K))
    throw std::invalid_argument("this decision setup needs RoundInput.curves (one success curve per collective)");
  const double pc = pop.privacy(in.epsilon);
  const int nt = thread_count(threads);

  // Realised payoffs of the membership the observed success belongs to. Imitation compares them before anyone
  // revises, so it needs them first; otherwise they are filled in the pass that follows the decisions.
  const bool payoffs_first = spec_.rule == "imitation" || spec_.revision == "asynchronous";
  if (payoffs_first) {
    const std::size_t nb = blocks(n);
#pragma omp parallel for schedule(static) num_threads(nt)
    for (std::size_t b = 0; b < nb; ++b)
      realised_payoffs(pop, pop.choice.data(), in.observed_success.data(), pc, b * block, std::min(n, (b + 1) * block));
  }

  if (spec_.threshold_source == "cost" && !thresholds_derived_) {
    derive_thresholds(pop, in.curves[0]);
    thresholds_derived_ = true;
  }

  RoundResult res;
  if (spec_.expectations == "myopic") {
    res.planned = in.observed_success;
  } else if (spec_.expectations == "adaptive") {
    if (expected_.empty()) expected_ = in.observed_success;
    else
      for (int k = 0; k < K; ++k)
        expected_[static_cast<std::size_t>(k)] = spec_.smoothing * in.observed_success[static_cast<std::size_t>(k)] +
                                                 (1.0 - spec_.smoothing) * expected_[static_cast<std::size_t>(k)];
    res.planned = expected_;
  } else {
    res.planned = rational_expectation(pop, in, pc, threads);
  }

  // Shares before revising: only the threshold rule and asynchronous revision look at them (the binary logit
  // path in the mean field never does, which saves a pass over the population).
  const bool need_global = spec_.rule == "threshold" || spec_.revision == "asynchronous";
  std::vector<std::int64_t> count = need_global ? member_counts(pop.choice, K) : std::vector<std::int64_t>(static_cast<std::size_t>(K), 0);
  std::vector<double> global(static_cast<std::size_t>(K));
  for (int k = 0; k < K; ++k) global[static_cast<std::size_t>(k)] = static_cast<double>(count[static_cast<std::size_t>(k)]) / static_cast<double>(n);

  DecisionContext c = base_context(pop, spec_, pc, key_);
  c.round = static_cast<std::uint64_t>(in.round);
  c.planned = res.planned.data();
  c.global_share = global.data();
  const bool local = spec_.share == "neighbours" && !pop.network.complete();
  const bool local_success = local && (spec_.rule == "logit" || spec_.rule == "best_response");
  if (local) {
    local_share_.resize(n * static_cast<std::size_t>(K));
    c.local_share = local_share_.data();
  }
  if (local_success) {
    local_success_.resize(n * static_cast<std::size_t>(K));
    c.local_success = local_success_.data();
  }
  // S_k at agent i's neighbourhood share: what a logit/best-response agent plans with under share = neighbours.
  const auto fill_success = [&](std::size_t i) {
    for (int k = 0; k < K; ++k)
      local_success_[i * static_cast<std::size_t>(K) + static_cast<std::size_t>(k)] =
          in.curves[static_cast<std::size_t>(k)](local_share_[i * static_cast<std::size_t>(K) + static_cast<std::size_t>(k)]);
  };

  if (spec_.revision == "synchronous") {
    // One collective on a network: a 0/1 byte per agent for the CSR pass (see member_share_rows).
    if (local && K == 1) {
      member_.resize(n);
      const std::int32_t* ch = pop.choice.data();
      std::uint8_t* m = member_.data();
      const auto N = static_cast<std::int64_t>(n);
#pragma omp parallel for schedule(static) num_threads(nt)
      for (std::int64_t i = 0; i < N; ++i) m[i] = static_cast<std::uint8_t>(ch[i] == 0);
    }
    // Each block of agents decides, then (while its data is still in cache) gets the realised payoffs of its old
    // membership and its tally of switches and new members: one sweep over memory per round.
    next_.resize(n);
    const std::size_t nb = blocks(n);
    const auto width = static_cast<std::size_t>(K + 1);
    std::vector<std::int64_t> tally(nb * width, 0);
    const std::int32_t* now = pop.choice.data();
    std::int32_t* nx = next_.data();
    const double* observed = in.observed_success.data();
    const bool avx512 = has_avx512();
    // Dynamic scheduling: blocks are fixed units with their own tallies, so the result does not depend on which
    // thread takes which block, and a core busy with other work does not hold the round back.
#pragma omp parallel for schedule(dynamic, 4) num_threads(nt)
    for (std::size_t b = 0; b < nb; ++b) {
      const std::size_t lo = b * block, hi = std::min(n, (b + 1) * block);
      // Shares (and the success planned at them) of this block from last round's choices, then its decisions.
      if (local) {
        if (K == 1) member_share_rows(pop.network, member_, local_share_.data(), lo, hi);
        else neighbour_share_rows(pop.network, now, K, local_share_.data(), lo, hi);
        if (local_success && K == 1) {
          const SuccessCurve& curve = in.curves[0];
          for (std::size_t i = lo; i < hi; ++i) local_success_[i] = curve(local_share_[i]);
        } else if (local_success) {
          for (std::size_t i = lo; i < hi; ++i) fill_success(i);
        }
      }
      rule_->decide(c, lo, hi, nx);
      std::int64_t* t = tally.data() + b * width;
      if (K == 1) {
        const BinaryTally bt = avx512 ? binary_epilogue_avx512(pop, now, nx, observed[0], pc, !payoffs_first, lo, hi)
                                      : binary_epilogue_portable(pop, now, nx, observed[0], pc, !payoffs_first, lo, hi);
        t[0] = bt.members;
        t[1] = bt.switches;
        continue;
      }
      if (!payoffs_first) realised_payoffs(pop, now, observed, pc, lo, hi);
      for (std::size_t i = lo; i < hi; ++i) {
        t[K] += now[i] != nx[i];
        if (nx[i] >= 0) ++t[nx[i]];
      }
    }
    std::vector<std::int64_t> total(width, 0);
    for (std::size_t b = 0; b < nb; ++b)
      for (std::size_t k = 0; k < width; ++k) total[k] += tally[b * width + k];
    res.switches = total[static_cast<std::size_t>(K)];
    pop.choice.swap(next_);
    for (int k = 0; k < K; ++k) res.shares.push_back(static_cast<double>(total[static_cast<std::size_t>(k)]) / static_cast<double>(n));
  } else {
    // Random sequential order (a counter-keyed Fisher–Yates): each agent sees the choices made before it.
    std::vector<std::uint32_t> order(n);
    std::iota(order.begin(), order.end(), 0u);
    const std::uint64_t order_key = util::mix64(key_ ^ 0xA5A5A5A5DEADBEEFULL);
    for (std::size_t i = n; i > 1; --i) {
      const auto j = static_cast<std::size_t>(uniform_at(order_key, static_cast<std::uint64_t>(in.round) * n + i) * static_cast<double>(i));
      std::swap(order[i - 1], order[j]);
    }
    std::int32_t* live = pop.choice.data();
    c.current = live;
    next_.resize(n);
    const Network& net = pop.network;
    for (const std::uint32_t a : order) {
      const std::size_t i = a;
      if (local) {
        double* row = local_share_.data() + i * static_cast<std::size_t>(K);
        std::fill(row, row + K, 0.0);
        const std::int64_t deg = net.row_ptr[i + 1] - net.row_ptr[i];
        for (std::int64_t p = net.row_ptr[i]; p < net.row_ptr[i + 1]; ++p) {
          const std::int32_t k = live[net.col[static_cast<std::size_t>(p)]];
          if (k >= 0) row[k] += 1.0;
        }
        if (deg > 0)
          for (int k = 0; k < K; ++k) row[k] /= static_cast<double>(deg);
        if (local_success) fill_success(i);
      }
      const std::int32_t before = live[i];
      // The kernels take distinct input and output arrays (restrict), so the choice goes through next_ first.
      rule_->decide(c, i, i + 1, next_.data());
      live[i] = next_[i];
      if (live[i] != before) {
        ++res.switches;
        if (before >= 0) --count[static_cast<std::size_t>(before)];
        if (live[i] >= 0) ++count[static_cast<std::size_t>(live[i])];
        for (int k = 0; k < K; ++k) global[static_cast<std::size_t>(k)] = static_cast<double>(count[static_cast<std::size_t>(k)]) / static_cast<double>(n);
      }
    }
  }
  if (res.shares.empty()) res.shares = shares(pop);
  return res;
}

std::vector<double> join_probability(const Population& pop, const Dynamics& dyn, const std::vector<SuccessCurve>& curves,
                                     const std::vector<double>& alpha, double epsilon, int threads) {
  const int K = pop.collectives;
  if (curves.size() != static_cast<std::size_t>(K) || alpha.size() != static_cast<std::size_t>(K))
    throw std::invalid_argument("join_probability needs one curve and one α per collective");
  // Checked here, not left to the rule: its throw would come from inside an OpenMP region and terminate.
  if (!dyn.rule().has_mean_field_map())
    throw std::invalid_argument("decision.rule = \"" + dyn.rule().name() + "\" has no mean-field participation map");
  std::vector<double> planned(static_cast<std::size_t>(K));
  for (int k = 0; k < K; ++k) planned[static_cast<std::size_t>(k)] = curves[static_cast<std::size_t>(k)](alpha[static_cast<std::size_t>(k)]);
  DecisionContext c = base_context(pop, dyn.spec(), pop.privacy(epsilon), dyn.key());
  c.planned = planned.data();
  c.global_share = alpha.data();
  return mean_field_map(dyn.rule(), c, false, threads);
}

double join_probability(const Population& pop, const Dynamics& dyn, const std::function<double(double)>& success,
                        double alpha, double epsilon, int threads) {
  if (pop.collectives != 1) throw std::invalid_argument("the scalar join_probability is for one collective");
  // The map only evaluates S at α itself, so a two-point table through S(α) is exact there.
  const double s = success(alpha);
  SuccessCurve flat{{s, s}};
  return join_probability(pop, dyn, std::vector<SuccessCurve>{flat}, std::vector<double>{alpha}, epsilon, threads)[0];
}

void derive_thresholds(Population& pop, const SuccessCurve& curve) {
  for (Eigen::Index i = 0; i < pop.threshold.size(); ++i) {
    const double u = pop.benefit[i];
    pop.threshold[i] = u > 0 ? curve.inverse(pop.cost[i] / u) : std::numeric_limits<double>::infinity();
  }
}

}  // namespace aca::agents
