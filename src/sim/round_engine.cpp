#include "sim/round_engine.hpp"

#include <cmath>
#include <cstdio>

#include "data/categorical.hpp"
#include "data/categorical_theory.hpp"
#include "sim/checkpoint.hpp"

namespace aca::sim {

RoundEngine::RoundEngine(RunContext& ctx, SuccessModel& model, Recorder& rec, const RunOptions& opts)
    : ctx_(ctx), model_(model), rec_(rec), opts_(opts), options_{"none"} {
  options_.insert(options_.end(), ctx.spec.collectives.begin(), ctx.spec.collectives.end());
}

RoundEnd RoundEngine::step(long t) {
  World& w = ctx_.world;
  // The membership the agents chose at the end of the last round (or the initial one).
  const std::vector<double> alpha = agents::shares(w.population);
  // Members rewrite their data and the platform trains on it, or S_k is read off the curves.
  model_.measure(ctx_, t, alpha, rec_);
  if (t == 0) record_setting(t);
  record_state(t, alpha);
  ctx_.loop.last_round = t;
  observe_convergence(t);
  report_progress(t, alpha);
  if (ctx_.spec.stop_on_convergence && ctx_.loop.convergence.from >= 0) return RoundEnd::converged;
  // Agents observe this round's success, are paid, and revise: the next round's membership.
  const std::vector<std::int32_t> before = w.population.choice;
  const agents::RoundResult r = revise(t);
  record_flows(t, before);
  record_payoffs(t, before, r);
  checkpoint_if_due(t);
  const bool stop = opts_.stop_after >= 0 && t >= opts_.stop_after && t + 1 < ctx_.spec.rounds;
  return stop ? RoundEnd::stopped : RoundEnd::next;
}

void RoundEngine::record_setting(long t) {
  const World& w = ctx_.world;
  // The group-privacy bound (literature §3) turns α into a number of changed records: analysis needs the rows.
  rec_.record(t, "", "training_rows",
              static_cast<double>(w.population.size()) * static_cast<double>(w.points_per_agent), ctx_.spec.mode);
  model_.record_setting(ctx_, t, rec_);
}

void RoundEngine::record_state(long t, const std::vector<double>& alpha) {
  const World& w = ctx_.world;
  const std::string& mode = ctx_.spec.mode;
  const data::CategoricalModel* categorical = w.dataset->categorical();
  for (std::size_t k = 0; k < ctx_.collectives(); ++k) {
    const std::string& name = ctx_.spec.collectives[k];
    rec_.record(t, name, "alpha", alpha[k], mode);
    rec_.record(t, name, "members", std::round(alpha[k] * static_cast<double>(w.population.size())), mode);
    rec_.record(t, name, "success", ctx_.loop.success[k], mode);
    ctx_.loop.alpha[k].push_back(alpha[k]);
    // Categorical data knows the exact Bayes-optimal success and the bounds at the realised α, where the exact
    // theory covers the collective (one target, an enumerable feature space).
    const auto s = w.collectives[k].strategy;
    if (categorical && data::has_exact_theory(*categorical, w.collectives[k])) {
      const data::CategoricalTheory th = data::categorical_theory(*categorical, w.collectives[k], alpha[k]);
      rec_.record(t, name, "exact_bayes_success", th.exact_success, "theory");
      const bool fl = s == data::Strategy::feature_label;
      rec_.record(t, name, fl ? "feature_label_bound" : "feature_only_bound",
                  fl ? th.feature_label_bound : th.feature_only_bound, "theory");
    }
  }
}

void RoundEngine::observe_convergence(long t) {
  if (t == 0) return;
  const auto s = static_cast<std::size_t>(t);
  ctx_.loop.convergence.observe(t, numerics::ConvergenceTracker::step(ctx_.loop.alpha, s),
                                ctx_.spec.convergence_tolerance, ctx_.spec.convergence_window);
}

void RoundEngine::report_progress(long t, const std::vector<double>& alpha) const {
  if (opts_.progress)
    std::fprintf(stderr, "\rround %ld/%ld  α=%.4f  S=%.3f   ", t + 1, ctx_.spec.rounds, alpha[0],
                 ctx_.loop.success[0]);
}

agents::RoundResult RoundEngine::revise(long t) {
  agents::RoundInput in;
  in.observed_success = ctx_.loop.success;
  in.epsilon = ctx_.loop.epsilon;
  in.round = t;
  in.curves = model_.curves();
  World& w = ctx_.world;
  return w.dynamics->step(w.population, in, w.threads);
}

// Who wins agents from whom: the (K+1)×(K+1) switch counts of this revision, off the diagonal.
void RoundEngine::record_flows(long t, const std::vector<std::int32_t>& before) {
  const std::size_t K = ctx_.collectives();
  const auto& after = ctx_.world.population.choice;
  std::vector<double> flow((K + 1) * (K + 1), 0.0);
  for (std::size_t i = 0; i < before.size(); ++i)
    flow[static_cast<std::size_t>(before[i] + 1) * (K + 1) + static_cast<std::size_t>(after[i] + 1)] += 1.0;
  for (std::size_t from = 0; from <= K; ++from)
    for (std::size_t to = 0; to <= K; ++to)
      if (from != to)
        rec_.record(t, options_[to], "flow_from_" + options_[from], flow[from * (K + 1) + to], ctx_.spec.mode);
}

// The revision realised the payoffs of the membership the success came from (`before`): this round's welfare.
void RoundEngine::record_payoffs(long t, const std::vector<std::int32_t>& before, const agents::RoundResult& r) {
  const std::size_t K = ctx_.collectives();
  const std::string& mode = ctx_.spec.mode;
  const agents::Population& pop = ctx_.world.population;
  std::vector<double> member_payoff(K, 0.0), member_count(K, 0.0);
  double outside_payoff = 0.0, outside_count = 0.0;
  for (std::size_t i = 0; i < before.size(); ++i) {
    const double p = pop.payoff[static_cast<Eigen::Index>(i)];
    if (before[i] < 0) {
      outside_payoff += p;
      outside_count += 1.0;
    } else {
      member_payoff[static_cast<std::size_t>(before[i])] += p;
      member_count[static_cast<std::size_t>(before[i])] += 1.0;
    }
  }
  double total = outside_payoff;
  for (std::size_t k = 0; k < K; ++k) {
    total += member_payoff[k];
    if (member_count[k] > 0) rec_.record(t, ctx_.spec.collectives[k], "member_payoff", member_payoff[k] / member_count[k], mode);
  }
  if (outside_count > 0) rec_.record(t, "", "nonmember_payoff", outside_payoff / outside_count, mode);
  rec_.record(t, "", "welfare", total / static_cast<double>(before.size()), mode);
  rec_.record(t, "", "churn", static_cast<double>(r.switches) / static_cast<double>(pop.size()), mode);
}

void RoundEngine::checkpoint_if_due(long t) {
  if (opts_.checkpoint_every > 0 && (t + 1) % opts_.checkpoint_every == 0)
    save_checkpoint(checkpoint_dir(opts_.out_dir, t), ctx_.world, ctx_.loop, rec_.text(), opts_);
}

}  // namespace aca::sim
