#include "learn/net.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace aca::learn {

namespace {

constexpr std::int64_t conv_kernel = 5;

at::Tensor uniform_param(std::vector<std::int64_t> shape, double bound, at::Generator& gen, at::ScalarType dtype) {
  // Drawn in double on the CPU from the learner's generator so that init is identical whatever dtype or device.
  at::Tensor t = at::empty(shape, at::TensorOptions().dtype(at::kDouble));
  t.uniform_(-bound, bound, gen);
  return t.to(dtype).set_requires_grad(true);
}

Layer linear(std::int64_t in, std::int64_t out, at::Generator& gen, at::ScalarType dtype) {
  Layer l;
  l.kind = LayerKind::linear;
  const double b = 1.0 / std::sqrt(static_cast<double>(in));
  l.weight = uniform_param({out, in}, b, gen, dtype);
  l.bias = uniform_param({out}, b, gen, dtype);
  return l;
}

Layer conv(std::int64_t cin, std::int64_t cout, at::Generator& gen, at::ScalarType dtype) {
  Layer l;
  l.kind = LayerKind::conv2d;
  l.padding = conv_kernel / 2;
  const double b = 1.0 / std::sqrt(static_cast<double>(cin * conv_kernel * conv_kernel));
  l.weight = uniform_param({cout, cin, conv_kernel, conv_kernel}, b, gen, dtype);
  l.bias = uniform_param({cout}, b, gen, dtype);
  return l;
}

Layer plain(LayerKind k) {
  Layer l;
  l.kind = k;
  return l;
}

at::Tensor run(const Net& net, const at::Tensor& x, Capture* cap) {
  std::vector<std::int64_t> shape{x.size(0)};
  shape.insert(shape.end(), net.input_shape.begin(), net.input_shape.end());
  at::Tensor a = x.reshape(shape);
  for (const Layer& l : net.layers) {
    switch (l.kind) {
      case LayerKind::linear: {
        at::Tensor z = at::addmm(l.bias, a, l.weight.t());
        if (cap) {
          cap->inputs.push_back(a);
          cap->outputs.push_back(z);
        }
        a = z;
        break;
      }
      case LayerKind::conv2d: {
        const at::Tensor in = a;
        a = at::conv2d(in, l.weight, l.bias, {1, 1}, {l.padding, l.padding});
        if (cap) {
          // DP-SGD needs the input (not differentiated through) and the gradient at the output.
          cap->inputs.push_back(in.detach());
          cap->outputs.push_back(a);
        }
        break;
      }
      case LayerKind::relu: a = at::relu(a); break;
      case LayerKind::maxpool2: a = at::max_pool2d(a, {2, 2}); break;
      case LayerKind::flatten: a = a.flatten(1); break;
    }
  }
  return a;
}

}  // namespace

std::vector<at::Tensor> Net::parameters() const {
  std::vector<at::Tensor> p;
  for (const Layer& l : layers)
    if (l.weight.defined()) {
      p.push_back(l.weight);
      p.push_back(l.bias);
    }
  return p;
}

std::int64_t Net::parameter_count() const {
  std::int64_t n = 0;
  for (const auto& p : parameters()) n += p.numel();
  return n;
}

at::Tensor Net::forward(const at::Tensor& x) const { return run(*this, x, nullptr); }

at::Tensor forward_capture(const Net& net, const at::Tensor& x, Capture& cap) {
  cap.inputs.clear();
  cap.outputs.clear();
  return run(net, x, &cap);
}

Net make_net(const ModelSpec& spec, const std::vector<std::int64_t>& shape, std::int64_t d, int classes,
             at::Generator& gen, at::ScalarType dtype) {
  Net net;
  if (spec.kind == "linear") {
    net.input_shape = {d};
    net.loss = Loss::squared;
    net.layers.push_back(linear(d, 1, gen, dtype));
    return net;
  }
  if (classes < 2) throw std::invalid_argument("the platform model needs at least 2 classes, got " + std::to_string(classes));
  net.input_shape = shape.empty() ? std::vector<std::int64_t>{d} : shape;
  if (spec.kind == "logistic" || spec.kind == "mlp") {
    net.input_shape = {d};
    std::int64_t in = d;
    if (spec.kind == "mlp")
      for (std::int64_t h : spec.hidden) {
        net.layers.push_back(linear(in, h, gen, dtype));
        net.layers.push_back(plain(LayerKind::relu));
        in = h;
      }
    net.layers.push_back(linear(in, classes, gen, dtype));
  } else if (spec.kind == "cnn") {
    if (shape.size() != 3 || shape[1] % 4 != 0 || shape[2] % 4 != 0)
      throw std::invalid_argument("platform.model.kind = \"cnn\" needs image rows of shape {C, H, W} with H and W "
                                  "divisible by 4 (e.g. {1, 28, 28}); this data set has no such shape");
    const std::int64_t c1 = 16, c2 = 32;
    net.layers.push_back(conv(shape[0], c1, gen, dtype));
    net.layers.push_back(plain(LayerKind::relu));
    net.layers.push_back(plain(LayerKind::maxpool2));
    net.layers.push_back(conv(c1, c2, gen, dtype));
    net.layers.push_back(plain(LayerKind::relu));
    net.layers.push_back(plain(LayerKind::maxpool2));
    net.layers.push_back(plain(LayerKind::flatten));
    net.layers.push_back(linear(c2 * (shape[1] / 4) * (shape[2] / 4), classes, gen, dtype));
  } else {
    throw std::invalid_argument("unknown model kind `" + spec.kind + "` (allowed: logistic, mlp, cnn, linear)");
  }
  return net;
}

void to_device(Net& net, const at::Device& device, at::ScalarType dtype) {
  for (Layer& l : net.layers)
    if (l.weight.defined()) {
      l.weight = l.weight.detach().to(device, dtype).set_requires_grad(true);
      l.bias = l.bias.detach().to(device, dtype).set_requires_grad(true);
    }
}

}  // namespace aca::learn
