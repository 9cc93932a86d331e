// Three or more collectives compete on one platform: a full joint grid would take A^K trainings per replicate, so
// S_k(α_1, …, α_K) is trained only at the lattice points around the states the run (and its equilibrium search)
// visits, cached, and interpolated multilinearly between them (docs/model.md, "Many collectives").
#include <limits>

#include "sim/curve_success.hpp"
#include "sim/joint_lattice.hpp"

namespace aca::sim {

namespace {

class LazyJointSuccess : public ResponseCurveSuccess {
 public:
  LazyJointSuccess(const RunContext& ctx, const std::filesystem::path& cache_dir, bool progress)
      : ResponseCurveSuccess(ctx, cache_dir, progress), lattice_(ctx.world, cache_dir, progress) {}

  std::string description() const override {
    return "joint: S_k(alpha_1..alpha_" + std::to_string(tables_.size()) +
           ") trained on demand on the lattice of response_curve.alphas, all collectives present";
  }

  void measure(RunContext& ctx, long t, const std::vector<double>& alpha, Recorder& rec) override {
    ctx.loop.epsilon = epsilon_;
    const JointSuccess s = lattice_(alpha);
    for (std::size_t k = 0; k < tables_.size(); ++k) {
      ctx.loop.success[k] = s.mean[k];
      rec.record(t, ctx.spec.collectives[k], "success_alone", tables_[k](alpha[k]), ctx.spec.mode);
      rec.record(t, ctx.spec.collectives[k], "success_band_lower", s.lower[k], ctx.spec.mode);
      rec.record(t, ctx.spec.collectives[k], "success_band_upper", s.upper[k], ctx.spec.mode);
    }
    dynamics_trained_ = lattice_.count().trained;
  }

  // Each collective's success with all others absent, and with one other present at its final share.
  std::optional<PairwiseOutcome> pairwise(const RunContext& ctx) const override {
    const std::size_t K = tables_.size();
    std::vector<double> final_alpha;
    for (std::size_t k = 0; k < K; ++k) final_alpha.push_back(ctx.loop.alpha[k].back());
    PairwiseOutcome p;
    p.source = "joint response surface (trained on demand) at the final participation: alone, beside one other "
               "collective (the rest absent), and with all present";
    p.success.alone.assign(K, 0.0);
    p.success.with.size = K;
    p.success.with.data.assign(K * K, std::numeric_limits<double>::quiet_NaN());
    p.all_present = lattice_(final_alpha).mean;
    for (std::size_t i = 0; i < K; ++i) {
      std::vector<double> only(K, 0.0);
      only[i] = final_alpha[i];
      p.success.alone[i] = lattice_(only).mean[i];
      for (std::size_t j = 0; j < K; ++j) {
        if (j == i) continue;
        std::vector<double> pair = only;
        pair[j] = final_alpha[j];
        p.success.with(i, j) = lattice_(pair).mean[i];
      }
    }
    return p;
  }

  std::optional<std::vector<JointEquilibrium>> joint_equilibria(const RunContext& ctx) const override {
    if (!ctx.world.dynamics->rule().has_mean_field_map()) return std::nullopt;
    const double hi = lattice_.alphas().back();
    return joint_fixed_points(ctx, joint_map_k(ctx, [this](const std::vector<double>& a) { return lattice_(a).mean; }),
                              hi);
  }

  void write_estimated(const std::filesystem::path& dir) const override {
    lattice_.write(dir / "response_curve_lattice.csv");
  }

  run_folder::Json joint_trainings() const override {
    const LatticeCount c = lattice_.count();
    return run_folder::Json{{"lattice_points", c.points},
                            {"trained", c.trained},
                            {"trained_for_rounds", dynamics_trained_},
                            {"from_cache", c.from_cache},
                            {"full_grid", c.full_grid}};
  }

 private:
  // Evaluating S trains the lattice points it needs on first use: a cache behind a const interface, which never
  // changes a value once measured (each point's streams are keyed by the point).
  mutable JointLattice lattice_;
  std::size_t dynamics_trained_ = 0;  ///< trainings run by the rounds (the rest: equilibria and the final matrix)
};

}  // namespace

std::unique_ptr<SuccessModel> make_lazy_joint_success(const RunContext& ctx, const std::filesystem::path& cache_dir,
                                                      bool progress) {
  return std::make_unique<LazyJointSuccess>(ctx, cache_dir, progress);
}

}  // namespace aca::sim
