#pragma once
// Success curves S_k(α) for the modes that do not train every round: `response_curve` (estimated by real
// trainings on an α grid, fitted monotonically, cached on disk) and `theory` (closed-form lower bounds).
#include <array>
#include <filesystem>
#include <string>
#include <vector>

#include "agents/success_curve.hpp"
#include "numerics/monotone_fit.hpp"
#include "sim/batch_training.hpp"
#include "sim/world.hpp"

namespace aca::sim {

/// One collective's curve and where it came from.
struct CurveEstimate {
  agents::SuccessCurve table;          ///< S(α) on [0, 1] as the agents evaluate it
  numerics::ReplicateGrid replicates;  ///< response_curve: every measured success (empty for theory)
  numerics::MonotoneFit fit;           ///< response_curve: isotonic fit with its replicate band
  double epsilon = 0.0;                ///< privacy ε of each estimation fit (∞ when non-private)
  bool from_cache = false;             ///< response_curve: read from the cache instead of trained
};

/// Closed-form curves (categorical data; feature_label and feature_only strategies): the bound of literature §1
/// with the realised ξ, Δ0 and p of the exact distribution. Throws config::ScenarioError otherwise.
std::vector<CurveEstimate> theory_curves(const World& w);

/// Estimates every collective's S_k(α) alone (the other collectives absent) on `[response_curve] alphas` with
/// `replicates` trainings each, fits it monotonically and tabulates it (held at the end values outside the
/// grid). Results are cached in `cache_dir` under a hash of everything that affects them.
std::vector<CurveEstimate> estimate_response_curves(const World& w, const std::filesystem::path& cache_dir,
                                                    bool progress);

/// Two collectives' successes as functions of both shares, estimated together (response_curve mode, K = 2).
struct JointCurveEstimate {
  std::vector<numerics::JointGrid> mean;   ///< S_k(α_1, α_2), k = 0, 1: replicate means on alphas × alphas
  std::vector<numerics::JointGrid> lower;  ///< smallest replicate per grid point
  std::vector<numerics::JointGrid> upper;  ///< largest replicate per grid point
  /// Every training: [i, j, replicate, S_1, S_2] with i, j indices into the grid (rows of response_curve_joint.csv).
  std::vector<std::array<double, 5>> replicates;
  bool from_cache = false;                 ///< read from the cache instead of trained
};

/// Estimates S_1 and S_2 on the 2-D grid `[response_curve] alphas` × alphas with both collectives present (members
/// drawn disjointly; where α_1 + α_2 > 1 the second collective gets the agents left, 1 − α_1). No monotone fit:
/// a competitor may lower a collective's success, so S_k need not rise in the other's share. Cached like the
/// one-collective curves (key: response_curve_key). Needs exactly two collectives.
JointCurveEstimate estimate_joint_curves(const World& w, const std::filesystem::path& cache_dir, bool progress);

/// `[response_curve] alphas`, sorted and distinct: the grid of every joint estimate (K = 2 curves, K ≥ 3 lattice).
std::vector<double> joint_alphas(const config::Scenario& scenario);

/// How many trainings estimate the scenario's joint curves (distinct alphas² × replicates).
std::size_t joint_curve_trainings(const config::Scenario& scenario);

/// Where estimate_joint_curves caches the scenario's joint curves in `cache_dir`, and whether the file is complete.
std::filesystem::path joint_curve_cache_file(const config::Scenario& scenario, const std::filesystem::path& cache_dir);
bool joint_curve_cached(const config::Scenario& scenario, const std::filesystem::path& cache_dir);

/// The trainings that estimate w's joint curves (two collectives): every (α_1, α_2) of the sorted, distinct grid,
/// `replicates` times, in (i, j, replicate) order with their own streams (TrainingTask::world = &w).
std::vector<TrainingTask> joint_curve_tasks(const World& w);

/// Writes the joint cache file of w from the outcomes of joint_curve_tasks(w), in the same order.
void write_joint_curve_cache(const World& w, const std::vector<PlatformOutcome>& outcomes,
                             const std::filesystem::path& cache_dir);

/// The cache key: hash of the scenario sections that determine the curves, the content of the data files it reads
/// (sim::input_files), the acasim version and commit, and the OpenBLAS kernel in use (learn::blas_kernel).
std::string response_curve_key(const World& w);
/// The same from the scenario alone (no data loaded).
std::string response_curve_key(const config::Scenario& scenario);
/// The same for the OpenBLAS kernel named `blas_kernel` instead of the one in use.
std::string response_curve_key(const config::Scenario& scenario, const std::string& blas_kernel);

/// Where estimate_response_curves caches the scenario's one-collective curves in `cache_dir`.
std::filesystem::path response_curve_cache_file(const config::Scenario& scenario, const std::filesystem::path& cache_dir);

/// How many trainings estimate the scenario's one-collective curves (collectives × alphas × replicates).
std::size_t response_curve_trainings(const config::Scenario& scenario);

/// Whether that cache file holds every training of the scenario's curves.
bool response_curve_cached(const config::Scenario& scenario, const std::filesystem::path& cache_dir);

/// The trainings that estimate w's one-collective curves: collective k alone at every α of `[response_curve]
/// alphas`, `replicates` times, in (k, α, replicate) order, each with its own streams (TrainingTask::world = &w).
std::vector<TrainingTask> response_curve_tasks(const World& w);

/// Writes the cache file of w's curves from the outcomes of response_curve_tasks(w), in the same order; a later
/// estimate_response_curves(w, cache_dir) reads them instead of training.
void write_response_curve_cache(const World& w, const std::vector<PlatformOutcome>& outcomes,
                                const std::filesystem::path& cache_dir);

}  // namespace aca::sim
