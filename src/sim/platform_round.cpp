#include "sim/platform_round.hpp"

#include <limits>

namespace aca::sim {

data::Assembly assemble_platform_set(const World& w, const std::vector<std::int32_t>& membership, std::uint64_t round) {
  const auto population = static_cast<std::int64_t>(membership.size());
  data::Assembly a = data::assemble_train_set(*w.dataset, w.collectives, membership, population,
                                              w.points_per_agent, w.seed, round);
  if (w.learner_spec.learner == "gdro" && w.learner_spec.gdro.groups == "collective_vs_rest") {
    // Group DRO then guards the collective's rows as one group against the rest of the data.
    a.train.group.resize(static_cast<std::size_t>(a.train.n));
    for (std::size_t r = 0; r < a.train.group.size(); ++r) a.train.group[r] = a.row_collective[r] >= 0 ? 1 : 0;
    a.train.num_groups = 2;
  }
  return a;
}

PlatformOutcome measure_platform(const World& w, const data::Assembly& a, const FittedPlatform& model) {
  const data::TrainSet& test = w.dataset->test();
  PlatformOutcome out;
  out.realised_alpha = a.alpha;
  out.plans = a.plans;
  for (const auto& c : w.collectives) {
    const bool cancel = c.strategy == data::Strategy::gradient_cancel;
    // f_θ* labels 1 where θ*·x̃ > ½ for the least-squares model (learn::Learner::predict), > 0 for logistic.
    const double boundary = w.learner_spec.model.kind == "linear" ? 0.5 : 0.0;
    out.success.push_back(cancel ? data::theta_agreement(test, c.gradient_cancel.theta, model.predict, boundary)
                                 : data::collective_success(test, c, model.predict));
    // A gradient-cancelling collective is judged by how close the platform's parameters came to θ*.
    out.theta_distance.push_back(cancel ? data::theta_distance(model.theta(), c.gradient_cancel.theta)
                                        : std::numeric_limits<double>::quiet_NaN());
  }
  const std::vector<std::int64_t> predictions = model.predict(test);
  std::int64_t correct = 0;
  for (std::int64_t i = 0; i < test.n; ++i) correct += predictions[static_cast<std::size_t>(i)] == test.y[static_cast<std::size_t>(i)];
  out.clean_accuracy = data::wilson(correct, test.n);
  out.group_accuracy = data::group_accuracy(test, predictions);
  out.privacy = model.privacy;
  return out;
}

PlatformOutcome train_and_measure(const World& w, learn::Learner& learner, util::Engine& rng,
                                  const std::vector<std::int32_t>& membership, std::uint64_t round) {
  const data::Assembly a = assemble_platform_set(w, membership, round);
  learner.fit(a.train, rng);
  return measure_platform(w, a,
                          {[&](const data::TrainSet& s) { return learner.predict(s); },
                           [&] { return learner.convex_theta(); }, learner.privacy()});
}

}  // namespace aca::sim
