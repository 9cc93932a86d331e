#include <cmath>
#include <limits>

#include "numerics/critical_mass.hpp"
#include "sim/curve_success.hpp"

namespace aca::sim {

namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
}  // namespace

ResponseCurveSuccess::ResponseCurveSuccess(const RunContext& ctx, const std::filesystem::path& cache_dir, bool progress)
    : CurveSuccess(estimate_response_curves(ctx.world, cache_dir, progress), std::numeric_limits<double>::infinity()),
      delta_(ctx.world.learner_spec.privacy.delta) {
  if (!estimates_.empty()) epsilon_ = estimates_.front().epsilon;
}

std::vector<std::string> ResponseCurveSuccess::sources() const {
  std::vector<std::string> s;
  for (const auto& c : estimates_) s.push_back(c.from_cache ? "cache" : "estimated");
  return s;
}

void ResponseCurveSuccess::write_inputs(const RunWriter& writer) const { writer.response_curve(estimates_); }

void ResponseCurveSuccess::record_setting(const RunContext& ctx, long t, Recorder& rec) const {
  if (!std::isfinite(epsilon_)) return;
  rec.record(t, "", "epsilon", epsilon_, ctx.spec.mode);
  rec.record(t, "", "delta", delta_, ctx.spec.mode);
}

CriticalMasses ResponseCurveSuccess::critical_masses(double target, std::size_t collectives) const {
  CriticalMasses m = CurveSuccess::critical_masses(target, collectives);
  for (std::size_t k = 0; k < estimates_.size(); ++k) {
    // The band's upper edge reaches the target first: it bounds α* from below, the lower edge from above.
    const numerics::CriticalMass lo = numerics::critical_mass(estimates_[k].fit.upper, target);
    const numerics::CriticalMass hi = numerics::critical_mass(estimates_[k].fit.lower, target);
    m.lower[k] = lo.found() ? lo.alpha : nan;
    m.upper[k] = hi.found() ? hi.alpha : nan;
  }
  return m;
}

std::unique_ptr<SuccessModel> make_response_curve_success(const RunContext& ctx, const std::filesystem::path& cache_dir,
                                                          bool progress) {
  return std::make_unique<ResponseCurveSuccess>(ctx, cache_dir, progress);
}

}  // namespace aca::sim
