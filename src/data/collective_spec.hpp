#pragma once
// A collective as the data module needs it: name, strategy, target, signal, coordination noise and the
// gradient-cancelling target θ*.
#include <cstdint>
#include <string>
#include <vector>

#include "data/signal.hpp"

namespace aca::config {
class View;
}

namespace aca::data {

class Dataset;

/// How members rewrite their points.
enum class Strategy {
  feature_label,    ///< report (g(x), y*)
  feature_only,     ///< report (g(x), y) when y = y*, else (x, y) unchanged
  erasure,          ///< report (g(x), y), so that f(g(x)) = f(x) is learned
  gradient_cancel,  ///< report points whose mean loss gradient at θ* cancels the rest of the data's
};

/// Name of a strategy ("feature_label", ...).
std::string strategy_name(Strategy s);

/// Target of a gradient-cancelling collective (convex models only).
struct GradientCancelSpec {
  std::string model = "logistic";  ///< "logistic" (binary) or "linear" (least squares)
  std::vector<double> theta;       ///< θ* = [w_1 … w_d, b]
  double lower = -1e30;            ///< bound of every reported feature
  double upper = 1e30;             ///< bound of every reported feature
};

/// One collective.
struct CollectiveSpec {
  std::string name;                 ///< label in outputs
  Strategy strategy = Strategy::feature_label;
  std::int64_t target = 0;          ///< y* (the first of `targets` when several are given)
  std::vector<std::int64_t> targets;  ///< several target labels; empty means {target}
  Signal signal;                    ///< g
  double coordination_noise = 0.0;  ///< probability of a perturbed signal per point
  GradientCancelSpec gradient_cancel;
};

/// The collective's target labels: `targets`, or {target} when it is empty.
std::vector<std::int64_t> target_labels(const CollectiveSpec& c);

/// Reads every [[collective]] and checks it against the dataset (target < labels, signal fits, θ* length).
std::vector<CollectiveSpec> read_collectives(const config::View& root, const Dataset& data);

}  // namespace aca::data
