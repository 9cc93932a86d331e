#include "sim/curve_prefetch.hpp"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "learn/ensemble.hpp"
#include "sim/success_curves.hpp"
#include "util/threads.hpp"

namespace aca::sim {

namespace {

learn::LearnerSpec spec_of(const config::Scenario& sc) {
  return learn::learner_spec(sc.root().sub("platform"), static_cast<int>(sc.root().sub("simulation").integer("threads")));
}

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

bool batch_points_enabled(const config::Scenario& scenario) {
  const std::string mode = scenario.root().sub("sweep").string("batch_points");
  return mode == "on" || (mode == "auto" && scenario.root().sub("platform").string("device") == "cuda");
}

std::vector<std::vector<std::size_t>> prefetch_groups(const SweepPlan& plan, const std::vector<std::size_t>& todo,
                                                      const std::filesystem::path& cache_dir) {
  std::vector<std::vector<std::size_t>> groups;
  if (!batch_points_enabled(plan.scenario)) return groups;
  // Points still needing curves, one per cache key (replicates of one configuration have their own seeds, hence
  // their own keys; points differing only where the curves do not look share one), with their training counts.
  std::vector<std::pair<std::size_t, std::size_t>> need;  // point, trainings still to run
  std::set<std::string> keys;
  for (std::size_t i : todo) {
    const config::Scenario& sc = plan.resolved.at(i);
    if (sc.root().sub("simulation").string("mode") != "response_curve") continue;
    const std::size_t trainings = (needs_single(sc, cache_dir) ? response_curve_trainings(sc) : 0) +
                                  (needs_joint(sc, cache_dir) ? joint_curve_trainings(sc) : 0);
    if (trainings == 0 || !keys.insert(response_curve_key(sc)).second) continue;
    need.emplace_back(i, trainings);
  }
  // Consecutive points whose learners differ at most in hyperparameters (ε, σ, C, learning rate, ...), gathered
  // until their trainings fill one ensemble_size; counted from the scenarios alone, so that every MPI rank forms
  // the same groups without loading any data.
  std::size_t tasks = 0, cap = 0;
  learn::LearnerSpec lead;
  for (const auto& [i, trainings] : need) {
    const config::Scenario& sc = plan.resolved[i];
    if (groups.empty() || !learn::ensemble_compatible(lead, spec_of(sc)) || tasks >= cap) {
      groups.emplace_back();
      lead = spec_of(sc);
      cap = static_cast<std::size_t>(sc.root().sub("platform").integer("ensemble_size"));
      tasks = 0;
    }
    groups.back().push_back(i);
    tasks += trainings;
  }
  return groups;
}

PrefetchSummary prefetch_group(const SweepPlan& plan, const std::vector<std::size_t>& group,
                               const std::filesystem::path& cache_dir, bool progress) {
  PrefetchSummary summary;
  // The group's worlds (data included) live only for this call.
  std::vector<PointTasks> points;
  std::vector<TrainingTask> tasks;
  for (std::size_t i : group) {
    const config::Scenario& sc = plan.resolved.at(i);
    PointTasks p;
    p.world = std::make_unique<World>(make_world(sc));
    p.single = tasks.size();
    if (needs_single(sc, cache_dir))
      for (auto& t : response_curve_tasks(*p.world)) tasks.push_back(std::move(t));
    p.joint = tasks.size();
    if (needs_joint(sc, cache_dir))
      for (auto& t : joint_curve_tasks(*p.world)) tasks.push_back(std::move(t));
    p.end = tasks.size();
    points.push_back(std::move(p));
  }
  if (points.empty()) return summary;
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
  summary.curves = points.size();
  summary.trainings = total;
  return summary;
}

PrefetchSummary prefetch_response_curves(const SweepPlan& plan, const std::vector<std::size_t>& todo,
                                         const std::filesystem::path& cache_dir, bool progress, unsigned jobs) {
  const std::vector<std::vector<std::size_t>> groups = prefetch_groups(plan, todo, cache_dir);
  PrefetchSummary summary;
  std::mutex mu;
  // Groups share nothing but the cache folder, whose files are written atomically, so they may train side by side
  // as the points themselves would; one group's own progress line is shown only when there is no other.
  const bool one = jobs <= 1 || groups.size() <= 1;
  util::for_each_index(groups.size(), jobs, [&](std::size_t g) {
    const PrefetchSummary s = prefetch_group(plan, groups[g], cache_dir, progress && one);
    std::lock_guard<std::mutex> lock(mu);
    summary.curves += s.curves;
    summary.trainings += s.trainings;
    summary.largest_batch_points = std::max(summary.largest_batch_points, s.largest_batch_points);
    if (progress && !one) std::fprintf(stderr, "\rresponse curves: %zu trainings of %zu points", summary.trainings, summary.curves);
  });
  if (progress && !one) std::fprintf(stderr, "\n");
  return summary;
}

}  // namespace aca::sim
