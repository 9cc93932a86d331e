#pragma once
// The counting learner for finite categorical feature spaces: the exact Bayes-optimal classifier of the
// training distribution, the learner the collective-action theory speaks of. No LibTorch.
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "learn/learner.hpp"

namespace aca::learn {

/// Counts (weighted) P(x, y) on the training rows and predicts argmax_y P(x, y).
/// Ties go to the smallest label. A feature vector never seen in training gets the overall majority label
/// (again the smallest label among ties). Features are category indices stored as floats in [0, cardinality);
/// TrainSet::categories gives the cardinalities. Each fit recounts from scratch (warm start does not apply).
///
/// With epsilon_suboptimal = ε > 0 it is instead Bayes-optimal for a perturbed Q with TV(P̂, Q) < ε (literature §1,
/// "ε-suboptimal"): flipping a seen cell x from its label y1 to the runner-up y2 costs (P̂(x, y1) − P̂(x, y2))/2 of
/// total variation, and the cells are flipped cheapest first (ties by cell index) while the total stays below ε —
/// the perturbation that changes the most predictions for the budget. Unseen cells keep the majority label.
class BayesOptimalLearner final : public Learner {
 public:
  /// `epsilon_suboptimal` in [0, 1): the total-variation budget (0: exactly Bayes-optimal).
  explicit BayesOptimalLearner(double epsilon_suboptimal = 0.0);
  FitReport fit(const data::TrainSet& train, util::Engine& rng) override;
  std::vector<std::int64_t> predict(const std::vector<float>& x, std::int64_t n) const override;
  using Learner::predict;
  std::string name() const override { return "bayes_optimal"; }
  void save(std::ostream& out) const override;
  void load(std::istream& in) override;
  /// The prediction for one feature vector (category indices).
  std::int64_t predict_one(const float* row) const;

 private:
  std::uint64_t key(const float* row) const;

  std::vector<std::int64_t> cardinality_;
  int classes_ = 0;
  std::unordered_map<std::uint64_t, std::int64_t> label_of_;  // cell → argmax label
  std::int64_t majority_ = 0;
  bool fitted_ = false;
  double epsilon_suboptimal_ = 0.0;
};

}  // namespace aca::learn
