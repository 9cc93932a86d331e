#include "sim/batch_training.hpp"

#include <algorithm>

#include "learn/ensemble.hpp"

namespace aca::sim {

namespace {

std::size_t set_bytes(const World& w) {
  // Rows × (features + label + group + weight + response); the test set is shared, not counted.
  const auto rows = static_cast<std::size_t>(w.population.size()) * static_cast<std::size_t>(w.points_per_agent);
  const auto d = static_cast<std::size_t>(std::max<std::int64_t>(1, w.dataset->test().d));
  return rows * (d * sizeof(float) + sizeof(std::int64_t) + 3 * sizeof(float));
}

// Tasks of two worlds may share an ensemble when their learners differ only in hyperparameters and their data has
// one shape.
bool batchable(const World& a, const World& b) {
  if (&a == &b) return true;
  const data::TrainSet &ta = a.dataset->test(), &tb = b.dataset->test();
  return ta.d == tb.d && ta.num_classes == tb.num_classes && learn::ensemble_compatible(a.learner_spec, b.learner_spec);
}

}  // namespace

std::size_t training_batch_size(const World& w) {
  if (!learn::ensemble_supports(w.learner_spec)) return 1;
  const auto cap = static_cast<std::size_t>(w.scenario.root().sub("platform").integer("ensemble_size"));
  return std::max<std::size_t>(1, std::min(cap, batch_set_budget_bytes / std::max<std::size_t>(1, set_bytes(w))));
}

std::vector<std::size_t> training_batches(const World& w, const std::vector<TrainingTask>& tasks) {
  std::vector<std::size_t> starts;
  for (std::size_t first = 0; first < tasks.size();) {
    starts.push_back(first);
    const World& lead = tasks[first].world ? *tasks[first].world : w;
    const std::size_t cap = training_batch_size(lead);
    std::size_t m = 1;
    while (m < cap && first + m < tasks.size() && batchable(lead, tasks[first + m].world ? *tasks[first + m].world : w))
      ++m;
    first += m;
  }
  starts.push_back(tasks.size());
  return starts;
}

std::vector<PlatformOutcome> train_independently(const World& w, std::vector<TrainingTask> tasks,
                                                 const std::function<void(std::size_t)>& done) {
  const std::vector<std::size_t> starts = training_batches(w, tasks);
  for (auto& t : tasks)
    if (!t.world) t.world = &w;
  std::vector<PlatformOutcome> out;
  out.reserve(tasks.size());
  for (std::size_t b = 0; b + 1 < starts.size(); ++b) {
    const std::size_t first = starts[b], m = starts[b + 1] - starts[b];
    const World& lead = *tasks[first].world;
    if (training_batch_size(lead) <= 1) {
      TrainingTask& t = tasks[first];
      auto learner = learn::make_learner(lead.learner_spec);
      out.push_back(train_and_measure(lead, *learner, t.rng, t.membership, t.round));
    } else {
      std::vector<data::Assembly> sets;
      sets.reserve(m);
      std::vector<const data::TrainSet*> views;
      std::vector<util::Engine> rngs;
      for (std::size_t i = first; i < first + m; ++i) {
        sets.push_back(assemble_platform_set(*tasks[i].world, tasks[i].membership, tasks[i].round));
        rngs.push_back(tasks[i].rng);
      }
      for (const auto& s : sets) views.push_back(&s.train);
      // A fresh ensemble per batch: every task starts from its own seeded init, as a fresh single learner would.
      learn::EnsembleLearner ensemble(learn::EnsembleSpec{lead.learner_spec, static_cast<std::int64_t>(m)});
      std::vector<learn::LearnerSpec> specs;
      for (std::size_t i = first; i < first + m; ++i) specs.push_back(tasks[i].world->learner_spec);
      ensemble.fit(views, rngs, specs);
      for (std::size_t i = 0; i < m; ++i)
        out.push_back(measure_platform(*tasks[first + i].world, sets[i],
                                       {[&](const data::TrainSet& s) { return ensemble.predict(i, s); },
                                        [&] { return ensemble.convex_theta(i); }, ensemble.privacy(i)}));
    }
    if (done) done(out.size());
  }
  return out;
}

}  // namespace aca::sim
