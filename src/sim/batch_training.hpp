#pragma once
// Independent trainings of the platform (response-curve points and replicates, constructiveness fits, the curves
// of several sweep points), run as batched ensembles when the learners allow it, one after another otherwise.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "sim/platform_round.hpp"
#include "sim/world.hpp"
#include "util/rng.hpp"

namespace aca::sim {

/// One training from scratch: who is in which collective, the assembly's round key and the learner's stream.
struct TrainingTask {
  std::vector<std::int32_t> membership;  ///< one entry per agent: −1 or a collective
  std::uint64_t round = 0;               ///< keys the coordination-noise draws of the assembly
  util::Engine rng;                      ///< the fresh learner's stream
  const World* world = nullptr;          ///< whose data, collectives and learner (nullptr: the World passed along)
};

/// Memory the assembled training sets of one batch may take; larger sets make smaller batches.
inline constexpr std::size_t batch_set_budget_bytes = std::size_t{1} << 30;

/// How many tasks train together: `[platform] ensemble_size` when learn::ensemble_supports the world's learner,
/// capped so that the batch's training sets fit batch_set_budget_bytes; 1 otherwise.
std::size_t training_batch_size(const World& w);

/// Where train_independently cuts `tasks` into batches: the index of each batch's first task, then tasks.size().
std::vector<std::size_t> training_batches(const World& w, const std::vector<TrainingTask>& tasks);

/// Runs every task with a fresh learner of its world's learner_spec (the task's world, or `w`), in batches of
/// consecutive tasks whose worlds' learners are learn::ensemble_compatible (each member keeps its own
/// hyperparameters) and whose data have one feature shape, at most training_batch_size(first task's world) each
/// (one learn::EnsembleLearner per batch). Outcome i equals
/// train_and_measure(world, *make_learner(spec), tasks[i].rng, tasks[i].membership, tasks[i].round) up to
/// floating-point rounding (the ensemble draws what each single learner draws). `done` (optional) is called
/// with the number of tasks finished after each batch.
std::vector<PlatformOutcome> train_independently(const World& w, std::vector<TrainingTask> tasks,
                                                 const std::function<void(std::size_t)>& done = {});

}  // namespace aca::sim
