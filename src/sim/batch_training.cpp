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

}  // namespace

std::size_t training_batch_size(const World& w) {
  if (!learn::ensemble_supports(w.learner_spec)) return 1;
  const auto cap = static_cast<std::size_t>(w.scenario.root().sub("platform").integer("ensemble_size"));
  return std::max<std::size_t>(1, std::min(cap, batch_set_budget_bytes / std::max<std::size_t>(1, set_bytes(w))));
}

std::vector<PlatformOutcome> train_independently(const World& w, std::vector<TrainingTask> tasks,
                                                 const std::function<void(std::size_t)>& done) {
  std::vector<PlatformOutcome> out;
  out.reserve(tasks.size());
  const std::size_t batch = training_batch_size(w);
  if (batch <= 1) {
    for (auto& t : tasks) {
      auto learner = learn::make_learner(w.learner_spec);
      out.push_back(train_and_measure(w, *learner, t.rng, t.membership, t.round));
      if (done) done(out.size());
    }
    return out;
  }
  for (std::size_t first = 0; first < tasks.size(); first += batch) {
    const std::size_t m = std::min(batch, tasks.size() - first);
    std::vector<data::Assembly> sets;
    sets.reserve(m);
    std::vector<const data::TrainSet*> views;
    std::vector<util::Engine> rngs;
    for (std::size_t i = 0; i < m; ++i) {
      sets.push_back(assemble_platform_set(w, tasks[first + i].membership, tasks[first + i].round));
      rngs.push_back(tasks[first + i].rng);
    }
    for (const auto& s : sets) views.push_back(&s.train);
    // A fresh ensemble per batch: every task starts from its own seeded init, as a fresh single learner would.
    learn::EnsembleLearner ensemble(learn::EnsembleSpec{w.learner_spec, static_cast<std::int64_t>(m)});
    ensemble.fit(views, rngs);
    for (std::size_t i = 0; i < m; ++i)
      out.push_back(measure_platform(
          w, sets[i],
          {[&](const data::TrainSet& s) { return ensemble.predict(i, s); }, [&] { return ensemble.logistic_theta(i); },
           ensemble.privacy(i)}));
    if (done) done(out.size());
  }
  return out;
}

}  // namespace aca::sim
