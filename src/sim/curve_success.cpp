#include "sim/curve_success.hpp"

#include <limits>

#include "numerics/fixed_points.hpp"

namespace aca::sim {

CurveSuccess::CurveSuccess(std::vector<CurveEstimate> curves, double epsilon)
    : estimates_(std::move(curves)), epsilon_(epsilon) {
  for (const auto& c : estimates_) tables_.push_back(c.table);
}

std::string CurveSuccess::description() const {
  return tables_.size() > 1 ? "per collective, the others absent (no joint curve for this mode or K > 2)"
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

std::vector<Equilibrium> CurveSuccess::equilibria(const RunContext& ctx) const {
  const World& w = ctx.world;
  std::vector<Equilibrium> out;
  for (std::size_t k = 0; k < tables_.size(); ++k) {
    const auto F = [&](double a) {
      if (tables_.size() == 1)
        return agents::join_probability(w.population, *w.dynamics, [&](double x) { return tables_[k](x); }, a,
                                        epsilon_, w.threads);
      // Several collectives: k's map with the others held empty (the per-collective curves' own assumption).
      std::vector<double> alpha(tables_.size(), 0.0);
      alpha[k] = a;
      return agents::join_probability(w.population, *w.dynamics, tables_, alpha, epsilon_, w.threads)[k];
    };
    numerics::FixedPointOptions opts;
    opts.grid = 400;  // the map is a population average: evaluating it 400 times stays cheap at 10^6 agents
    // A finite population's map is a step function (each agent's switch moves it by 1/N), so a crossing of the
    // diagonal is a fixed point up to one agent's step; only larger jumps are discontinuities of S itself.
    opts.max_residual = 1.5 / static_cast<double>(w.population.size()) + 1e-9;
    // A measured curve is only known up to the largest α tested: no equilibrium is claimed beyond it.
    if (!estimates_[k].replicates.alphas.empty()) opts.hi = estimates_[k].replicates.alphas.back();
    for (const auto& fp : numerics::find_fixed_points(F, opts))
      out.push_back({ctx.spec.collectives[k], fp.alpha, fp.slope, numerics::to_string(fp.stability), fp.tipping_point});
  }
  return out;
}

std::unique_ptr<SuccessModel> make_theory_success(const RunContext& ctx) {
  return std::make_unique<CurveSuccess>(theory_curves(ctx.world), std::numeric_limits<double>::infinity());
}

}  // namespace aca::sim
