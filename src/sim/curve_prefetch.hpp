#pragma once
// Sweeps in response_curve mode: the points' curve trainings batched across points (`[sweep] batch_points`),
// written to the sweep's curve cache before the points run, so that each point then reads its curves.
#include <cstddef>
#include <filesystem>
#include <vector>

#include "sim/sweep.hpp"

namespace aca::sim {

/// What a prefetch did.
struct PrefetchSummary {
  std::size_t curves = 0;             ///< points whose curves were estimated now (distinct cache keys)
  std::size_t trainings = 0;          ///< trainings run
  std::size_t largest_batch_points = 0;  ///< most points whose trainings shared one ensemble batch
};

/// Whether the sweep batches curve trainings across points: `[sweep] batch_points` = on, or auto with
/// platform.device = "cuda".
bool batch_points_enabled(const config::Scenario& scenario);

/// Estimates, for the points `todo` of `plan` in response_curve mode whose curves are not yet in `cache_dir`, those
/// curves as estimate_response_curves (and, with two collectives, estimate_joint_curves) would (same tasks, streams
/// and cache files), training the
/// tasks of consecutive points together whose learners are learn::ensemble_compatible (they may differ in ε, σ, C,
/// learning rate, epochs, ...): points are gathered until their trainings fill `[platform] ensemble_size`, then
/// train_independently runs them. Each point's curve equals its
/// own estimate up to floating-point rounding. Points outside response_curve mode are skipped, as is everything
/// when batch_points_enabled(plan.scenario) is false.
/// The groups prefetch_response_curves trains together, in design order (points' indices into plan.points),
/// formed from the scenarios and the cache alone (no data loaded), so every MPI rank forms the same ones.
std::vector<std::vector<std::size_t>> prefetch_groups(const SweepPlan& plan, const std::vector<std::size_t>& todo,
                                                      const std::filesystem::path& cache_dir);

/// Trains one group's curves together and writes each point's cache files.
PrefetchSummary prefetch_group(const SweepPlan& plan, const std::vector<std::size_t>& group,
                               const std::filesystem::path& cache_dir, bool progress);

/// Runs every prefetch_groups group with prefetch_group, up to `jobs` groups at a time (as many threads); the
/// cache files do not depend on `jobs`.
PrefetchSummary prefetch_response_curves(const SweepPlan& plan, const std::vector<std::size_t>& todo,
                                         const std::filesystem::path& cache_dir, bool progress, unsigned jobs = 1);

}  // namespace aca::sim
