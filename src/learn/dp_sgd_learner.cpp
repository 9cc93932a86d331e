// dp_sgd: DP-SGD (Abadi et al. 2016) as Opacus implements it — Poisson-sampled batches, flat per-example
// clipping to C, Gaussian noise N(0, σ²C²), division by the expected batch size qN — accounted by a PrivacyLedger
// (RDP, or PRV where chosen).
#include <algorithm>

#include "learn/gaussian_noise.hpp"
#include "learn/poisson_sampling.hpp"
#include "learn/privacy_ledger.hpp"
#include "learn/torch_learner.hpp"

namespace aca::learn {

namespace {

class DpSgdLearner final : public TorchLearner {
 public:
  explicit DpSgdLearner(const LearnerSpec& spec) : TorchLearner(spec) { check_privacy_spec(spec_.privacy); }
  std::string name() const override { return "dp_sgd"; }
  PrivacyReport privacy() const override { return ledger_.report(); }

 protected:
  void reset() override { ledger_ = PrivacyLedger(); }

  std::int64_t optimise(const TensorSet& data, const data::TrainSet&, util::Engine& rng, at::Generator& gen,
                     FitReport&) override {
    const auto& p = spec_.privacy;
    const bool poisson = p.sampling == "poisson";
    const double q = std::min(1.0, static_cast<double>(spec_.batch_size) / data.n);
    const std::int64_t steps = static_cast<std::int64_t>(spec_.epochs) * steps_per_epoch(data.n, spec_.batch_size);
    const double sigma = fit_noise_multiplier(p, q, steps);
    // Opacus divides by the expected batch size under Poisson sampling; fixed batches by their size.
    const double normaliser = poisson ? q * data.n : static_cast<double>(std::min(spec_.batch_size, data.n));
    const auto params = net_.parameters();
    // The noise's own stream, named and derived from the fit's seed (the one LibTorch's generator was given).
    GaussianNoise noise(noise_seed(gen.current_seed()));

    ShuffledBatches shuffled(data.n, spec_.batch_size);
    for (std::int64_t t = 0; t < steps; ++t) {
      const std::vector<std::int64_t> idx = poisson ? poisson_sample(data.n, q, rng) : shuffled.next(rng);
      std::vector<at::Tensor> sum;
      if (idx.empty()) {  // an empty Poisson batch still takes a step: noise only
        for (const auto& w : params) sum.push_back(at::zeros_like(w).detach());
      } else {
        const TensorSet b = rows(data, idx);
        sum = clipped_gradient_sum(net_, b.x, b.y, b.w, p.clip).sum;
      }
      sgd_step(params, noisy_gradient(sum, sigma, p.clip, normaliser, noise), spec_.learning_rate, spec_.momentum,
               spec_.weight_decay, opt_);
    }
    ledger_.add(q, sigma, steps, p);
    return steps;
  }

  void save_state(std::ostream& out) const override { ledger_.save(out); }
  void load_state(std::istream& in) override { ledger_.load(in); }

 private:
  PrivacyLedger ledger_;  // composed over the fits since the last reset()
};

}  // namespace

std::unique_ptr<Learner> make_dp_sgd_learner(const LearnerSpec& spec) {
  return std::make_unique<DpSgdLearner>(spec);
}

}  // namespace aca::learn
