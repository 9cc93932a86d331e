#pragma once
// Learn-internal (includes ATen): what the gradient-trained learners (sgd, dp_sgd, gdro) share — the model,
// its device, warm start, minibatch plumbing and prediction. Each learner supplies its training loop.
#include <ATen/ATen.h>

#include <algorithm>
#include <memory>

#include "learn/learner.hpp"
#include "learn/net.hpp"
#include "learn/per_example.hpp"
#include "learn/poisson_sampling.hpp"

namespace aca::learn {

/// A TrainSet as tensors on the learner's device (features viewed, not copied, on the CPU).
struct TensorSet {
  at::Tensor x;      ///< [n, d] float
  at::Tensor y;      ///< [n] long labels, or float responses for the least-squares model
  at::Tensor w;      ///< [n] float, or undefined when the set has no weights
  at::Tensor group;  ///< [n] long, or undefined when the set has no groups
  std::int64_t n = 0;
};

/// Writes a tensor (dtype, shape, raw CPU bytes; undefined tensors as a flag) for checkpoints.
void save_tensor(std::ostream& out, const at::Tensor& t);
/// Reads what save_tensor() wrote, on the CPU.
at::Tensor load_tensor(std::istream& in);

/// `t` as tensors on `device`: labels as y, weights and groups where `t` has them (viewed, not copied, on the CPU).
TensorSet tensor_set(const data::TrainSet& t, const at::Device& device);

/// `idx` as a long tensor on `device` (copied: the tensor outlives the vector).
at::Tensor index_tensor(const std::vector<std::int64_t>& idx, const at::Device& device);

/// The rows `idx` of `s` (on s's device).
TensorSet rows(const TensorSet& s, const std::vector<std::int64_t>& idx);

/// Calls `step(batch)` on shuffled minibatches of at most `batch_size` rows, `epochs` passes (a fresh permutation
/// from `rng` each pass, as SGD and Group DRO draw them); returns the number of steps.
template <class Step>
std::int64_t for_each_shuffled_batch(const TensorSet& data, int epochs, std::int64_t batch_size, util::Engine& rng,
                                     Step&& step) {
  ShuffledBatches batches(data.n, batch_size);
  const std::int64_t steps = static_cast<std::int64_t>(epochs) * steps_per_epoch(data.n, batch_size);
  for (std::int64_t t = 0; t < steps; ++t) step(rows(data, batches.next(rng)));
  return steps;
}

/// Base of the gradient-trained learners.
class TorchLearner : public Learner {
 public:
  explicit TorchLearner(LearnerSpec spec);
  FitReport fit(const data::TrainSet& train, util::Engine& rng) final;
  std::vector<std::int64_t> predict(const std::vector<float>& x, std::int64_t n) const final;
  using Learner::predict;
  std::vector<double> convex_theta() const final;
  /// Writes the model (layers, weights), whether it was fitted, then the learner-specific state (save_state()).
  void save(std::ostream& out) const final;
  /// Restores what save() wrote, onto this learner's device.
  void load(std::istream& in) final;
  /// The current model (tests and benchmarks read it).
  const Net& net() const { return net_; }

 protected:
  /// Runs this fit's optimisation on `data` and returns the steps taken; fills learner-specific report fields.
  virtual std::int64_t optimise(const TensorSet& data, const data::TrainSet& train, util::Engine& rng,
                             at::Generator& gen, FitReport& report) = 0;
  /// Called when the model is (re)initialised, i.e. when nothing carries over from earlier fits.
  virtual void reset() {}
  /// Learner-specific state that carries over between fits (privacy account, group weights); none by default.
  virtual void save_state(std::ostream&) const {}
  /// Restores what save_state() wrote.
  virtual void load_state(std::istream&) {}

  /// Writes the labels of outputs `f` ([rows, outputs]) to `out`: the argmax, or for the linear model the nearest label.
  void copy_labels(const at::Tensor& f, std::int64_t* out) const;
  /// fit() without the translation of LibTorch's errors (torch_errors.hpp).
  FitReport fit_model(const data::TrainSet& train, util::Engine& rng);
  /// predict() likewise.
  std::vector<std::int64_t> predict_labels(const std::vector<float>& x, std::int64_t n) const;

  LearnerSpec spec_;
  Net net_;
  SgdState opt_;
  bool fitted_ = false;
  std::int64_t labels_ = 0;  ///< K of the last fit's data: the linear model's predictions are clamped to [0, K−1]
  at::Device device_;
};

std::unique_ptr<Learner> make_sgd_learner(const LearnerSpec& spec);     ///< sgd_learner.cpp
std::unique_ptr<Learner> make_dp_sgd_learner(const LearnerSpec& spec);  ///< dp_sgd_learner.cpp
std::unique_ptr<Learner> make_gdro_learner(const LearnerSpec& spec);    ///< gdro_learner.cpp

}  // namespace aca::learn
