#pragma once
// The platform's learners, behind one LibTorch-free interface: fit on a data::TrainSet, predict labels, report
// what the fit cost in privacy. LibTorch stays inside src/learn's .cpp files.
//
// Threads: make_learner() calls learn::set_threads(spec.threads) (threads.hpp): LibTorch's intra-op threads and
// OpenBLAS's pool, one per core when 0 — process-wide settings, so the last learner made decides them, and
// OMP_NUM_THREADS in the environment is overridden. Results are deterministic for a fixed seed and thread count.
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "data/train_set.hpp"
#include "util/rng.hpp"

namespace aca::config {
class View;
}

namespace aca::learn {

/// Model class (`[platform.model]`).
struct ModelSpec {
  std::string kind = "logistic";            ///< "logistic", "mlp", "cnn" or "linear" (least squares)
  std::vector<std::int64_t> hidden{256};    ///< MLP hidden layer sizes (ReLU between layers)
  bool warm_start = false;                  ///< continue from the last fit's weights instead of a seeded init
};

/// DP-SGD settings (`[platform.privacy]`); exactly one of noise_multiplier and target_epsilon is set.
struct PrivacySpec {
  std::optional<double> noise_multiplier;  ///< σ
  std::optional<double> target_epsilon;    ///< ε per fit; σ is calibrated to it by the accountant (∞: σ = 0)
  double delta = 1e-5;                     ///< δ
  double clip = 1.0;                       ///< C, flat per-example clipping norm over all parameters
  std::string accountant = "rdp";          ///< "rdp" or "prv" (tighter, slower: an FFT over a fine mesh)
  std::string sampling = "poisson";        ///< "poisson" or "shuffle" (ε then does not hold)
};

/// Group DRO settings (`[platform.gdro]`).
struct GdroSpec {
  double eta_q = 0.01;          ///< step of the multiplicative group-weight update
  double adjustment = 0.0;      ///< C of the generalisation adjustment C/sqrt(n_g)
  std::string groups = "data";  ///< where group ids come from (the TrainSet's group column either way)
};

/// Everything a learner needs to know, as plain values.
struct LearnerSpec {
  std::string learner = "sgd";     ///< "sgd", "dp_sgd", "gdro" or "bayes_optimal"
  std::string device = "cpu";      ///< "cpu" or "cuda"
  int epochs = 5;                  ///< passes over the data per fit
  std::int64_t batch_size = 256;   ///< (expected) minibatch size
  double learning_rate = 0.1;      ///< SGD step
  double momentum = 0.0;           ///< SGD momentum
  double weight_decay = 0.0;       ///< L2 weight decay
  int threads = 0;                 ///< LibTorch intra-op threads; 0 = one per core
  double epsilon_suboptimal = 0;   ///< bayes_optimal: TV budget of the adversarial perturbation (0: exact)
  ModelSpec model;                 ///< model class
  PrivacySpec privacy;             ///< used by dp_sgd
  GdroSpec gdro;                   ///< used by gdro
};

/// Reads a LearnerSpec from the validated `[platform]` table; `threads` comes from `[simulation] threads`.
/// learner = "dp_sgd" with target_epsilon = ∞ reads as "sgd" (non-private training, same hyperparameters).
LearnerSpec learner_spec(const config::View& platform, int threads = 0);

/// What training cost in privacy (all zero and `is_private` false for non-private learners).
struct PrivacyReport {
  bool is_private = false;        ///< true for dp_sgd
  double epsilon = 0;             ///< ε spent (composed over every fit of a warm-started model)
  double delta = 0;               ///< δ
  double noise_multiplier = 0;    ///< σ used
  double clip = 0;                ///< C used
  double sample_rate = 0;         ///< q = batch / N
  std::int64_t steps = 0;         ///< steps accounted (all fits of a warm-started model)
  double order = 0;               ///< RDP order that gave ε (0 under prv)
  std::string accountant;         ///< accountant that produced ε: "rdp" or "prv" (prv falls back to rdp at q = 1)
  bool epsilon_holds = true;      ///< false under shuffle sampling: the accountant assumes Poisson sampling
};

/// Accuracy overall and per group of a set of predictions.
struct GroupAccuracy {
  double average = 0;               ///< accuracy over all rows
  double worst_group = 0;           ///< lowest accuracy over non-empty groups (= average when there are no groups)
  std::vector<double> per_group;    ///< accuracy of each group (NaN for an empty group)
};

/// Accuracy of `predicted` against `set.y`, overall and per `set.group`.
GroupAccuracy group_accuracy(const std::vector<std::int64_t>& predicted, const data::TrainSet& set);

/// Summary of one fit.
struct FitReport {
  std::int64_t steps = 0;            ///< optimisation steps taken in this fit (0 for bayes_optimal)
  double train_loss = 0;             ///< mean training loss after the fit: cross-entropy, ½ squared error for the
                                     ///< linear model (0 for bayes_optimal)
  GroupAccuracy train_accuracy;      ///< accuracy on the training set after the fit
  std::vector<double> group_weights; ///< gdro: final group weights q_g; empty otherwise
  PrivacyReport privacy;             ///< privacy spent so far
  double suboptimality = 0;          ///< bayes_optimal: TV(P̂, Q) of the Q it is Bayes-optimal for (≤ epsilon_suboptimal)
  std::int64_t flipped_cells = 0;    ///< bayes_optimal: cells whose label the perturbation changed
};

/// A platform learner. Not thread-safe; one instance per simulated platform.
class Learner {
 public:
  virtual ~Learner() = default;
  /// Trains on `train`; every random draw (init, batches, noise) comes from `rng` (the learner stream).
  /// With warm start the weights (and the privacy account) carry over from the previous fit.
  virtual FitReport fit(const data::TrainSet& train, util::Engine& rng) = 0;
  /// Predicted labels of `n` rows of features `x` (row-major, as TrainSet::x). Throws before the first fit.
  /// The least-squares `linear` model predicts the label whose value is nearest to θ·x̃ (ties to the smaller),
  /// i.e. clamp(⌈θ·x̃ − ½⌉, 0, K − 1): labels are its responses when TrainSet::response is empty, so for 0/1
  /// labels this is the threshold θ·x̃ > ½.
  virtual std::vector<std::int64_t> predict(const std::vector<float>& x, std::int64_t n) const = 0;
  /// Predicted labels of every row of `set`.
  std::vector<std::int64_t> predict(const data::TrainSet& set) const { return predict(set.x, set.n); }
  /// θ = [w, b] of a fitted convex model (d + 1 entries, intercept last, the convention of
  /// data/gradient_cancel.hpp): a two-class logistic model as the binary logistic θ (class-1 minus class-0
  /// weights, which gives the same predictions), or the least-squares linear model's own weights.
  /// Throws std::logic_error for other models or before the first fit.
  virtual std::vector<double> convex_theta() const {
    throw std::logic_error(name() + ": convex_theta() needs a fitted two-class logistic or linear model");
  }
  /// Privacy spent so far (composed over fits when warm-started).
  virtual PrivacyReport privacy() const { return {}; }
  /// The learner's name ("sgd", "dp_sgd", "gdro", "bayes_optimal").
  virtual std::string name() const = 0;
  /// Writes everything that carries over between fits (weights, group weights, privacy account, fitted flag) so
  /// that load() into a learner made from the same spec continues bit-identically (checkpoints). The default
  /// throws std::logic_error: a learner without it cannot be checkpointed.
  virtual void save(std::ostream& out) const;
  /// Restores what save() wrote; throws std::runtime_error for a truncated or foreign checkpoint.
  virtual void load(std::istream& in);
};

/// Makes the learner `spec.learner`; throws std::runtime_error for device = "cuda" without CUDA, and
/// std::invalid_argument for inconsistent settings.
std::unique_ptr<Learner> make_learner(const LearnerSpec& spec);

}  // namespace aca::learn
