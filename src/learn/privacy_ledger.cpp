// The accounting of DP-SGD as Opacus 1.4 does it (opacus/accountants/rdp.py, prv.py): the fits of a model are
// composed, and ε is read off the composition at δ after each fit.
#include "learn/privacy_ledger.hpp"

#include <algorithm>
#include <istream>
#include <ostream>
#include <stdexcept>

#include "util/binary_io.hpp"

namespace aca::learn {

void check_privacy_spec(const PrivacySpec& p) {
  if (p.noise_multiplier.has_value() == p.target_epsilon.has_value())
    throw std::invalid_argument("dp_sgd needs exactly one of privacy.noise_multiplier and privacy.target_epsilon");
  if (p.accountant != "rdp" && p.accountant != "prv")
    throw std::invalid_argument("privacy.accountant = \"" + p.accountant + "\": allowed rdp, prv");
  if (!(p.clip > 0)) throw std::invalid_argument("privacy.clip must be > 0");
}

double fit_noise_multiplier(const PrivacySpec& p, double q, std::int64_t steps) {
  if (p.noise_multiplier) return *p.noise_multiplier;
  const bool prv = p.accountant == "prv" && q < 1;  // at q = 1 RDP is exact and PRV has nothing to sample
  return prv ? prv_noise_multiplier_for(*p.target_epsilon, p.delta, q, steps)
             : noise_multiplier_for(*p.target_epsilon, p.delta, q, steps);
}

bool target_epsilon_reachable(const PrivacySpec& p, double q, std::int64_t steps) {
  if (!p.target_epsilon) return true;
  // ε falls as σ grows, so the calibration succeeds exactly when the largest σ it tries is enough.
  const double sigma = max_calibrated_noise_multiplier;
  if (p.accountant != "prv" || q >= 1) return rdp_epsilon(q, sigma, steps, p.delta).epsilon <= *p.target_epsilon;
  try {
    return prv_epsilon({{q, sigma, steps}}, p.delta).upper <= *p.target_epsilon;
  } catch (const std::runtime_error&) {
    return false;
  }
}

void PrivacyLedger::add(double q, double sigma, std::int64_t steps, const PrivacySpec& p) {
  accountant_.add(q, sigma, steps);
  fits_.push_back({q, sigma, steps});
  const auto e = accountant_.epsilon(p.delta);
  PrivacyReport& r = report_;
  r.is_private = true;
  r.epsilon = e.epsilon;
  r.order = e.order;
  r.accountant = "rdp";
  // PRV composes only sampled steps; one unsampled fit (q = 1) leaves the whole account to RDP, which is exact there.
  const bool all_sampled =
      std::all_of(fits_.begin(), fits_.end(), [](const MechanismPhase& m) { return m.sample_rate < 1; });
  if (p.accountant == "prv" && all_sampled) {
    r.epsilon = prv_epsilon(fits_, p.delta).upper;
    r.order = 0;
    r.accountant = "prv";
  }
  r.delta = p.delta;
  r.noise_multiplier = sigma;
  r.clip = p.clip;
  r.sample_rate = q;
  r.steps = accountant_.steps();
  r.epsilon_holds = p.sampling == "poisson";  // both accountants assume Poisson sampling
}

void PrivacyLedger::save(std::ostream& out) const {
  util::binary::put_vector(out, fits_);
  write_report(out, report_);
}

void PrivacyLedger::load(std::istream& in) {
  fits_ = util::binary::get_vector<MechanismPhase>(in);
  // Replaying the same additions in the same order reproduces the RDP account bit for bit.
  accountant_ = RdpAccountant();
  for (const auto& m : fits_) accountant_.add(m.sample_rate, m.noise_multiplier, m.steps);
  report_ = read_report(in);
}

void write_report(std::ostream& out, const PrivacyReport& r) {
  using util::binary::put;
  put<std::uint8_t>(out, r.is_private);
  for (double v : {r.epsilon, r.delta, r.noise_multiplier, r.clip, r.sample_rate, r.order}) put(out, v);
  put<std::int64_t>(out, r.steps);
  util::binary::put_string(out, r.accountant);
  put<std::uint8_t>(out, r.epsilon_holds);
}

PrivacyReport read_report(std::istream& in) {
  using util::binary::get;
  PrivacyReport r;
  r.is_private = get<std::uint8_t>(in) != 0;
  for (double* v : {&r.epsilon, &r.delta, &r.noise_multiplier, &r.clip, &r.sample_rate, &r.order}) *v = get<double>(in);
  r.steps = get<std::int64_t>(in);
  r.accountant = util::binary::get_string(in);
  r.epsilon_holds = get<std::uint8_t>(in) != 0;
  return r;
}

}  // namespace aca::learn
