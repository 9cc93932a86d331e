#include "data/evaluation.hpp"

#include "data/categorical.hpp"
#include "data/dataset.hpp"

namespace aca::data {

Evaluation evaluate(const Dataset& data, const std::vector<CollectiveSpec>& collectives, const Assembly& a,
                    const Predictor& f, double delta) {
  const TrainSet& test = data.test();
  Evaluation e;
  const std::vector<std::int64_t> clean = f(test);
  e.clean_accuracy = clean_accuracy(test, [&](const TrainSet&) { return clean; });
  e.group_accuracy = group_accuracy(test, clean);
  e.worst_group_accuracy = worst_group_accuracy(e.group_accuracy);
  for (std::size_t k = 0; k < collectives.size(); ++k) {
    const CollectiveSpec& c = collectives[k];
    CollectiveEvaluation ce;
    ce.name = c.name;
    ce.alpha = k < a.alpha.size() ? a.alpha[k] : 0.0;
    if (c.strategy == Strategy::gradient_cancel) {
      ce.success = theta_agreement(test, c.gradient_cancel.theta, f);
    } else {
      ce.success = collective_success(test, c, f);
    }
    const CategoricalModel* m = data.categorical();
    // The exact theory enumerates the feature space; it covers one target and the planting strategies.
    if (m && has_exact_theory(*m, c)) {
      ce.has_theory = true;
      ce.theory = categorical_theory(*m, c, ce.alpha);
      ce.finite_sample_bound = finite_sample_bound(a, k, c, test.n, delta);
    }
    e.collectives.push_back(std::move(ce));
  }
  return e;
}

}  // namespace aca::data
