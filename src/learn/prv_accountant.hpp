#pragma once
// PRV accountant (Gopi, Lee, Wutschitz 2021) for the Poisson-sampled Gaussian mechanism, with the domain, mesh
// and error conventions of Opacus 1.4's PRVAccountant: the privacy-loss random variable of one step is
// discretised on a uniform mesh, composed by FFT, and ε is read off the composed distribution. Tighter than RDP.
#include <cstdint>
#include <vector>

namespace aca::learn {

/// One phase of training: `steps` steps at sample rate q and noise multiplier σ.
struct MechanismPhase {
  double sample_rate = 0;       ///< q
  double noise_multiplier = 0;  ///< σ
  std::int64_t steps = 0;       ///< T
};

/// ε bounds from the PRV accountant.
struct PrvEpsilon {
  double lower = 0;     ///< ε(δ + δ_err) − ε_err
  double estimate = 0;  ///< ε(δ)
  double upper = 0;     ///< ε(δ − δ_err) + ε_err: the guarantee (what Opacus's get_epsilon returns)
};

/// ε after the phases at `delta`, to within `eps_error` (δ_err = δ/1000 when `delta_error` ≤ 0).
/// Throws std::runtime_error where the discretisation cannot be trusted (as Opacus does: the discrete mean
/// drifts by half a mesh step or more, or the loss domain is too wide for double precision).
PrvEpsilon prv_epsilon(const std::vector<MechanismPhase>& phases, double delta, double eps_error = 0.01,
                       double delta_error = 0);

/// Smallest noise multiplier (bisection) whose PRV upper ε after `steps` steps is ≤ target_epsilon and within
/// `relative_tolerance` of it; 0 for target_epsilon = ∞ (non-private). Throws std::invalid_argument when the budget
/// cannot be met.
double prv_noise_multiplier_for(double target_epsilon, double delta, double q, std::int64_t steps,
                                double relative_tolerance = 0.01);

/// CDF of the privacy loss of one Poisson-sampled Gaussian step at t (0 below log(1 − q)).
double prv_cdf(double q, double sigma, double t);

}  // namespace aca::learn
