#include "config/scenario.hpp"
#include "learn/ensemble.hpp"

namespace aca::learn {

EnsembleSpec ensemble_spec(const config::View& platform, int threads) {
  EnsembleSpec s;
  s.learner = learner_spec(platform, threads);
  s.max_members = platform.integer("ensemble_size");
  return s;
}

bool ensemble_supports(const LearnerSpec& spec) {
  return (spec.learner == "sgd" || spec.learner == "dp_sgd" || spec.learner == "gdro") &&
         (spec.model.kind == "logistic" || spec.model.kind == "mlp");
}

}  // namespace aca::learn
