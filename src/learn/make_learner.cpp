#include <torch/cuda.h>

#include <stdexcept>

#include "learn/bayes_optimal.hpp"
#include "learn/threads.hpp"
#include "learn/torch_learner.hpp"

namespace aca::learn {

void Learner::save(std::ostream&) const {
  throw std::logic_error(name() + ": this learner cannot be checkpointed (no save())");
}

void Learner::load(std::istream&) {
  throw std::logic_error(name() + ": this learner cannot be checkpointed (no load())");
}

std::unique_ptr<Learner> make_learner(const LearnerSpec& spec) {
  if (spec.device != "cpu" && spec.device != "cuda")
    throw std::invalid_argument("platform.device = \"" + spec.device + "\": allowed cpu, cuda");
  if (spec.device == "cuda" && !torch::cuda::is_available())
    throw std::runtime_error("platform.device = \"cuda\" but CUDA is not available: this LibTorch build has no "
                             "CUDA support or no GPU is visible; use device = \"cpu\" or build against a CUDA "
                             "LibTorch (CMAKE_PREFIX_PATH)");
  if (spec.epochs < 1 || spec.batch_size < 1)
    throw std::invalid_argument("platform.epochs and platform.batch_size must be ≥ 1");
  if (spec.model.kind == "linear" && spec.learner != "sgd" && spec.learner != "dp_sgd")
    throw std::invalid_argument("platform.model.kind = \"linear\" (least squares) is trained by learner = \"sgd\" or "
                                "\"dp_sgd\", not \"" + spec.learner + "\"");
  set_threads(spec.threads, thread_use(spec.model.kind));
  if (spec.learner == "sgd") return make_sgd_learner(spec);
  if (spec.learner == "dp_sgd") return make_dp_sgd_learner(spec);
  if (spec.learner == "gdro") return make_gdro_learner(spec);
  if (spec.learner == "bayes_optimal") return std::make_unique<BayesOptimalLearner>(spec.epsilon_suboptimal);
  throw std::invalid_argument("platform.learner = \"" + spec.learner + "\": allowed sgd, dp_sgd, gdro, bayes_optimal");
}

}  // namespace aca::learn
