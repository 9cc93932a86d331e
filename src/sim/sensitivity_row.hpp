#pragma once
// One row of a design built for global sensitivity analysis (Sobol/Saltelli or Morris): its point in the unit cube
// and the role the estimators give it.
#include <string>
#include <vector>

namespace aca::sim {

/// A design row in [0, 1]^d with its place in the estimator's scheme.
struct SensitivityRow {
  std::vector<double> unit;  ///< coordinates in [0, 1], one per axis (mapped to the axes' ranges by the sweep)
  long group = 0;            ///< Saltelli: base sample j; Morris: trajectory t
  /// Saltelli: "A", "B" or "AB" (A with axis `axis` taken from B); Morris: "start" or "step".
  std::string block;
  long axis = -1;            ///< the axis taken from B (AB) or moved by this step (Morris); −1 otherwise
  double step = 0.0;         ///< Morris: the signed move of that axis in the unit cube (±Δ); 0 otherwise
};

}  // namespace aca::sim
