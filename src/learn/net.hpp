#pragma once
// Learn-internal (includes ATen): the models as explicit layer lists, so that DP-SGD can read every layer's
// input and the gradient at its output, which is all the per-example gradient identities need.
#include <ATen/ATen.h>

#include <cstdint>
#include <vector>

#include "learn/learner.hpp"

namespace aca::learn {

/// Kinds of layer the models use.
enum class LayerKind { linear, conv2d, relu, maxpool2, flatten };

/// One layer; weight/bias are defined for linear ([out, in], [out]) and conv2d ([cout, cin, k, k], [cout]).
struct Layer {
  LayerKind kind = LayerKind::relu;
  at::Tensor weight;         ///< parameter (requires grad)
  at::Tensor bias;           ///< parameter (requires grad)
  std::int64_t padding = 0;  ///< conv2d: zero padding on each side (stride 1)
};

/// Training loss of a model: cross-entropy on integer labels (classifiers) or ½(output − r)² on real
/// responses (the least-squares `linear` model, one output).
enum class Loss { cross_entropy, squared };

/// A feed-forward network.
struct Net {
  std::vector<Layer> layers;              ///< in order
  Loss loss = Loss::cross_entropy;        ///< what its outputs are trained against
  std::vector<std::int64_t> input_shape;  ///< per-example input shape, e.g. {784} or {1, 28, 28}
  /// Weights and biases of the parametric layers, in layer order (weight, bias, weight, bias, ...).
  std::vector<at::Tensor> parameters() const;
  /// Number of scalar parameters.
  std::int64_t parameter_count() const;
  /// Outputs (logits, or the linear model's prediction [B, 1]) for flat inputs x [B, d].
  at::Tensor forward(const at::Tensor& x) const;
};

/// What a forward pass exposes to DP-SGD, per parametric layer: its input (linear: [B, in]; conv2d: [B, cin, H, W])
/// and its output (linear: [B, out]; conv2d: [B, cout, H, W]).
struct Capture {
  std::vector<at::Tensor> inputs;   ///< a_l
  std::vector<at::Tensor> outputs;  ///< z_l
};

/// Logits for flat inputs x [B, d], recording each parametric layer's input and output in `cap`.
at::Tensor forward_capture(const Net& net, const at::Tensor& x, Capture& cap);

/// A seeded model for rows of `shape` (flat {d} when empty) and `classes` labels: logistic regression, an MLP
/// with `spec.hidden` ReLU layers, a CNN (two 5×5 conv + ReLU + 2×2 max-pool blocks of 16 and 32 channels,
/// then a linear layer; needs a {C, H, W} shape with H and W divisible by 4), or the least-squares `linear`
/// model (one linear layer with one output, squared loss; `classes` unused). Init U(±1/sqrt(fan_in)).
Net make_net(const ModelSpec& spec, const std::vector<std::int64_t>& shape, std::int64_t d, int classes,
             at::Generator& gen, at::ScalarType dtype = at::kFloat);

/// Moves (and casts) every parameter; they stay leaves that require grad.
void to_device(Net& net, const at::Device& device, at::ScalarType dtype);

}  // namespace aca::learn
