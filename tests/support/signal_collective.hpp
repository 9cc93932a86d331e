#pragma once
// The collective that plants a categorical generator's own signal: features signal_features set to
// signal_values, target label the generator's target.
#include "data/categorical.hpp"
#include "data/collective_spec.hpp"

namespace aca::testing {

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
