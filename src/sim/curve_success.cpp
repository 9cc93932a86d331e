#include "sim/curve_success.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "numerics/fixed_points.hpp"
#include "numerics/fixed_points_kd.hpp"
#include "util/csv_writer.hpp"

namespace aca::sim {

CurveSuccess::CurveSuccess(std::vector<CurveEstimate> curves, double epsilon)
    : estimates_(std::move(curves)), epsilon_(epsilon) {
  for (const auto& c : estimates_) tables_.push_back(c.table);
}

std::string CurveSuccess::description() const {
  return tables_.size() > 1 ? "per collective, the others absent (no joint curve in this mode)"
                            : "one collective";
}

void CurveSuccess::measure(RunContext& ctx, long /*t*/, const std::vector<double>& alpha, Recorder& /*rec*/) {
  ctx.loop.epsilon = epsilon_;
  for (std::size_t k = 0; k < tables_.size(); ++k) ctx.loop.success[k] = tables_[k](alpha[k]);
}

CriticalMasses CurveSuccess::critical_masses(double target, std::size_t /*collectives*/) const {
  CriticalMasses m;
  for (const auto& table : tables_) m.point.push_back(table.inverse(target));
  m.lower = m.upper = m.point;
  return m;
}

std::function<double(double)> CurveSuccess::participation_map(const RunContext& ctx, std::size_t k) const {
  const World* w = &ctx.world;
  return [this, w, k](double a) {
    if (tables_.size() == 1)
      return agents::join_probability(w->population, *w->dynamics, [&](double x) { return tables_[k](x); }, a,
                                      epsilon_, w->threads);
    // Several collectives: k's map with the others held empty (the per-collective curves' own assumption).
    std::vector<double> alpha(tables_.size(), 0.0);
    alpha[k] = a;
    return agents::join_probability(w->population, *w->dynamics, tables_, alpha, epsilon_, w->threads)[k];
  };
}

numerics::FixedPointOptions CurveSuccess::fixed_point_options(const RunContext& ctx, std::size_t k) const {
  numerics::FixedPointOptions opts;
  opts.grid = 400;  // the map is a population average: evaluating it 400 times stays cheap at 10^6 agents
  // A finite population's map is a step function (each agent's switch moves it by 1/N), so a crossing of the
  // diagonal is a fixed point up to one agent's step; only larger jumps are discontinuities of S itself.
  opts.max_residual = 1.5 / static_cast<double>(ctx.world.population.size()) + 1e-9;
  // A measured curve is only known up to the largest α tested: no equilibrium is claimed beyond it.
  if (!estimates_[k].replicates.alphas.empty()) opts.hi = estimates_[k].replicates.alphas.back();
  return opts;
}

namespace {

// Three significant digits: a warning names the size of a quantity, not its last bit.
std::string three_digits(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

// The map is the population average even where agents look at their neighbours' share (or imitate them).
bool map_is_mean_field(const World& w) {
  const auto& d = w.dynamics->spec();
  return !w.population.network.complete() && (d.share == "neighbours" || d.rule == "imitation");
}

}  // namespace

std::vector<Equilibrium> CurveSuccess::equilibria(const RunContext& ctx) const {
  std::vector<Equilibrium> out;
  const bool mean_field = map_is_mean_field(ctx.world);
  for (std::size_t k = 0; k < tables_.size(); ++k)
    for (const auto& fp : numerics::find_fixed_points(participation_map(ctx, k), fixed_point_options(ctx, k)))
      out.push_back({ctx.spec.collectives[k], fp.alpha, fp.slope, numerics::to_string(fp.stability), fp.tipping_point,
                     mean_field});
  return out;
}

std::optional<AloneMap> CurveSuccess::alone_map(const RunContext& ctx, std::size_t k) const {
  if (k >= tables_.size() || !ctx.world.dynamics->rule().has_mean_field_map()) return std::nullopt;
  return AloneMap{participation_map(ctx, k), fixed_point_options(ctx, k).hi};
}

std::optional<JointMap> CurveSuccess::joint_map(const RunContext& ctx) const {
  if (tables_.size() != 2 || !ctx.world.dynamics->rule().has_mean_field_map()) return std::nullopt;
  const World* w = &ctx.world;
  numerics::Map2 F = [this, w](const numerics::Point2& a) {
    const auto p = agents::join_probability(w->population, *w->dynamics, tables_, {a[0], a[1]}, epsilon_, w->threads);
    return numerics::Point2{p[0], p[1]};
  };
  double hi = 1.0;
  for (const auto& e : estimates_)
    if (!e.replicates.alphas.empty()) hi = std::min(hi, e.replicates.alphas.back());
  return JointMap{std::move(F), hi};
}

std::optional<std::vector<JointEquilibrium>> CurveSuccess::joint_equilibria(const RunContext& ctx) const {
  if (tables_.size() > 2 && ctx.world.dynamics->rule().has_mean_field_map()) {
    // K ≥ 3: every collective chooses on its own curve S_k(α_k) (each estimated with the others absent).
    double hi = 1.0;
    for (const auto& e : estimates_)
      if (!e.replicates.alphas.empty()) hi = std::min(hi, e.replicates.alphas.back());
    return joint_fixed_points(ctx, joint_map_k(ctx, [this](const std::vector<double>& a) {
                                std::vector<double> s;
                                for (std::size_t k = 0; k < tables_.size(); ++k) s.push_back(tables_[k](a[k]));
                                return s;
                              }), hi);
  }
  const std::optional<JointMap> map = joint_map(ctx);
  if (!map) return std::nullopt;
  numerics::FixedPoint2Options fo;
  fo.hi = map->estimated_up_to;  // no equilibrium is claimed beyond the largest α estimated
  fo.grid = 40;
  // A finite population's map moves in steps of 1/N: a zero up to about one agent's step is a fixed point.
  fo.residual = 1.5 / static_cast<double>(ctx.world.population.size()) + 1e-9;
  fo.merge = 0.01;  // within that tolerance Newton stops anywhere along a short segment: report it once
  std::vector<JointEquilibrium> out;
  for (const auto& e : numerics::find_fixed_points_2d(map->F, fo))
    out.push_back({{e.alpha[0], e.alpha[1]}, numerics::to_string(e.stability),
                   {e.eigen_modulus[0], e.eigen_modulus[1]}, e.complex_eigenvalues});
  return out;
}

numerics::MapK CurveSuccess::joint_map_k(const RunContext& ctx, SuccessAt success) const {
  const World* w = &ctx.world;
  // The agents' map takes one curve per collective evaluated at α_k, so each evaluation hands it constant curves
  // holding the joint values S_k(α).
  return [this, w, success](const numerics::PointK& a) {
    const std::vector<double> s = success(a);
    std::vector<agents::SuccessCurve> flat(a.size());
    for (std::size_t k = 0; k < a.size(); ++k) flat[k].values = {s[k], s[k]};
    return agents::join_probability(w->population, *w->dynamics, flat, a, epsilon_, w->threads);
  };
}

std::vector<JointEquilibrium> CurveSuccess::joint_fixed_points(const RunContext& ctx, const numerics::MapK& F,
                                                               double hi) const {
  numerics::FixedPointKOptions fo;
  fo.hi = hi;  // no equilibrium is claimed beyond the largest α estimated
  // As in two dimensions: a finite population's map moves in steps of 1/N, and Newton stops anywhere on a short
  // segment within that tolerance, so limits within 0.01 are one equilibrium.
  fo.residual = 1.5 / static_cast<double>(ctx.world.population.size()) + 1e-9;
  fo.merge = 0.01;
  // Starts on two lattices, every 1/5 and every 1/7 (K = 3: 56 + 120 starts). Measured: on three_collectives.toml
  // the 1/7 lattice alone missed a stable spiral and a saddle the 1/5 lattice found (small Newton basins on the
  // piecewise multilinear surface); with a fourth collective the 1/5 lattice alone found 17 fixed points, both 28.
  // Both train nearly the same lattice points (K = 3: 368 trainings against 364), so the second costs map
  // evaluations mostly.
  std::vector<numerics::FixedPointK> found;
  for (std::size_t starts : {5, 7}) {
    fo.starts = starts;
    for (auto& e : numerics::find_fixed_points_kd(F, tables_.size(), fo)) {
      bool seen = false;
      for (const auto& q : found) {
        double d = 0.0;
        for (std::size_t k = 0; k < e.alpha.size(); ++k) d = std::max(d, std::fabs(q.alpha[k] - e.alpha[k]));
        seen = seen || d < fo.merge;
      }
      if (!seen) found.push_back(std::move(e));
    }
  }
  std::sort(found.begin(), found.end(), [](const auto& x, const auto& y) { return x.alpha < y.alpha; });
  std::vector<JointEquilibrium> out;
  for (const auto& e : found) out.push_back({e.alpha, e.stability, e.eigen_modulus, e.complex_eigenvalues});
  return out;
}

std::vector<RunWarning> CurveSuccess::warnings(const RunContext& ctx) const {
  std::vector<RunWarning> out;
  if (tables_.empty()) return out;
  if (!ctx.world.dynamics->rule().has_mean_field_map()) {
    out.push_back({"no_mean_field_map",
                   "no equilibria or tipping points: decision.rule = \"" + ctx.world.dynamics->spec().rule +
                       "\" has no mean-field participation map (an agent copies a neighbour's realised payoff, which "
                       "the participation share alone does not give), so equilibria.csv is not written"});
    return out;
  }
  for (std::size_t k = 0; k < tables_.size(); ++k) {
    const numerics::FixedPointOptions o = fixed_point_options(ctx, k);
    const auto beyond = numerics::points_beyond(participation_map(ctx, k), o);
    if (!beyond) continue;
    const std::string hi = util::format_number(o.hi);
    out.push_back({"equilibria_beyond_grid",
                   "collective `" + ctx.spec.collectives[k] + "`: the participation map points beyond the α grid its "
                   "success curve was estimated on (response_curve.alphas up to " + hi + "): at α = " + hi +
                   " it gives " + three_digits(*beyond) + ", so participation would grow past " + hi +
                   " and equilibria above " + hi + " are unknown (equilibria.csv lists those up to " + hi +
                   " only); add larger values, up to 1, to response_curve.alphas"});
  }
  if (map_is_mean_field(ctx.world) && !tables_.empty()) {
    const auto& d = ctx.world.dynamics->spec();
    const std::string how = d.rule == "imitation"
                                ? "imitate their neighbours (decision.rule = \"imitation\")"
                                : "look at their neighbours' share (decision.share = \"neighbours\")";
    out.push_back({"mean_field_map",
                   "equilibria and tipping points are mean-field: they come from the participation map averaged over "
                   "the whole population, but on population.network.kind = \"" + ctx.world.population.network.kind +
                       "\" agents " + how + ", so cascades on the network may stop short of (or pass) them; "
                       "equilibria.csv marks them map = mean_field"});
  }
  return out;
}

std::unique_ptr<SuccessModel> make_theory_success(const RunContext& ctx) {
  return std::make_unique<CurveSuccess>(theory_curves(ctx.world), std::numeric_limits<double>::infinity());
}

}  // namespace aca::sim
