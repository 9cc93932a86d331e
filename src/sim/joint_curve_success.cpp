// Two collectives compete on one platform: their successes are estimated jointly on a 2-D grid with both present
// and the dynamics run on it. (K > 2 would need a K-dimensional grid; there each collective's curve is estimated
// with the others absent, which summary.json's success_model says.)
#include <algorithm>
#include <cstdio>
#include <limits>

#include "sim/curve_success.hpp"
#include "util/csv_writer.hpp"

namespace aca::sim {

namespace {

// Three significant digits: a warning names the size of a quantity, not its last bit.
std::string three_digits(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

class JointCurveSuccess : public ResponseCurveSuccess {
 public:
  JointCurveSuccess(const RunContext& ctx, const std::filesystem::path& cache_dir, bool progress)
      : ResponseCurveSuccess(ctx, cache_dir, progress), joint_(estimate_joint_curves(ctx.world, cache_dir, progress)) {}

  std::string description() const override {
    return "joint: S_k(alpha_1, alpha_2) on a 2-D grid, both collectives present";
  }

  std::vector<std::string> sources() const override {
    std::vector<std::string> s = ResponseCurveSuccess::sources();
    s.push_back(joint_.from_cache ? "cache" : "estimated");
    return s;
  }

  void write_inputs(const RunWriter& writer) const override {
    ResponseCurveSuccess::write_inputs(writer);
    writer.joint_curve(joint_);
  }

  void measure(RunContext& ctx, long t, const std::vector<double>& alpha, Recorder& rec) override {
    ctx.loop.epsilon = epsilon_;
    for (std::size_t k = 0; k < 2; ++k) {
      ctx.loop.success[k] = success(k, alpha);
      rec.record(t, ctx.spec.collectives[k], "success_alone", tables_[k](alpha[k]), ctx.spec.mode);
    }
  }

  std::optional<PairwiseOutcome> pairwise(const RunContext& ctx) const override {
    PairwiseOutcome p;
    p.source = "joint response curve at the final participation";
    p.success.alone.assign(2, 0.0);
    p.success.with.size = 2;
    p.success.with.data.assign(4, std::numeric_limits<double>::quiet_NaN());
    const std::vector<double> final_alpha{ctx.loop.alpha[0].back(), ctx.loop.alpha[1].back()};
    for (std::size_t i = 0; i < 2; ++i) {
      std::vector<double> alone = final_alpha;
      alone[1 - i] = 0.0;
      p.success.alone[i] = success(i, alone);
      p.success.with(i, 1 - i) = success(i, final_alpha);
    }
    return p;
  }

  // The joint curve's map on the box it was estimated on (the base class finds its fixed points).
  std::optional<JointMap> joint_map(const RunContext& ctx) const override {
    if (!ctx.world.dynamics->rule().has_mean_field_map()) return std::nullopt;
    return JointMap{map2(ctx), joint_.mean[0].alphas1.back()};
  }

  // Besides each collective's own map: the joint map pointing out of the box [0, α_max]² the joint curve was
  // estimated on, through either upper edge, where joint equilibria are unknown.
  std::vector<RunWarning> warnings(const RunContext& ctx) const override {
    std::vector<RunWarning> out = CurveSuccess::warnings(ctx);
    const auto& grid = joint_.mean[0].alphas1;
    const double hi = grid.back();
    if (!(hi < 1.0) || !ctx.world.dynamics->rule().has_mean_field_map()) return out;
    const numerics::Map2 F = map2(ctx);
    const double tol = 1.5 / static_cast<double>(ctx.world.population.size()) + 1e-9;
    for (std::size_t k = 0; k < 2; ++k)
      for (double other : grid) {
        numerics::Point2 a{other, other};
        a[k] = hi;
        const double next = F(a)[k];
        if (!(next > hi + tol)) continue;
        const std::string h = util::format_number(hi);
        out.push_back({"equilibria_beyond_grid",
                       "collective `" + ctx.spec.collectives[k] + "`: the joint participation map points beyond the "
                       "α grid the joint success curve was estimated on (response_curve.alphas up to " + h +
                       "): at (α_1, α_2) = (" + util::format_number(a[0]) + ", " + util::format_number(a[1]) + ") it gives α_" +
                       std::to_string(k + 1) + " = " + three_digits(next) +
                       ", so joint equilibria above " + h + " are unknown (equilibria_joint.csv lists those up to " + h +
                       " only); add larger values, up to 1, to response_curve.alphas"});
        break;
      }
    return out;
  }

 private:
  // (α_1, α_2) ↦ shares choosing each collective when both plan with S_k(α_1, α_2). The agents' map takes one curve
  // per collective evaluated at α_k, so each evaluation hands it constant curves holding the joint values.
  numerics::Map2 map2(const RunContext& ctx) const {
    const World* w = &ctx.world;
    return [this, w](const numerics::Point2& a) {
      const std::vector<double> av{a[0], a[1]};
      std::vector<agents::SuccessCurve> flat(2);
      for (std::size_t k = 0; k < 2; ++k) {
        const double v = success(k, av);
        flat[k].values = {v, v};
      }
      const auto p = agents::join_probability(w->population, *w->dynamics, flat, av, epsilon_, w->threads);
      return numerics::Point2{p[0], p[1]};
    };
  }

  // Held at the grid's edges outside it, as the one-collective curves are.
  double success(std::size_t k, const std::vector<double>& a) const {
    const auto& g = joint_.mean[k];
    const double a1 = std::min(g.alphas1.back(), std::max(g.alphas1.front(), a[0]));
    const double a2 = std::min(g.alphas2.back(), std::max(g.alphas2.front(), a[1]));
    return g(a1, a2);
  }

  JointCurveEstimate joint_;
};

}  // namespace

std::unique_ptr<SuccessModel> make_joint_curve_success(const RunContext& ctx, const std::filesystem::path& cache_dir,
                                                       bool progress) {
  return std::make_unique<JointCurveSuccess>(ctx, cache_dir, progress);
}

}  // namespace aca::sim
