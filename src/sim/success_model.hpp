#pragma once
// How a run obtains each collective's success S_k from the membership: one implementation per simulation mode
// (learned: a platform trained on the round's data; response curve: S_k(α_k) estimated ahead; joint curve: two
// collectives' S_k(α_1, α_2) estimated ahead; lazy joint: K ≥ 3 collectives' S_k(α) trained on demand; theory:
// closed-form bounds).
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "agents/success_curve.hpp"
#include "numerics/constructiveness.hpp"
#include "numerics/fixed_points_2d.hpp"
#include "run_folder/json_file.hpp"
#include "sim/recorder.hpp"
#include "sim/run_context.hpp"
#include "sim/run_outcome.hpp"
#include "sim/run_writer.hpp"

namespace aca::sim {

/// One collective's participation map α ↦ Pr[join | S_k(α)] with the others absent, and the largest α its curve was
/// estimated up to (beyond it the curve is held at its last value).
struct AloneMap {
  std::function<double(double)> F;  ///< the map on [0, 1]
  double estimated_up_to = 1.0;     ///< largest α of the curve's grid (1 for closed-form curves)
};

/// Two collectives' joint participation map (α_1, α_2) ↦ shares choosing each, and the box [0, hi]² its success
/// curves were estimated on.
struct JointMap {
  numerics::Map2 F;               ///< the map
  double estimated_up_to = 1.0;   ///< largest α of the joint grid (1 for closed-form curves)
};

/// The source of S_k for the round engine; built once per run by make_success_model().
class SuccessModel {
 public:
  virtual ~SuccessModel() = default;

  /// One line for summary.json's `success_model`: which collectives are present when S_k is measured.
  virtual std::string description() const = 0;
  /// Where each curve came from ("estimated" or "cache"; a joint curve last), for the manifest; empty otherwise.
  virtual std::vector<std::string> sources() const { return {}; }
  /// The per-collective curves S_k(α) the agents plan with (empty in learned mode).
  virtual const std::vector<agents::SuccessCurve>& curves() const { return no_curves_; }
  /// Writes what was estimated before the loop into the run folder (response_curve.csv, ...).
  virtual void write_inputs(const RunWriter& /*writer*/) const {}
  /// Writes what was estimated during the run (a joint surface trained on demand) into the run folder `dir`.
  virtual void write_estimated(const std::filesystem::path& /*dir*/) const {}
  /// The manifest's `joint_trainings`: how many trainings a joint surface trained on demand used (null if none).
  virtual run_folder::Json joint_trainings() const { return nullptr; }

  /// Sets ctx.loop.success and the ε the agents see (and, where a platform is trained, the privacy report) for
  /// round t, whose membership has shares `alpha`, and records what the measurement produced besides S_k.
  virtual void measure(RunContext& ctx, long t, const std::vector<double>& alpha, Recorder& rec) = 0;
  /// Round 0's records of the setting the model measures under (the curve fits' ε and δ).
  virtual void record_setting(const RunContext& /*ctx*/, long /*t*/, Recorder& /*rec*/) const {}

  /// α*_k for `target` success and its band (NaN where the curve never reaches it; all NaN in learned mode).
  virtual CriticalMasses critical_masses(double target, std::size_t collectives) const;
  /// Fixed points of each collective's participation map on its curve (none in learned mode).
  virtual std::vector<Equilibrium> equilibria(const RunContext& ctx) const;
  /// Each collective's success alone and beside each other one at the final state; nullopt where the mode
  /// cannot say (one collective, curves estimated with the others absent).
  virtual std::optional<PairwiseOutcome> pairwise(const RunContext& /*ctx*/) const { return std::nullopt; }
  /// Collective k's participation map with the others absent; nullopt where the model has none (learned mode).
  virtual std::optional<AloneMap> alone_map(const RunContext& /*ctx*/, std::size_t /*k*/) const { return std::nullopt; }
  /// The joint participation map of two collectives; nullopt where the model has none (learned mode, K ≠ 2).
  virtual std::optional<JointMap> joint_map(const RunContext& /*ctx*/) const { return std::nullopt; }
  /// Fixed points of the joint participation map; nullopt where the model has no joint map (K ≠ 2, learned mode).
  virtual std::optional<std::vector<JointEquilibrium>> joint_equilibria(const RunContext& /*ctx*/) const {
    return std::nullopt;
  }
  /// What the model's estimates cannot say at the final state: equilibria beyond the α grid a curve was estimated
  /// on, a mean-field map standing in for a network's (none by default).
  virtual std::vector<RunWarning> warnings(const RunContext& /*ctx*/) const { return {}; }

 private:
  std::vector<agents::SuccessCurve> no_curves_;
};

/// The model of ctx's mode. Curve modes estimate (or read from `cache_dir`) their curves here, before the loop.
std::unique_ptr<SuccessModel> make_success_model(const RunContext& ctx, const std::filesystem::path& cache_dir,
                                                 bool progress);

/// Learned mode: the platform trains on the round's data every `retrain_every` rounds.
std::unique_ptr<SuccessModel> make_learned_success();
/// Theory mode: the closed-form curves of literature §1.
std::unique_ptr<SuccessModel> make_theory_success(const RunContext& ctx);
/// Response-curve mode: each collective's S_k(α_k) estimated by trainings with the others absent.
std::unique_ptr<SuccessModel> make_response_curve_success(const RunContext& ctx, const std::filesystem::path& cache_dir,
                                                          bool progress);
/// Response-curve mode with three or more collectives: S_k(α_1, …, α_K) trained on demand on the lattice of
/// `[response_curve] alphas` at the states the run visits, all collectives present.
std::unique_ptr<SuccessModel> make_lazy_joint_success(const RunContext& ctx, const std::filesystem::path& cache_dir,
                                                      bool progress);
/// Response-curve mode with two collectives: S_k(α_1, α_2) estimated on a 2-D grid with both present.
std::unique_ptr<SuccessModel> make_joint_curve_success(const RunContext& ctx, const std::filesystem::path& cache_dir,
                                                       bool progress);

}  // namespace aca::sim
