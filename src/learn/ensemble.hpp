#pragma once
// Batched ensembles: M logistic or MLP models of one shape trained together, their parameters stacked along a
// model dimension so that each layer's forward and backward pass is one batched matrix product. Every member has
// its own data, batches, RNG stream, DP noise and accountant and ends where a single learner with the same seed
// would (to floating-point rounding). LibTorch-free header.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "data/train_set.hpp"
#include "learn/learner.hpp"
#include "util/rng.hpp"

namespace aca::config {
class View;
}

namespace aca::learn {

/// An ensemble's settings: the members' common learner and how many are trained at once.
struct EnsembleSpec {
  LearnerSpec learner;            ///< every member's settings (sgd, dp_sgd or gdro; model logistic or mlp)
  std::int64_t max_members = 32;  ///< `[platform] ensemble_size`: more members are trained in groups of this size
};

/// Reads an EnsembleSpec from the validated `[platform]` table (learner_spec plus `ensemble_size`).
EnsembleSpec ensemble_spec(const config::View& platform, int threads = 0);

/// Whether `spec` can be trained as a batched ensemble (learner sgd, dp_sgd or gdro; model logistic or mlp).
bool ensemble_supports(const LearnerSpec& spec);

/// Whether members with settings `a` and `b` can share one ensemble: same learner, device, threads, model
/// (kind, hidden sizes, warm start), sampling and gdro groups. Epochs, batch size, learning rate, momentum, weight
/// decay, the privacy budget (σ or target ε, δ, C, accountant) and gdro's η_q and adjustment may differ.
bool ensemble_compatible(const LearnerSpec& a, const LearnerSpec& b);

/// M models trained as batched groups. Member m's fit draws from its own engine exactly what
/// `make_learner(spec.learner)->fit(*train[m], rng[m])` draws, in the same order (generator seed, init, batches,
/// noise), so each member equals that single learner. On the CPU with T threads (`spec.learner.threads`, 0 = one
/// per core) a group's members are split into min(T, members) shards trained side by side, one thread each with
/// single-threaded kernels; a one-member group trains on the caller's thread with OpenBLAS at T. Not thread-safe.
class EnsembleLearner {
 public:
  /// Throws std::invalid_argument for unsupported settings (see ensemble_supports) and std::runtime_error for
  /// device = "cuda" without CUDA. Sets the process's threads as make_learner does.
  explicit EnsembleLearner(EnsembleSpec spec);
  ~EnsembleLearner();
  EnsembleLearner(EnsembleLearner&&) noexcept;
  EnsembleLearner& operator=(EnsembleLearner&&) noexcept;

  /// Trains member m on `*train[m]` with `rng[m]` (advanced as the single learner would advance it); under gdro
  /// each member has its own group weights (FitReport::group_weights). Members may
  /// share a TrainSet (pass the same pointer: it is viewed once, never copied); all sets need the same d and
  /// num_classes, sizes may differ. With warm start and an unchanged member count and shape, weights and privacy
  /// accounts carry over as in the single learner. Returns one report per member.
  std::vector<FitReport> fit(const std::vector<const data::TrainSet*>& train, std::vector<util::Engine>& rng);
  /// The same with member m trained with `member_specs[m]` (ensemble_compatible with the ensemble's spec; empty:
  /// every member uses the ensemble's), each member then equal to make_learner(member_specs[m]) alone.
  std::vector<FitReport> fit(const std::vector<const data::TrainSet*>& train, std::vector<util::Engine>& rng,
                             const std::vector<LearnerSpec>& member_specs);
  /// Number of members of the last fit.
  std::size_t size() const;
  /// Distinct threads the last fit trained members on: min(T, members of a group) on the CPU, 1 on a GPU.
  std::size_t threads_used() const;
  /// Member m's predicted labels of `n` rows of `x` (row-major). Throws before the first fit or for m ≥ size().
  std::vector<std::int64_t> predict(std::size_t member, const std::vector<float>& x, std::int64_t n) const;
  /// Member m's predicted labels of every row of `set`.
  std::vector<std::int64_t> predict(std::size_t member, const data::TrainSet& set) const {
    return predict(member, set.x, set.n);
  }
  /// Member m's privacy spent so far (empty report for sgd).
  PrivacyReport privacy(std::size_t member) const;
  /// Member m as a binary logistic θ = [w, b] (as Learner::convex_theta for that model); throws unless two-class logistic.
  std::vector<double> convex_theta(std::size_t member) const;
  /// Member m's parameters flattened in layer order (weight row-major, then bias, per linear layer).
  std::vector<float> parameters(std::size_t member) const;

 private:
  /// fit() and predict() without the translation of LibTorch's errors (torch_errors.hpp).
  std::vector<FitReport> fit_members(const std::vector<const data::TrainSet*>& train, std::vector<util::Engine>& rng,
                                     const std::vector<LearnerSpec>& member_specs);
  std::vector<std::int64_t> predict_member(std::size_t member, const std::vector<float>& x, std::int64_t n) const;

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace aca::learn
