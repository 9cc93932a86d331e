#include "sim/curve_prefetch.hpp"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <set>
#include <string>

#include "learn/ensemble.hpp"
#include "sim/success_curves.hpp"

namespace aca::sim {

namespace {

learn::LearnerSpec spec_of(const config::Scenario& sc) {
  return learn::learner_spec(sc.root().sub("platform"), static_cast<int>(sc.root().sub("simulation").integer("threads")));
}

}  // namespace

bool batch_points_enabled(const config::Scenario& scenario) {
  const std::string mode = scenario.root().sub("sweep").string("batch_points");
  return mode == "on" || (mode == "auto" && scenario.root().sub("platform").string("device") == "cuda");
}

PrefetchSummary prefetch_response_curves(const SweepPlan& plan, const std::vector<std::size_t>& todo,
                                         const std::filesystem::path& cache_dir, bool progress) {
  PrefetchSummary summary;
  if (!batch_points_enabled(plan.scenario)) return summary;
  // Points still needing their curves, one per cache key (replicates of one configuration have their own seeds,
  // hence their own keys; points differing only where the curve does not look share one).
  std::vector<std::size_t> need;
  std::set<std::string> keys;
  for (std::size_t i : todo) {
    const config::Scenario& sc = plan.resolved.at(i);
    if (sc.root().sub("simulation").string("mode") != "response_curve") continue;
    if (response_curve_cached(sc, cache_dir) || !keys.insert(response_curve_key(sc)).second) continue;
    need.push_back(i);
  }
  std::size_t group_start = 0;
  while (group_start < need.size()) {
    // Gather consecutive points whose learners differ at most in hyperparameters (ε, σ, C, learning rate, ...) until their trainings fill one ensemble; their worlds
    // (data included) live only for this group.
    std::vector<std::unique_ptr<World>> worlds;
    std::vector<TrainingTask> tasks;
    std::vector<std::size_t> first_task;
    const learn::LearnerSpec lead = spec_of(plan.resolved[need[group_start]]);
    std::size_t cap = 0;
    std::size_t g = group_start;
    for (; g < need.size(); ++g) {
      const config::Scenario& sc = plan.resolved[need[g]];
      if (g > group_start && (!learn::ensemble_compatible(lead, spec_of(sc)) || tasks.size() >= cap)) break;
      worlds.push_back(std::make_unique<World>(make_world(sc)));
      if (g == group_start) cap = training_batch_size(*worlds.back());
      first_task.push_back(tasks.size());
      for (auto& t : response_curve_tasks(*worlds.back())) tasks.push_back(std::move(t));
    }
    first_task.push_back(tasks.size());
    const std::vector<std::size_t> batches = training_batches(*worlds.front(), tasks);
    for (std::size_t b = 0; b + 1 < batches.size(); ++b) {
      std::size_t points = 0;
      for (std::size_t p = 0; p + 1 < first_task.size(); ++p)
        points += first_task[p] < batches[b + 1] && first_task[p + 1] > batches[b];
      summary.largest_batch_points = std::max(summary.largest_batch_points, points);
    }
    const std::size_t total = tasks.size();
    const std::vector<PlatformOutcome> outcomes =
        train_independently(*worlds.front(), std::move(tasks), [&](std::size_t done) {
          if (progress) std::fprintf(stderr, "\rresponse curves of %zu points: %zu/%zu trainings", worlds.size(), done, total);
        });
    if (progress) std::fprintf(stderr, "\n");
    for (std::size_t p = 0; p < worlds.size(); ++p)
      write_response_curve_cache(*worlds[p],
                                 std::vector<PlatformOutcome>(outcomes.begin() + static_cast<std::ptrdiff_t>(first_task[p]),
                                                              outcomes.begin() + static_cast<std::ptrdiff_t>(first_task[p + 1])),
                                 cache_dir);
    summary.curves += worlds.size();
    summary.trainings += total;
    group_start = g;
  }
  return summary;
}

}  // namespace aca::sim
