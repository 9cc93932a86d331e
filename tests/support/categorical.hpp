#pragma once
// Categorical test distributions and the collective that plants their own signal.
#include "data/categorical.hpp"
#include "data/collective_spec.hpp"

namespace aca::testing {

/// 4 features of 3 values, 3 labels, 3 margin levels, the signal "features 0 and 1 equal 0" and target 0, with
/// the given ξ, Δ0 and p.
inline data::CategoricalParams categorical_grid(double xi, double delta0, double p) {
  data::CategoricalParams q;
  q.features = 4;
  q.cardinality = 3;
  q.labels = 3;
  q.xi = xi;
  q.delta0 = delta0;
  q.p = p;
  q.delta_levels = 3;
  q.signal_features = {0, 1};
  q.signal_values = {0, 0};
  q.target = 0;
  return q;
}

/// The collective that plants p's own signal (features signal_features set to signal_values) with target p.target.
inline data::CollectiveSpec signal_collective(const data::CategoricalParams& p, data::Strategy s) {
  data::CollectiveSpec c;
  c.strategy = s;
  c.target = p.target;
  c.signal.kind = data::SignalKind::assign;
  for (std::size_t i = 0; i < p.signal_features.size(); ++i) {
    c.signal.features.push_back(p.signal_features[i]);
    c.signal.values.push_back(static_cast<float>(p.signal_values[i]));
  }
  return c;
}

}  // namespace aca::testing
