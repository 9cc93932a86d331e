#include "learn/per_example.hpp"

#include <torch/csrc/autograd/autograd.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace aca::learn {

at::Tensor loss_of_outputs(const Net& net, const at::Tensor& out, const at::Tensor& y, const at::Tensor& w) {
  at::Tensor l = net.loss == Loss::squared ? 0.5 * (out.squeeze(1) - y).pow(2)
                                           : at::nll_loss(at::log_softmax(out, 1), y, {}, at::Reduction::None);
  return w.defined() ? l * w : l;
}

at::Tensor per_example_loss(const Net& net, const at::Tensor& x, const at::Tensor& y, const at::Tensor& w) {
  return loss_of_outputs(net, net.forward(x), y, w);
}

std::vector<at::Tensor> mean_gradient(const Net& net, const at::Tensor& x, const at::Tensor& y, const at::Tensor& w,
                                      StepPhases* phases) {
  PhaseClock clock(phases);
  const at::Tensor loss = per_example_loss(net, x, y, w).mean();
  clock.lap(&StepPhases::forward);
  auto grads = torch::autograd::grad({loss}, net.parameters());
  clock.lap(&StepPhases::backward);
  return grads;
}

namespace {

// min(1, C/(‖∇_i‖ + 1e-6)) as Opacus computes it; C = ∞ leaves every gradient as it is.
at::Tensor clip_factors(const at::Tensor& norms, double clip) {
  if (std::isinf(clip)) return at::ones_like(norms);
  return (clip / (norms + 1e-6)).clamp_max(1.0);
}

// ‖t_i‖² of each row of t [B, n], in one reduction without t² as a temporary (t.pow(2).sum(1) writes one).
at::Tensor squared_norms(const at::Tensor& t) { return at::linalg_vector_norm(t, 2, {1}, false, {}).pow_(2); }

// Per-example weight gradients ∇W_i [B, cout, cin·k·k] of conv layer `l` from its input a [B, cin, H, W] and output
// gradient g [B, cout, H, W], as the weight gradient of one grouped convolution that sees the examples of a chunk
// as groups (Rochette, Manoel & Tramel 2019, "Efficient per-example gradient computations in convolutional neural
// networks"): the convolution backend computes it directly from a, where ATen 1.13's im2col followed by bmm took
// three times as long, and the whole batch unfolded (80 MB for the CNN's second layer at B = 256) was page-faulted
// afresh every step. Chunks of 32 examples were the fastest of 8, 32 and 256 (one thread, acasim-bench's CNN).
// The rest of a Poisson batch goes in chunks of powers of two, so that the backend meets at most six chunk shapes
// rather than a new one at almost every step (oneDNN prepares its kernels per shape; not measured to matter here).
at::Tensor conv_per_example_grads(const Layer& l, const at::Tensor& a, const at::Tensor& g) {
  constexpr std::int64_t chunk = 32;
  const std::int64_t n = a.size(0), cin = a.size(1), cout = g.size(1), k = l.weight.size(2);
  at::Tensor out = at::empty({n, cout, cin * k * k}, g.options());
  for (std::int64_t s = 0, m = chunk; s < n; s += m) {
    while (m > n - s) m /= 2;
    const at::Tensor gs = g.narrow(0, s, m).reshape({1, m * cout, g.size(2), g.size(3)});
    const at::Tensor as = a.narrow(0, s, m).reshape({1, m * cin, a.size(2), a.size(3)});
    // Only the weight's shape is read: the gradient with respect to the weight does not depend on it.
    const at::Tensor shape = at::empty({m * cout, cin, k, k}, g.options());
    const at::Tensor wg = std::get<1>(at::convolution_backward(gs, as, shape, at::nullopt, {1, 1},
                                                               {l.padding, l.padding}, {1, 1}, false, {0, 0}, m,
                                                               {false, true, false}));
    out.narrow(0, s, m).copy_(wg.view({m, cout, cin * k * k}));
  }
  return out;
}

}  // namespace

ClippedSum clipped_gradient_sum(const Net& net, const at::Tensor& x, const at::Tensor& y, const at::Tensor& w,
                                double clip, StepPhases* phases) {
  PhaseClock clock(phases);
  Capture cap;
  const at::Tensor logits = forward_capture(net, x, cap);
  const at::Tensor loss = loss_of_outputs(net, logits, y, w);
  clock.lap(&StepPhases::forward);
  // The summed loss makes ∂/∂z_i example i's own output gradient, unscaled by the batch size.
  const std::vector<at::Tensor> g = torch::autograd::grad({loss.sum()}, cap.outputs);
  clock.lap(&StepPhases::backward);

  at::NoGradGuard no_grad;
  std::vector<const Layer*> parametric;  // the layer of each captured input
  for (const Layer& l : net.layers)
    if (l.weight.defined()) parametric.push_back(&l);
  const std::size_t layers = cap.inputs.size();
  std::vector<at::Tensor> conv_grads(layers);  // per-example weight gradients of conv layers [B, cout, K]
  at::Tensor sq = at::zeros({x.size(0)}, logits.options());
  for (std::size_t l = 0; l < layers; ++l) {
    const at::Tensor& a = cap.inputs[l];
    if (a.dim() == 2) {  // linear: ‖∇W_i‖² = ‖a_i‖²‖g_i‖², ‖∇b_i‖² = ‖g_i‖²
      sq += squared_norms(g[l]) * (squared_norms(a) + 1);
    } else {  // conv: ∇W_i = g_i U_iᵀ (U_i: the unfolded input), ∇b_i = Σ_positions g_i
      const at::Tensor gl = g[l].flatten(2);  // [B, cout, L]
      conv_grads[l] = conv_per_example_grads(*parametric[l], a, g[l]);
      sq += squared_norms(conv_grads[l].flatten(1)) + squared_norms(gl.sum(2));
    }
  }
  ClippedSum out;
  out.norms = sq.sqrt();
  const at::Tensor c = clip_factors(out.norms, clip);
  clock.lap(&StepPhases::norms);
  for (std::size_t l = 0; l < layers; ++l) {
    const at::Tensor& a = cap.inputs[l];
    if (a.dim() == 2) {
      const at::Tensor cg = g[l] * c.unsqueeze(1);
      out.sum.push_back(at::matmul(cg.t(), a));  // Σ_i c_i g_i a_iᵀ as one product
      out.sum.push_back(cg.sum(0));
    } else {
      out.sum.push_back(at::tensordot(c, conv_grads[l], {0}, {0}));  // Σ_i c_i ∇W_i, [cout, cin·k·k]
      out.sum.push_back((g[l].flatten(2).sum(2) * c.unsqueeze(1)).sum(0));
    }
  }
  // Give each gradient its parameter's shape (conv weights come out as [cout, cin·k·k]).
  const auto params = net.parameters();
  for (std::size_t k = 0; k < params.size(); ++k) out.sum[k] = out.sum[k].reshape(params[k].sizes());
  clock.lap(&StepPhases::clipped_sum);
  return out;
}

ClippedSum clipped_gradient_sum_loop(const Net& net, const at::Tensor& x, const at::Tensor& y, const at::Tensor& w,
                                     double clip) {
  const auto params = net.parameters();
  const auto n = x.size(0);
  ClippedSum out;
  for (const auto& p : params) out.sum.push_back(at::zeros_like(p).detach());
  out.norms = at::zeros({n}, x.options().dtype(params.front().scalar_type()));
  for (std::int64_t i = 0; i < n; ++i) {
    const at::Tensor wi = w.defined() ? w.slice(0, i, i + 1) : at::Tensor();
    const at::Tensor loss = per_example_loss(net, x.slice(0, i, i + 1), y.slice(0, i, i + 1), wi).sum();
    const auto grads = torch::autograd::grad({loss}, params);
    at::NoGradGuard no_grad;
    at::Tensor sq = at::zeros({}, out.norms.options());
    for (const auto& gr : grads) sq += gr.pow(2).sum();
    const at::Tensor norm = sq.sqrt();
    out.norms[i] = norm;
    const at::Tensor c = clip_factors(norm, clip);
    for (std::size_t k = 0; k < params.size(); ++k) out.sum[k] += grads[k] * c;
  }
  return out;
}

std::vector<at::Tensor> noisy_gradient(const std::vector<at::Tensor>& sum, double sigma, double clip,
                                       double normaliser, GaussianNoise& noise) {
  at::NoGradGuard no_grad;
  std::vector<at::Tensor> out;
  out.reserve(sum.size());
  for (const auto& s : sum) {
    if (sigma == 0) {
      out.push_back(s / normaliser);
      continue;
    }
    // One pass draws N(0, (σC)²) directly; the sum is then added and scaled in place.
    at::Tensor g = at::empty(s.sizes(), at::TensorOptions().dtype(at::kFloat));
    noise.fill(g.data_ptr<float>(), g.numel(), sigma * clip);
    if (g.device() != s.device() || g.scalar_type() != s.scalar_type()) g = g.to(s.device(), s.scalar_type());
    out.push_back(g.add_(s).div_(normaliser));
  }
  return out;
}

void sgd_step(const std::vector<at::Tensor>& params, const std::vector<at::Tensor>& grads, double lr,
              double momentum, double weight_decay, SgdState& state) {
  at::NoGradGuard no_grad;
  const bool first = state.momentum.empty();
  if (first && momentum != 0) state.momentum.resize(params.size());
  for (std::size_t k = 0; k < params.size(); ++k) {
    at::Tensor g = grads[k];
    if (weight_decay != 0) g = g + weight_decay * params[k];
    if (momentum != 0) {
      if (!state.momentum[k].defined())
        state.momentum[k] = g.clone();
      else
        state.momentum[k].mul_(momentum).add_(g);
      g = state.momentum[k];
    }
    params[k].add_(g, -lr);
  }
}

}  // namespace aca::learn
