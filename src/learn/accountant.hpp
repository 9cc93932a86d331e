#pragma once
// Rényi-DP accountant for the Poisson-sampled Gaussian mechanism (DP-SGD), computed exactly as Opacus 1.4's
// RDPAccountant does (Mironov, Talwar, Zhang 2019; conversion to (ε, δ) by Balle et al. 2020). No LibTorch.
#include <cstdint>
#include <vector>

namespace aca::learn {

/// Opacus's default RDP orders: 1.1, 1.2, …, 10.9 and 12, 13, …, 63.
std::vector<double> default_rdp_orders();

/// RDP of one step of the sampled Gaussian mechanism (sample rate q, noise multiplier σ) at order α > 1.
/// q = 0 → 0; σ = 0 → ∞; q = 1 → α/(2σ²); integer α by the binomial expansion, fractional α by the
/// two-sided series.
double rdp_sampled_gaussian(double q, double sigma, double alpha);

/// RDP after `steps` compositions of the mechanism, one value per order.
std::vector<double> rdp_composed(double q, double sigma, std::int64_t steps, const std::vector<double>& orders);

/// An (ε, δ) guarantee and the RDP order that gave it.
struct EpsilonAtOrder {
  double epsilon = 0;  ///< smallest ε over the orders (∞ when every order gives NaN)
  double order = 0;    ///< the order attaining it (NaN when none)
};

/// Converts RDP values to ε at `delta` with the improved conversion
/// ε = rdp − (log δ + log α)/(α − 1) + log((α − 1)/α), minimised over the orders (NaNs ignored).
EpsilonAtOrder rdp_to_epsilon(const std::vector<double>& orders, const std::vector<double>& rdp, double delta);

/// ε after `steps` steps at sample rate q and noise multiplier σ (default orders).
EpsilonAtOrder rdp_epsilon(double q, double sigma, std::int64_t steps, double delta);

/// The largest σ a target-ε calibration tries (10·2^16): a target ε that needs a larger σ is out of reach.
inline constexpr double max_calibrated_noise_multiplier = 655360;

/// Smallest noise multiplier (found by bisection) whose ε after `steps` steps is ≤ target_epsilon and within
/// `relative_tolerance` of it; 0 for target_epsilon = ∞ (non-private). Throws std::invalid_argument when the budget
/// cannot be met (σ would exceed max_calibrated_noise_multiplier).
double noise_multiplier_for(double target_epsilon, double delta, double q, std::int64_t steps,
                            double relative_tolerance = 0.01);

/// Running RDP account over several phases of training (e.g. the fits of a warm-started model).
class RdpAccountant {
 public:
  /// An accountant over `orders` (default: Opacus's orders) with nothing spent.
  explicit RdpAccountant(std::vector<double> orders = default_rdp_orders());
  /// Records `steps` more steps at sample rate q and noise multiplier σ.
  void add(double q, double sigma, std::int64_t steps);
  /// ε spent so far at `delta` (0 when nothing was recorded).
  EpsilonAtOrder epsilon(double delta) const;
  /// Total steps recorded.
  std::int64_t steps() const { return steps_; }

 private:
  std::vector<double> orders_;
  std::vector<double> rdp_;
  std::int64_t steps_ = 0;
};

}  // namespace aca::learn
