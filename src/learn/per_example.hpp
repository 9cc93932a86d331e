#pragma once
// Learn-internal (includes ATen): gradients of a minibatch, plain (ERM) and per-example clipped (DP-SGD).
#include <ATen/ATen.h>

#include <vector>

#include "learn/gaussian_noise.hpp"
#include "learn/net.hpp"
#include "learn/step_phases.hpp"

namespace aca::learn {

/// Per-example losses [B] of the outputs `out` of `net` against `y` (times `w` when defined): cross-entropy on
/// long labels, or ½(out − y)² on float responses for Loss::squared.
at::Tensor loss_of_outputs(const Net& net, const at::Tensor& out, const at::Tensor& y, const at::Tensor& w);

/// Per-example losses [B] (times the sample weights `w` when defined): cross-entropy on labels y, or ½(θ·x̃ − y)²
/// on float responses y for the least-squares model.
at::Tensor per_example_loss(const Net& net, const at::Tensor& x, const at::Tensor& y, const at::Tensor& w);

/// Gradient of the mean weighted loss over the batch, one tensor per parameter (Net::parameters() order); times
/// its forward and backward passes into `phases` when given.
std::vector<at::Tensor> mean_gradient(const Net& net, const at::Tensor& x, const at::Tensor& y, const at::Tensor& w,
                                      StepPhases* phases = nullptr);

/// Per-example gradients clipped to norm C and summed, with the per-example norms before clipping.
struct ClippedSum {
  std::vector<at::Tensor> sum;  ///< Σ_i min(1, C/‖∇_i‖) ∇_i, one tensor per parameter
  at::Tensor norms;             ///< ‖∇_i‖ over all parameters, [B]
};

/// The fast way, without a loop over examples: one backward pass to the layer outputs z_l gives g_i; linear
/// layers use ‖∇W_i‖² = ‖a_i‖²‖g_i‖² and the clipped sum (c ⊙ g)ᵀa; conv layers materialise ∇W_i = g_i U_iᵀ
/// (U_i: the unfolded input) as the weight gradient of a grouped convolution, a chunk of examples at a time. `clip` may be +∞ (no clipping). Times its phases (forward, backward,
/// norms, clipped sum) into `phases` when given.
ClippedSum clipped_gradient_sum(const Net& net, const at::Tensor& x, const at::Tensor& y, const at::Tensor& w,
                                double clip, StepPhases* phases = nullptr);

/// The test oracle: one backward pass per example. Same result as clipped_gradient_sum, B times slower.
ClippedSum clipped_gradient_sum_loop(const Net& net, const at::Tensor& x, const at::Tensor& y, const at::Tensor& w,
                                     double clip);

/// DP-SGD's gradient estimate: (sum + N(0, σ²C²) per coordinate) / normaliser, the noise drawn in float32 from
/// `noise` on the CPU (so that a seed gives the same noise on any device), parameter by parameter.
std::vector<at::Tensor> noisy_gradient(const std::vector<at::Tensor>& sum, double sigma, double clip,
                                       double normaliser, GaussianNoise& noise);

/// Momentum-SGD state (one buffer per parameter, empty before the first step).
struct SgdState {
  std::vector<at::Tensor> momentum;
};

/// One SGD step as torch.optim.SGD takes it: g += wd·p; buf = m·buf + g (buf = g at first); p -= lr·buf.
void sgd_step(const std::vector<at::Tensor>& params, const std::vector<at::Tensor>& grads, double lr,
              double momentum, double weight_decay, SgdState& state);

}  // namespace aca::learn
