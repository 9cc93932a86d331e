#include "learn/torch_learner.hpp"

#include <ATen/CPUGeneratorImpl.h>

#include <istream>
#include <ostream>
#include <stdexcept>
#include <string>

#include "learn/state_io.hpp"
#include "learn/torch_errors.hpp"

namespace aca::learn {

namespace {

constexpr std::int64_t predict_chunk = 2048;  // rows per forward pass outside training

// from_blob never writes through the pointer here: every tensor made from a TrainSet is only read.
at::Tensor view_of(const std::vector<float>& v, std::vector<std::int64_t> shape) {
  return at::from_blob(const_cast<float*>(v.data()), shape, at::kFloat);
}

}  // namespace

at::Tensor index_tensor(const std::vector<std::int64_t>& idx, const at::Device& device) {
  return at::from_blob(const_cast<std::int64_t*>(idx.data()), {static_cast<std::int64_t>(idx.size())}, at::kLong)
      .to(device, /*non_blocking=*/false, /*copy=*/true);
}

TensorSet tensor_set(const data::TrainSet& t, const at::Device& device) {
  TensorSet s;
  s.n = t.n;
  s.x = view_of(t.x, {t.n, t.d}).to(device);
  s.y = at::from_blob(const_cast<std::int64_t*>(t.y.data()), {t.n}, at::kLong).to(device);
  if (!t.weight.empty()) s.w = view_of(t.weight, {t.n}).to(device);
  if (!t.group.empty())
    s.group = at::from_blob(const_cast<std::int32_t*>(t.group.data()), {t.n}, at::kInt).to(device, at::kLong);
  return s;
}

void save_tensor(std::ostream& out, const at::Tensor& t) {
  state_io::put<std::uint8_t>(out, t.defined() ? 1 : 0);
  if (!t.defined()) return;
  const at::Tensor c = t.detach().to(at::kCPU).contiguous();
  state_io::put<std::int32_t>(out, static_cast<std::int32_t>(c.scalar_type()));
  state_io::put_vector(out, c.sizes().vec());
  const auto bytes = static_cast<std::streamsize>(c.numel() * c.element_size());
  out.write(static_cast<const char*>(c.data_ptr()), bytes);
}

at::Tensor load_tensor(std::istream& in) {
  if (state_io::get<std::uint8_t>(in) == 0) return at::Tensor();
  const auto type = static_cast<at::ScalarType>(state_io::get<std::int32_t>(in));
  const auto shape = state_io::get_vector<std::int64_t>(in);
  at::Tensor t = at::empty(shape, at::TensorOptions().dtype(type));
  const auto bytes = static_cast<std::streamsize>(t.numel() * t.element_size());
  if (bytes && !in.read(static_cast<char*>(t.data_ptr()), bytes)) throw std::runtime_error("learner checkpoint is truncated");
  return t;
}

void TorchLearner::save(std::ostream& out) const {
  state_io::put_tag(out, name());
  state_io::put<std::uint8_t>(out, fitted_ ? 1 : 0);
  state_io::put_vector(out, net_.input_shape);
  state_io::put<std::uint64_t>(out, net_.layers.size());
  for (const Layer& l : net_.layers) {
    state_io::put<std::int32_t>(out, static_cast<std::int32_t>(l.kind));
    state_io::put<std::int64_t>(out, l.padding);
    save_tensor(out, l.weight);
    save_tensor(out, l.bias);
  }
  // Only the linear model reads its label count at prediction; the other models' checkpoints keep their bytes.
  if (spec_.model.kind == "linear") state_io::put<std::int64_t>(out, labels_);
  save_state(out);
}

void TorchLearner::load(std::istream& in) {
  state_io::expect_tag(in, name());
  fitted_ = state_io::get<std::uint8_t>(in) != 0;
  net_ = Net{};
  if (spec_.model.kind == "linear") net_.loss = Loss::squared;
  net_.input_shape = state_io::get_vector<std::int64_t>(in);
  const auto layers = state_io::get<std::uint64_t>(in);
  for (std::uint64_t i = 0; i < layers; ++i) {
    Layer l;
    l.kind = static_cast<LayerKind>(state_io::get<std::int32_t>(in));
    l.padding = state_io::get<std::int64_t>(in);
    l.weight = load_tensor(in);
    l.bias = load_tensor(in);
    net_.layers.push_back(std::move(l));
  }
  // Parameters go back to being device leaves that require grad, as make_net() + to_device() leave them.
  if (!net_.layers.empty()) to_device(net_, device_, net_.layers.front().weight.defined()
                                                         ? net_.layers.front().weight.scalar_type() : at::kFloat);
  for (Layer& l : net_.layers) {
    if (l.weight.defined()) l.weight = l.weight.detach().set_requires_grad(true);
    if (l.bias.defined()) l.bias = l.bias.detach().set_requires_grad(true);
  }
  labels_ = spec_.model.kind == "linear" ? state_io::get<std::int64_t>(in) : 0;
  opt_ = SgdState{};
  load_state(in);
}

TensorSet rows(const TensorSet& s, const std::vector<std::int64_t>& idx) {
  const at::Tensor i = index_tensor(idx, s.x.device());
  TensorSet out;
  out.n = static_cast<std::int64_t>(idx.size());
  out.x = s.x.index_select(0, i);
  out.y = s.y.index_select(0, i);
  if (s.w.defined()) out.w = s.w.index_select(0, i);
  if (s.group.defined()) out.group = s.group.index_select(0, i);
  return out;
}

TorchLearner::TorchLearner(LearnerSpec spec)
    : spec_(std::move(spec)), device_(spec_.device == "cuda" ? at::kCUDA : at::kCPU) {}

FitReport TorchLearner::fit(const data::TrainSet& train, util::Engine& rng) {
  return with_torch_errors(spec_, "training", [&] { return fit_model(train, rng); });
}

FitReport TorchLearner::fit_model(const data::TrainSet& train, util::Engine& rng) {
  if (train.n <= 0) throw std::invalid_argument(name() + ": cannot fit on an empty training set");
  if (static_cast<std::int64_t>(train.x.size()) != train.n * train.d ||
      static_cast<std::int64_t>(train.y.size()) != train.n)
    throw std::invalid_argument(name() + ": training set sizes do not match n and d");
  // One generator per fit, seeded from the learner stream, for init and noise; batches come from the stream.
  at::Generator gen = at::detail::createCPUGenerator(rng());

  std::int64_t width = 1;
  for (auto s : net_.input_shape) width *= s;
  const bool regression = spec_.model.kind == "linear";
  if (regression && !train.response.empty() && static_cast<std::int64_t>(train.response.size()) != train.n)
    throw std::invalid_argument(name() + ": training set has " + std::to_string(train.response.size()) +
                                " responses for " + std::to_string(train.n) + " rows");
  const bool same_shape = fitted_ && !net_.layers.empty() && width == train.d &&
                          net_.layers.back().bias.size(0) == (regression ? 1 : train.num_classes);
  if (!spec_.model.warm_start || !same_shape) {
    net_ = make_net(spec_.model, train.shape, train.d, train.num_classes, gen);
    to_device(net_, device_, at::kFloat);
    reset();
  }
  opt_ = SgdState{};

  TensorSet data = tensor_set(train, device_);
  // Least squares fits the real responses; without them the labels themselves, as numbers.
  if (regression) data.y = train.response.empty() ? data.y.to(at::kFloat) : view_of(train.response, {train.n}).to(device_);
  labels_ = train.num_classes;

  FitReport report;
  report.steps = optimise(data, train, rng, gen, report);
  fitted_ = true;
  {
    // Loss and labels from one forward pass, in chunks: a CNN's activations for a whole data set would not fit in
    // memory. The chunks are predict()'s, so the labels are the ones predict() gives.
    at::NoGradGuard no_grad;
    double total = 0;
    std::vector<std::int64_t> labels(train.n);
    for (std::int64_t s = 0; s < data.n; s += predict_chunk) {
      const std::int64_t e = std::min(data.n, s + predict_chunk);
      const at::Tensor f = net_.forward(data.x.slice(0, s, e));
      total += loss_of_outputs(net_, f, data.y.slice(0, s, e), at::Tensor()).sum().item<double>();
      copy_labels(f, labels.data() + s);
    }
    report.train_loss = total / data.n;
    check_converged(spec_, report.train_loss);
    report.train_accuracy = group_accuracy(labels, train);
  }
  report.privacy = privacy();
  return report;
}

void TorchLearner::copy_labels(const at::Tensor& f, std::int64_t* out) const {
  // The linear model's label is the one nearest its prediction (ties to the smaller); see Learner::predict.
  const at::Tensor pred = (net_.loss == Loss::squared
                               ? at::ceil(f.squeeze(1).to(at::kDouble) - 0.5).clamp(0, std::max<std::int64_t>(labels_ - 1, 0))
                                     .to(at::kLong)
                               : f.argmax(1))
                              .to(at::kCPU)
                              .contiguous();
  std::copy(pred.data_ptr<std::int64_t>(), pred.data_ptr<std::int64_t>() + pred.numel(), out);
}

std::vector<double> TorchLearner::convex_theta() const {
  const bool logistic = spec_.model.kind == "logistic", linear = spec_.model.kind == "linear";
  const std::int64_t outputs = linear ? 1 : 2;
  if (!fitted_ || !(logistic || linear) || net_.layers.size() != 1 || net_.layers[0].bias.size(0) != outputs)
    throw std::logic_error(name() + ": convex_theta() needs a fitted two-class logistic or linear model");
  at::NoGradGuard no_grad;
  const Layer& l = net_.layers[0];
  const at::Tensor w = (linear ? l.weight[0] : l.weight[1] - l.weight[0]).to(at::kCPU, at::kDouble).contiguous();
  std::vector<double> theta(w.data_ptr<double>(), w.data_ptr<double>() + w.numel());
  theta.push_back((linear ? l.bias[0] : l.bias[1] - l.bias[0]).item<double>());
  return theta;
}

std::vector<std::int64_t> TorchLearner::predict(const std::vector<float>& x, std::int64_t n) const {
  return with_torch_errors(spec_, "predicting with", [&] { return predict_labels(x, n); });
}

std::vector<std::int64_t> TorchLearner::predict_labels(const std::vector<float>& x, std::int64_t n) const {
  if (!fitted_) throw std::logic_error(name() + ": predict() before fit()");
  const std::int64_t d = net_.input_shape.empty() ? 0 : [&] {
    std::int64_t p = 1;
    for (auto s : net_.input_shape) p *= s;
    return p;
  }();
  if (static_cast<std::int64_t>(x.size()) != n * d)
    throw std::invalid_argument(name() + ": predict() got rows of the wrong width");
  at::NoGradGuard no_grad;
  std::vector<std::int64_t> out(n);
  for (std::int64_t s = 0; s < n; s += predict_chunk) {
    const std::int64_t m = std::min(predict_chunk, n - s);
    const at::Tensor xs = at::from_blob(const_cast<float*>(x.data()) + s * d, {m, d}, at::kFloat).to(device_);
    copy_labels(net_.forward(xs), out.data() + s);
  }
  return out;
}

}  // namespace aca::learn
