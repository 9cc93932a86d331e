// sgd: empirical risk minimisation by minibatch SGD over shuffled batches.
#include "learn/poisson_sampling.hpp"
#include "learn/torch_learner.hpp"

namespace aca::learn {

namespace {

class SgdLearner final : public TorchLearner {
 public:
  using TorchLearner::TorchLearner;
  std::string name() const override { return "sgd"; }

 protected:
  std::int64_t optimise(const TensorSet& data, const data::TrainSet&, util::Engine& rng, at::Generator&,
                     FitReport&) override {
    const auto params = net_.parameters();
    return for_each_shuffled_batch(data, spec_.epochs, spec_.batch_size, rng, [&](const TensorSet& b) {
      sgd_step(params, mean_gradient(net_, b.x, b.y, b.w), spec_.learning_rate, spec_.momentum, spec_.weight_decay,
               opt_);
    });
  }
};

}  // namespace

std::unique_ptr<Learner> make_sgd_learner(const LearnerSpec& spec) { return std::make_unique<SgdLearner>(spec); }

}  // namespace aca::learn
