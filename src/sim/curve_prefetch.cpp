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

namespace {

bool two_collectives(const config::Scenario& sc) { return sc.root().elements("collective").size() == 2; }

bool needs_single(const config::Scenario& sc, const std::filesystem::path& cache_dir) {
  return !response_curve_cached(sc, cache_dir);
}

bool needs_joint(const config::Scenario& sc, const std::filesystem::path& cache_dir) {
  return two_collectives(sc) && !joint_curve_cached(sc, cache_dir);
}

// One point's share of a group's task list: its one-collective curve tasks [single, joint), then its joint tasks
// [joint, end) (empty where cached or K ≠ 2).
struct PointTasks {
  std::unique_ptr<World> world;
  std::size_t single = 0, joint = 0, end = 0;
};

std::vector<PlatformOutcome> slice(const std::vector<PlatformOutcome>& v, std::size_t a, std::size_t b) {
  return {v.begin() + static_cast<std::ptrdiff_t>(a), v.begin() + static_cast<std::ptrdiff_t>(b)};
}

}  // namespace

PrefetchSummary prefetch_response_curves(const SweepPlan& plan, const std::vector<std::size_t>& todo,
                                         const std::filesystem::path& cache_dir, bool progress) {
  PrefetchSummary summary;
  if (!batch_points_enabled(plan.scenario)) return summary;
  // Points still needing curves, one per cache key (replicates of one configuration have their own seeds, hence
  // their own keys; points differing only where the curves do not look share one).
  std::vector<std::size_t> need;
  std::set<std::string> keys;
  for (std::size_t i : todo) {
    const config::Scenario& sc = plan.resolved.at(i);
    if (sc.root().sub("simulation").string("mode") != "response_curve") continue;
    if (!needs_single(sc, cache_dir) && !needs_joint(sc, cache_dir)) continue;
    if (!keys.insert(response_curve_key(sc)).second) continue;
    need.push_back(i);
  }
  std::size_t group_start = 0;
  while (group_start < need.size()) {
    // Gather consecutive points whose learners differ at most in hyperparameters (ε, σ, C, learning rate, ...)
    // until their trainings fill one ensemble; their worlds (data included) live only for this group.
    std::vector<PointTasks> points;
    std::vector<TrainingTask> tasks;
    const learn::LearnerSpec lead = spec_of(plan.resolved[need[group_start]]);
    std::size_t cap = 0;
    std::size_t g = group_start;
    for (; g < need.size(); ++g) {
      const config::Scenario& sc = plan.resolved[need[g]];
      if (g > group_start && (!learn::ensemble_compatible(lead, spec_of(sc)) || tasks.size() >= cap)) break;
      PointTasks p;
      p.world = std::make_unique<World>(make_world(sc));
      if (g == group_start) cap = training_batch_size(*p.world);
      p.single = tasks.size();
      if (needs_single(sc, cache_dir))
        for (auto& t : response_curve_tasks(*p.world)) tasks.push_back(std::move(t));
      p.joint = tasks.size();
      if (needs_joint(sc, cache_dir))
        for (auto& t : joint_curve_tasks(*p.world)) tasks.push_back(std::move(t));
      p.end = tasks.size();
      points.push_back(std::move(p));
    }
    const std::vector<std::size_t> batches = training_batches(*points.front().world, tasks);
    for (std::size_t b = 0; b + 1 < batches.size(); ++b) {
      std::size_t mixed = 0;
      for (const auto& p : points) mixed += p.single < batches[b + 1] && p.end > batches[b];
      summary.largest_batch_points = std::max(summary.largest_batch_points, mixed);
    }
    const std::size_t total = tasks.size();
    const std::vector<PlatformOutcome> outcomes =
        train_independently(*points.front().world, std::move(tasks), [&](std::size_t done) {
          if (progress)
            std::fprintf(stderr, "\rresponse curves of %zu points: %zu/%zu trainings", points.size(), done, total);
        });
    if (progress) std::fprintf(stderr, "\n");
    for (const auto& p : points) {
      if (p.joint > p.single) write_response_curve_cache(*p.world, slice(outcomes, p.single, p.joint), cache_dir);
      if (p.end > p.joint) write_joint_curve_cache(*p.world, slice(outcomes, p.joint, p.end), cache_dir);
    }
    summary.curves += points.size();
    summary.trainings += total;
    group_start = g;
  }
  return summary;
}

}  // namespace aca::sim
