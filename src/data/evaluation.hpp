#pragma once
// One round's measurements in one call: clean and per-group accuracy, each collective's success, and for the
// categorical source the exact theory beside them (measured vs theory, side by side).
#include <string>
#include <vector>

#include "data/assemble.hpp"
#include "data/categorical_theory.hpp"
#include "data/measure.hpp"

namespace aca::data {

class Dataset;

/// What was measured for one collective.
struct CollectiveEvaluation {
  std::string name;                  ///< collective name
  double alpha = 0.0;                ///< realised share of training rows its members own
  Proportion success;                ///< planting / erasure success; gradient_cancel: agreement with f_θ*
  bool has_theory = false;           ///< true when `theory` is filled (categorical, assign, feature_label/only)
  CategoricalTheory theory;          ///< exact Bayes-optimal success and closed-form bounds at `alpha`
  double finite_sample_bound = 0.0;  ///< Gauthier et al. at the realised n, N (categorical feature_label only)
};

/// Everything measured on the held-out points.
struct Evaluation {
  Proportion clean_accuracy;                  ///< accuracy on unmodified test points
  std::vector<Proportion> group_accuracy;     ///< per group (empty without groups)
  double worst_group_accuracy = 1.0;          ///< min over groups (1 without groups)
  std::vector<CollectiveEvaluation> collectives;
};

/// Measures model `f` (trained on `a.train`) on the dataset's test points; `delta` is the confidence parameter
/// of the finite-sample bound.
Evaluation evaluate(const Dataset& data, const std::vector<CollectiveSpec>& collectives, const Assembly& a,
                    const Predictor& f, double delta = 0.05);

}  // namespace aca::data
