#include <stdexcept>

#include "learn/bayes_optimal.hpp"
#include "learn/learner_requirements.hpp"
#include "learn/threads.hpp"
#include "learn/torch_learner.hpp"

namespace aca::learn {

std::unique_ptr<Learner> make_learner(const LearnerSpec& spec) {
  check_learner(spec);
  set_threads(spec.threads, thread_use(spec.model.kind));
  if (spec.learner == "sgd") return make_sgd_learner(spec);
  if (spec.learner == "dp_sgd") return make_dp_sgd_learner(spec);
  if (spec.learner == "gdro") return make_gdro_learner(spec);
  if (spec.learner == "bayes_optimal") return std::make_unique<BayesOptimalLearner>(spec.epsilon_suboptimal);
  throw std::invalid_argument("platform.learner = \"" + spec.learner + "\": allowed sgd, dp_sgd, gdro, bayes_optimal");
}

}  // namespace aca::learn
