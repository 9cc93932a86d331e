#pragma once
// One model's privacy account over its fits (every fit of a warm-started model): the fits' (q, σ, steps), composed
// by the RDP accountant or the PRV accountant, and the PrivacyReport they add up to; saved into learner checkpoints.
// dp_sgd and the ensemble's dp_sgd members keep one each. LibTorch-free.
#include <cstdint>
#include <iosfwd>
#include <vector>

#include "learn/accountant.hpp"
#include "learn/learner.hpp"
#include "learn/prv_accountant.hpp"

namespace aca::learn {

/// Throws std::invalid_argument unless `p` sets exactly one of σ and target ε, names a known accountant and C > 0.
void check_privacy_spec(const PrivacySpec& p);

/// σ of a fit of `steps` steps at sample rate q: `p.noise_multiplier`, or the smallest σ meeting `p.target_epsilon`
/// under `p.accountant` (RDP at q = 1).
double fit_noise_multiplier(const PrivacySpec& p, double q, std::int64_t steps);

/// True when some σ up to max_calibrated_noise_multiplier meets `p.target_epsilon` for a fit of `steps` steps at
/// sample rate q under `p.accountant` (what fit_noise_multiplier needs in order not to throw).
bool target_epsilon_reachable(const PrivacySpec& p, double q, std::int64_t steps);

/// A privacy account: the fits recorded so far and the report they give.
class PrivacyLedger {
 public:
  /// Records a fit of `steps` steps at sample rate q and noise multiplier σ under `p` (δ, C, accountant,
  /// sampling) and recomputes the report over all fits recorded.
  void add(double q, double sigma, std::int64_t steps, const PrivacySpec& p);
  /// Privacy spent by the fits recorded (the empty report before the first).
  const PrivacyReport& report() const { return report_; }
  /// The fits recorded, oldest first.
  const std::vector<MechanismPhase>& fits() const { return fits_; }
  /// Writes the fits (count first), then the report (write_report): dp_sgd's checkpoint state.
  void save(std::ostream& out) const;
  /// Restores what save() wrote; throws std::runtime_error for a truncated input.
  void load(std::istream& in);

 private:
  RdpAccountant accountant_;
  std::vector<MechanismPhase> fits_;  // the same history, for the PRV accountant
  PrivacyReport report_;
};

/// Writes `r` with util/binary_io.hpp: is_private, ε, δ, σ, C, q, order, steps, accountant, epsilon_holds.
void write_report(std::ostream& out, const PrivacyReport& r);
/// Reads what write_report() wrote; throws std::runtime_error for a truncated input.
PrivacyReport read_report(std::istream& in);

}  // namespace aca::learn
