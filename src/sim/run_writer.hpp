#pragma once
// Every file a run writes besides metrics.csv (recorder.hpp) and its checkpoints: the curves estimated before the
// loop, the equilibria, constructiveness, summary.json and manifest.json, each written atomically.
#include <filesystem>
#include <string>
#include <vector>

#include "run_folder/manifest_record.hpp"
#include "sim/run_outcome.hpp"
#include "sim/success_curves.hpp"

namespace aca::sim {

/// Writes a run's result files into its output folder.
class RunWriter {
 public:
  /// Writes into `out_dir`; `collectives` names the collectives in order.
  RunWriter(std::filesystem::path out_dir, std::vector<std::string> collectives);

  /// response_curve.csv: every training's success per α with the monotone fit and its band.
  void response_curve(const std::vector<CurveEstimate>& curves) const;
  /// response_curve_joint.csv: the joint grid's trainings and means (two collectives).
  void joint_curve(const JointCurveEstimate& joint) const;
  /// equilibria.csv: fixed points of each collective's participation map; column `map` says whether the map is the
  /// population's own (global) or stands in, mean-field, for a network's.
  void equilibria(const std::vector<Equilibrium>& eq) const;
  /// equilibria_joint.csv: fixed points of the joint participation map.
  void joint_equilibria(const std::vector<JointEquilibrium>& eq) const;
  /// constructiveness.csv: each collective's success alone and beside each other one.
  void constructiveness(const PairwiseOutcome& p, const numerics::Constructiveness& ct) const;
  /// summary.json: the run's outcomes (run_folder::SummaryRecord; per-collective values keyed by name).
  void summary(const RunSummary& s) const;
  /// manifest.json.
  void manifest(const run_folder::ManifestRecord& m) const;

 private:
  std::filesystem::path dir_;
  std::vector<std::string> names_;
};

}  // namespace aca::sim
