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
class BayesOptimalLearner final : public Learner {
 public:
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
};

}  // namespace aca::learn
