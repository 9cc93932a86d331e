// Learned mode: the platform rewrites nothing itself; it trains on the data the round's membership produced
// (members' points rewritten by their collective's strategy) and S_k is measured on held-out signalled points.
#include <cmath>
#include <limits>

#include "sim/batch_training.hpp"
#include "sim/platform_round.hpp"
#include "sim/success_model.hpp"

namespace aca::sim {

namespace {

class LearnedSuccess : public SuccessModel {
 public:
  std::string description() const override { return "trained every round with every collective present"; }

  void measure(RunContext& ctx, long t, const std::vector<double>& /*alpha*/, Recorder& rec) override {
    World& w = ctx.world;
    if (ctx.collectives() > 1) ctx.loop.last_membership = w.population.choice;
    if (t % ctx.spec.retrain_every != 0 && !ctx.loop.retrain_now) return;  // S_k carries over from the last training
    ctx.loop.retrain_now = false;
    const PlatformOutcome o =
        train_and_measure(w, *w.learner, w.learner_rng, w.population.choice, static_cast<std::uint64_t>(t));
    for (std::size_t k = 0; k < ctx.collectives(); ++k) ctx.loop.success[k] = o.success[k].estimate;
    record_collectives(ctx, t, o, rec);
    record_platform(ctx, t, o, rec);
    if (o.privacy.is_private) {
      ctx.loop.epsilon = o.privacy.epsilon;
      ctx.loop.privacy = o.privacy;
      record_privacy(ctx, t, o.privacy, rec);
    }
  }

  // Fresh fits on the final membership with the other collectives' members reporting honestly: K alone and
  // K(K−1)/2 pairwise trainings, each on its own stream.
  std::optional<PairwiseOutcome> pairwise(const RunContext& ctx) const override {
    const std::size_t K = ctx.collectives();
    if (K < 2 || ctx.loop.last_membership.empty()) return std::nullopt;
    PairwiseOutcome p;
    p.source = "fresh trainings on the final membership (others' members honest)";
    p.success.alone.assign(K, 0.0);
    p.success.with.size = K;
    p.success.with.data.assign(K * K, std::numeric_limits<double>::quiet_NaN());
    const auto keep_only = [&](std::size_t x, std::size_t y) {
      std::vector<std::int32_t> m = ctx.loop.last_membership;
      for (auto& c : m)
        if (c != static_cast<std::int32_t>(x) && c != static_cast<std::int32_t>(y)) c = agents::no_collective;
      return m;
    };
    std::vector<std::pair<std::size_t, std::size_t>> pairs;
    for (std::size_t i = 0; i < K; ++i) pairs.emplace_back(i, i);
    for (std::size_t i = 0; i < K; ++i)
      for (std::size_t j = i + 1; j < K; ++j) pairs.emplace_back(i, j);
    const auto rounds_run = static_cast<std::uint64_t>(ctx.loop.last_round + 1);
    std::vector<TrainingTask> tasks;
    for (std::size_t q = 0; q < pairs.size(); ++q)
      tasks.push_back({keep_only(pairs[q].first, pairs[q].second), rounds_run,
                       util::make_stream(ctx.world.seed, "constructiveness", q)});
    const std::vector<PlatformOutcome> o = train_independently(ctx.world, std::move(tasks));
    for (std::size_t q = 0; q < pairs.size(); ++q) {
      const auto [i, j] = pairs[q];
      if (i == j) {
        p.success.alone[i] = o[q].success[i].estimate;
      } else {
        p.success.with(i, j) = o[q].success[i].estimate;
        p.success.with(j, i) = o[q].success[j].estimate;
      }
    }
    return p;
  }

 private:
  static void record_collectives(const RunContext& ctx, long t, const PlatformOutcome& o, Recorder& rec) {
    const std::string& mode = ctx.spec.mode;
    for (std::size_t k = 0; k < ctx.collectives(); ++k) {
      const std::string& name = ctx.spec.collectives[k];
      rec.record(t, name, "success_lower", o.success[k].lower, mode);
      rec.record(t, name, "success_upper", o.success[k].upper, mode);
      if (std::isnan(o.theta_distance[k])) continue;
      // Gradient cancelling (literature §1): the collective reaches θ* when α ≥ 1/(1+t); the plan says which t its
      // members needed ((1−α)/α), which they could reach within the feature bounds, and how well.
      const data::GradientCancelPlan& plan = o.plans[k];
      rec.record(t, name, "theta_distance", o.theta_distance[k], mode);
      rec.record(t, name, "cancel_t_required", plan.t_required, mode);
      rec.record(t, name, "cancel_t_best", plan.t_best, mode);
      rec.record(t, name, "cancel_feasible", plan.feasible ? 1.0 : 0.0, mode);
      rec.record(t, name, "cancel_residual", plan.residual, mode);
    }
  }

  static void record_platform(const RunContext& ctx, long t, const PlatformOutcome& o, Recorder& rec) {
    const std::string& mode = ctx.spec.mode;
    rec.record(t, "", "clean_accuracy", o.clean_accuracy.estimate, mode);
    for (std::size_t g = 0; g < o.group_accuracy.size(); ++g)
      rec.record(t, "group" + std::to_string(g), "accuracy", o.group_accuracy[g].estimate, mode);
    if (!o.group_accuracy.empty())
      rec.record(t, "", "worst_group_accuracy", data::worst_group_accuracy(o.group_accuracy), mode);
  }

  static void record_privacy(const RunContext& ctx, long t, const learn::PrivacyReport& p, Recorder& rec) {
    const std::string& mode = ctx.spec.mode;
    rec.record(t, "", "epsilon", p.epsilon, mode);
    rec.record(t, "", "delta", p.delta, mode);
    rec.record(t, "", "noise_multiplier", p.noise_multiplier, mode);
    rec.record(t, "", "clip", p.clip, mode);
    rec.record(t, "", "sample_rate", p.sample_rate, mode);
    rec.record(t, "", "privacy_steps", static_cast<double>(p.steps), mode);
    // 0 flags fixed-size shuffled batches: the accountant's ε assumes Poisson sampling and does not hold.
    rec.record(t, "", "epsilon_holds", p.epsilon_holds ? 1.0 : 0.0, mode);
  }
};

}  // namespace

std::unique_ptr<SuccessModel> make_learned_success() { return std::make_unique<LearnedSuccess>(); }

}  // namespace aca::sim
