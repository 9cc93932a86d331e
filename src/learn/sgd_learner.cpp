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
    std::int64_t steps = 0;
    const auto params = net_.parameters();
    for (int e = 0; e < spec_.epochs; ++e) {
      const auto perm = random_permutation(data.n, rng);
      for (std::int64_t s = 0; s < data.n; s += spec_.batch_size) {
        const std::vector<std::int64_t> idx(perm.begin() + s, perm.begin() + std::min(data.n, s + spec_.batch_size));
        const TensorSet b = rows(data, idx);
        sgd_step(params, mean_gradient(net_, b.x, b.y, b.w), spec_.learning_rate, spec_.momentum,
                 spec_.weight_decay, opt_);
        ++steps;
      }
    }
    return steps;
  }
};

}  // namespace

std::unique_ptr<Learner> make_sgd_learner(const LearnerSpec& spec) { return std::make_unique<SgdLearner>(spec); }

}  // namespace aca::learn
