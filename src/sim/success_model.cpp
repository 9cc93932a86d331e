#include "sim/success_model.hpp"

#include <limits>

namespace aca::sim {

CriticalMasses SuccessModel::critical_masses(double /*target*/, std::size_t collectives) const {
  const std::vector<double> none(collectives, std::numeric_limits<double>::quiet_NaN());
  return {none, none, none};
}

std::vector<Equilibrium> SuccessModel::equilibria(const RunContext& /*ctx*/) const { return {}; }

std::unique_ptr<SuccessModel> make_success_model(const RunContext& ctx, const std::filesystem::path& cache_dir,
                                                 bool progress) {
  const std::string& mode = ctx.spec.mode;
  if (mode == "learned") return make_learned_success();
  if (mode == "theory") return make_theory_success(ctx);
  if (ctx.collectives() == 2) return make_joint_curve_success(ctx, cache_dir, progress);
  if (ctx.collectives() > 2) return make_lazy_joint_success(ctx, cache_dir, progress);
  return make_response_curve_success(ctx, cache_dir, progress);
}

}  // namespace aca::sim
