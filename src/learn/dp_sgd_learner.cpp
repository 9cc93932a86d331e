// dp_sgd: DP-SGD (Abadi et al. 2016) as Opacus implements it — Poisson-sampled batches, flat per-example
// clipping to C, Gaussian noise N(0, σ²C²), division by the expected batch size qN — with the RDP accountant.
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "learn/accountant.hpp"
#include "learn/poisson_sampling.hpp"
#include "learn/prv_accountant.hpp"
#include "learn/state_io.hpp"
#include "learn/torch_learner.hpp"

namespace aca::learn {

namespace {

class DpSgdLearner final : public TorchLearner {
 public:
  explicit DpSgdLearner(const LearnerSpec& spec) : TorchLearner(spec) {
    const auto& p = spec_.privacy;
    if (p.noise_multiplier.has_value() == p.target_epsilon.has_value())
      throw std::invalid_argument("dp_sgd needs exactly one of privacy.noise_multiplier and privacy.target_epsilon");
    if (p.accountant != "rdp" && p.accountant != "prv")
      throw std::invalid_argument("privacy.accountant = \"" + p.accountant + "\": allowed rdp, prv");
    if (!(p.clip > 0)) throw std::invalid_argument("privacy.clip must be > 0");
  }
  std::string name() const override { return "dp_sgd"; }
  PrivacyReport privacy() const override { return report_; }

 protected:
  void reset() override {
    accountant_ = RdpAccountant();
    phases_.clear();
  }

  std::int64_t optimise(const TensorSet& data, const data::TrainSet&, util::Engine& rng, at::Generator& gen,
                     FitReport&) override {
    const auto& p = spec_.privacy;
    const bool poisson = p.sampling == "poisson";
    const double q = std::min(1.0, static_cast<double>(spec_.batch_size) / data.n);
    const std::int64_t steps = static_cast<std::int64_t>(spec_.epochs) * steps_per_epoch(data.n, spec_.batch_size);
    const bool prv = p.accountant == "prv" && q < 1;  // at q = 1 RDP is exact and PRV has nothing to sample
    const double sigma = p.noise_multiplier ? *p.noise_multiplier
                         : prv              ? prv_noise_multiplier_for(*p.target_epsilon, p.delta, q, steps)
                                            : noise_multiplier_for(*p.target_epsilon, p.delta, q, steps);
    // Opacus divides by the expected batch size under Poisson sampling; fixed batches by their size.
    const double normaliser = poisson ? q * data.n : static_cast<double>(std::min(spec_.batch_size, data.n));
    const auto params = net_.parameters();

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
      sgd_step(params, noisy_gradient(sum, sigma, p.clip, normaliser, gen), spec_.learning_rate, spec_.momentum,
               spec_.weight_decay, opt_);
    }

    accountant_.add(q, sigma, steps);
    phases_.push_back({q, sigma, steps});
    const auto e = accountant_.epsilon(p.delta);
    report_.is_private = true;
    report_.epsilon = e.epsilon;
    report_.order = e.order;
    report_.accountant = "rdp";
    const bool all_sampled =
        std::all_of(phases_.begin(), phases_.end(), [](const MechanismPhase& m) { return m.sample_rate < 1; });
    if (p.accountant == "prv" && all_sampled) {
      report_.epsilon = prv_epsilon(phases_, p.delta).upper;
      report_.order = 0;
      report_.accountant = "prv";
    }
    report_.delta = p.delta;
    report_.noise_multiplier = sigma;
    report_.clip = p.clip;
    report_.sample_rate = q;
    report_.steps = accountant_.steps();
    report_.epsilon_holds = poisson;
    return steps;
  }

  void save_state(std::ostream& out) const override {
    state_io::put_vector(out, phases_);
    const PrivacyReport& r = report_;
    state_io::put<std::uint8_t>(out, r.is_private);
    for (double v : {r.epsilon, r.delta, r.noise_multiplier, r.clip, r.sample_rate, r.order}) state_io::put(out, v);
    state_io::put(out, r.steps);
    state_io::put_tag(out, r.accountant);
    state_io::put<std::uint8_t>(out, r.epsilon_holds);
  }

  void load_state(std::istream& in) override {
    phases_ = state_io::get_vector<MechanismPhase>(in);
    // Replaying the same additions in the same order reproduces the RDP account bit for bit.
    accountant_ = RdpAccountant();
    for (const auto& m : phases_) accountant_.add(m.sample_rate, m.noise_multiplier, m.steps);
    PrivacyReport& r = report_;
    r.is_private = state_io::get<std::uint8_t>(in) != 0;
    for (double* v : {&r.epsilon, &r.delta, &r.noise_multiplier, &r.clip, &r.sample_rate, &r.order})
      *v = state_io::get<double>(in);
    r.steps = state_io::get<std::int64_t>(in);
    const auto acc = state_io::get_vector<char>(in);
    r.accountant.assign(acc.begin(), acc.end());
    r.epsilon_holds = state_io::get<std::uint8_t>(in) != 0;
  }

 private:
  RdpAccountant accountant_;
  std::vector<MechanismPhase> phases_;  // the same history, for the PRV accountant
  PrivacyReport report_;
};

}  // namespace

std::unique_ptr<Learner> make_dp_sgd_learner(const LearnerSpec& spec) {
  return std::make_unique<DpSgdLearner>(spec);
}

}  // namespace aca::learn
