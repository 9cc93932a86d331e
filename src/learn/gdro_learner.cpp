// gdro: the online Group DRO algorithm of Sagawa et al. (2020), as in their reference implementation: per
// minibatch, each group's mean loss (0 for a group absent from the batch) plus C/sqrt(n_g) drives the
// multiplicative weights q, and SGD descends on Σ_g q_g loss_g.
#include <torch/csrc/autograd/autograd.h>

#include <cmath>
#include <stdexcept>

#include "learn/poisson_sampling.hpp"
#include "learn/torch_learner.hpp"

namespace aca::learn {

namespace {

class GdroLearner final : public TorchLearner {
 public:
  using TorchLearner::TorchLearner;
  std::string name() const override { return "gdro"; }

 protected:
  void reset() override { q_ = at::Tensor(); }

  std::int64_t optimise(const TensorSet& data, const data::TrainSet& train, util::Engine& rng, at::Generator&,
                     FitReport& report) override {
    if (!data.group.defined() || train.num_groups < 1)
      throw std::invalid_argument("learner = \"gdro\" needs a training set with group ids (TrainSet::group)");
    const std::int64_t G = train.num_groups;
    const auto opts = at::TensorOptions().dtype(at::kFloat).device(device_);
    if (!q_.defined() || q_.size(0) != G) q_ = at::full({G}, 1.0 / G, opts);
    const at::Tensor counts = at::zeros({G}, opts).index_add_(0, data.group, at::ones({data.n}, opts));
    const at::Tensor adjust = spec_.gdro.adjustment / counts.clamp_min(1).sqrt();

    const auto params = net_.parameters();
    const std::int64_t steps = for_each_shuffled_batch(data, spec_.epochs, spec_.batch_size, rng, [&](const TensorSet& b) {
      const at::Tensor losses = per_example_loss(net_, b.x, b.y, b.w);
      const at::Tensor in_batch = at::zeros({G}, opts).index_add_(0, b.group, at::ones({b.n}, opts));
      const at::Tensor group_loss = at::zeros({G}, opts).index_add(0, b.group, losses) / in_batch.clamp_min(1);
      {
        at::NoGradGuard no_grad;
        q_ = q_ * at::exp(spec_.gdro.eta_q * (group_loss.detach() + adjust));
        q_ = q_ / q_.sum();
      }
      const at::Tensor robust = (group_loss * q_).sum();
      sgd_step(params, torch::autograd::grad({robust}, params), spec_.learning_rate, spec_.momentum,
               spec_.weight_decay, opt_);
    });
    const at::Tensor qc = q_.to(at::kCPU).to(at::kDouble).contiguous();
    report.group_weights.assign(qc.data_ptr<double>(), qc.data_ptr<double>() + G);
    return steps;
  }

  void save_state(std::ostream& out) const override { save_tensor(out, q_); }
  void load_state(std::istream& in) override {
    q_ = load_tensor(in);
    if (q_.defined()) q_ = q_.to(device_);
  }

 private:
  at::Tensor q_;  // group weights, carried over between warm-started fits
};

}  // namespace

std::unique_ptr<Learner> make_gdro_learner(const LearnerSpec& spec) { return std::make_unique<GdroLearner>(spec); }

}  // namespace aca::learn
