#pragma once
// Success read from curves S_k fixed before the loop: the theory and response-curve modes' success models.
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "numerics/fixed_points.hpp"
#include "numerics/fixed_points_kd.hpp"
#include "sim/success_curves.hpp"
#include "sim/success_model.hpp"

namespace aca::sim {

/// S_k = S_k(α_k) on per-collective curves (theory mode; the base of the response-curve models).
class CurveSuccess : public SuccessModel {
 public:
  /// Takes the curves and the ε of the fits that estimated them (∞ when non-private or closed-form), which is
  /// the ε the agents see.
  CurveSuccess(std::vector<CurveEstimate> curves, double epsilon);

  std::string description() const override;
  const std::vector<agents::SuccessCurve>& curves() const override { return tables_; }
  void measure(RunContext& ctx, long t, const std::vector<double>& alpha, Recorder& rec) override;
  /// α*_k where the curve reaches `target`; the band is the point itself.
  CriticalMasses critical_masses(double target, std::size_t collectives) const override;
  /// Fixed points of each collective's map with the others held absent, up to the largest α estimated.
  std::vector<Equilibrium> equilibria(const RunContext& ctx) const override;
  /// A map that points above the largest α estimated; a mean-field map on a network.
  std::vector<RunWarning> warnings(const RunContext& ctx) const override;
  /// participation_map(ctx, k) with the largest α its curve was estimated up to.
  std::optional<AloneMap> alone_map(const RunContext& ctx, std::size_t k) const override;
  /// Two collectives: both choose on their own curves S_k(α_k) (each estimated with the other absent).
  std::optional<JointMap> joint_map(const RunContext& ctx) const override;
  /// Fixed points of joint_map on the box its curves were estimated on (K = 2), or of the K-collective map on the
  /// simplex, each collective on its own curve (K ≥ 3).
  std::optional<std::vector<JointEquilibrium>> joint_equilibria(const RunContext& ctx) const override;

 protected:
  /// Collective k's participation map α ↦ Pr[join | S_k(α)] (the others held absent).
  std::function<double(double)> participation_map(const RunContext& ctx, std::size_t k) const;
  /// The fixed-point search for collective k: up to the largest α estimated, a residual of one agent's step.
  numerics::FixedPointOptions fixed_point_options(const RunContext& ctx, std::size_t k) const;
  /// S_1..S_K at a joint state.
  using SuccessAt = std::function<std::vector<double>(const std::vector<double>&)>;
  /// The K-collective participation map when every collective plans with S_k = success(α)[k].
  numerics::MapK joint_map_k(const RunContext& ctx, SuccessAt success) const;
  /// Fixed points of a K-collective joint map on the simplex, each share up to `hi`, classified by the Jacobian.
  std::vector<JointEquilibrium> joint_fixed_points(const RunContext& ctx, const numerics::MapK& F, double hi) const;

  std::vector<CurveEstimate> estimates_;      ///< the curves with their replicates and fits
  std::vector<agents::SuccessCurve> tables_;  ///< S_k(α) as the agents evaluate it
  double epsilon_;                            ///< ε of the estimation fits
};

/// S_k(α_k) estimated by trainings with the other collectives absent, with a monotone fit and its band.
class ResponseCurveSuccess : public CurveSuccess {
 public:
  /// Estimates the curves (or reads them from `cache_dir`).
  ResponseCurveSuccess(const RunContext& ctx, const std::filesystem::path& cache_dir, bool progress);

  std::vector<std::string> sources() const override;
  /// response_curve.csv: every training's success per α with the fit and its band.
  void write_inputs(const RunWriter& writer) const override;
  /// The fits' ε and δ, which the run's rounds never record otherwise.
  void record_setting(const RunContext& ctx, long t, Recorder& rec) const override;
  /// α*_k from the fit; the band's upper edge bounds it from below, the lower edge from above.
  CriticalMasses critical_masses(double target, std::size_t collectives) const override;

 protected:
  double delta_;                    ///< δ of the estimation fits
};

}  // namespace aca::sim
