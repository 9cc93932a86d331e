#pragma once
// The `categorical` source: a synthetic finite distribution whose P0(x, y) is known exactly, built around a
// signal set X* = {x : x_S = v} and a target y*, so that ξ = P0(X*), Δ0 and p are set by the parameters.
#include <cstdint>
#include <vector>

#include "data/dataset.hpp"

namespace aca::data {

/// Parameters of the categorical distribution.
struct CategoricalParams {
  int features = 6;                       ///< d
  int cardinality = 4;                    ///< values per feature
  int labels = 4;                         ///< |Y|
  double xi = 0.01;                       ///< P0(X*) (before label noise, which does not move it)
  double delta0 = 0.5;                    ///< max over X* of Δ_x before label noise
  double p = 0.1;                         ///< min_x P0(y*|x) before label noise
  int delta_levels = 4;                   ///< Δ_x ∈ {Δ0·j/L : j = 1 … L} on X*
  double label_noise = 0.0;               ///< fraction of labels replaced by uniform ones
  std::vector<int> signal_features{0, 1}; ///< S
  std::vector<int> signal_values{0, 0};   ///< v
  int target = 0;                         ///< y*
};

/// The exact distribution P0 (label noise included). X* is uniform given its mass ξ; off X* the features are
/// uniform and each x favours a hashed label h(x) (P0(y*|x) = p, P0(h(x)|x) = 1 − p, or y* gets 1 when
/// h(x) = y*); on X*, y* gets p + r/|Y|, the competitor y*+1 gets p + Δ_x + r/|Y| and each other label r/|Y|,
/// with r = 1 − 2p − Δ_x. Then labels are mixed with the uniform law: (1−noise)·P + noise/|Y|.
class CategoricalModel {
 public:
  /// Validates the parameters (std::invalid_argument with the reason when inconsistent).
  explicit CategoricalModel(CategoricalParams params);

  const CategoricalParams& params() const { return params_; }
  /// |X| = cardinality^features (as a double: it can be large).
  double space_size() const;
  /// True when x ∈ X* (the model's own signal set).
  bool in_signal_set(const std::vector<int>& x) const;
  /// Marginal P0(x).
  double p_x(const std::vector<int>& x) const;
  /// Conditional P0(y | x).
  double p_y_given_x(const std::vector<int>& x, int y) const;
  /// Joint P0(x, y).
  double p_xy(const std::vector<int>& x, int y) const { return p_x(x) * p_y_given_x(x, y); }
  /// Draws one (x, y) ~ P0.
  void sample(util::Engine& rng, std::vector<int>& x, int& y) const;

  /// Realised ξ = P0(X*).
  double xi() const { return params_.xi; }
  /// Realised Δ0 = max_{x∈X*} (max_y P0(y|x) − P0(y*|x)) (label noise included).
  double delta0() const;
  /// Realised p = min_x P0(y*|x) (label noise included).
  double p_min() const;

 private:
  int level(const std::vector<int>& x) const;      // j ∈ [1, L] of a point in X*
  int favourite(const std::vector<int>& x) const;  // h(x) off X*
  double clean_y_given_x(const std::vector<int>& x, int y) const;
  CategoricalParams params_;
  double signal_cells_ = 1.0;  // |X*|
};

/// Reads [data.categorical] and the first collective's signal (kind assign or auto) and target.
CategoricalParams categorical_params(const config::View& root);

/// The categorical dataset: pool of population × points_per_agent + test_size draws from the model.
class CategoricalDataset : public Dataset {
 public:
  CategoricalDataset(CategoricalParams params, std::int64_t train_points, std::int64_t test_points,
                     util::Engine& rng);
  std::string kind() const override { return "categorical"; }
  const CategoricalModel* categorical() const override { return &model_; }
  const CategoricalModel& model() const { return model_; }

 private:
  CategoricalModel model_;
};

}  // namespace aca::data
