#pragma once
// The platform's side of a learned round: assemble the training set from the membership, train, measure.
#include <cstdint>
#include <functional>
#include <vector>

#include "data/assemble.hpp"
#include "data/gradient_cancel.hpp"
#include "data/measure.hpp"
#include "learn/learner.hpp"
#include "sim/world.hpp"

namespace aca::sim {

/// What one training of the platform produced.
struct PlatformOutcome {
  std::vector<data::Proportion> success;      ///< S_k on signalled held-out points, with Wilson intervals
  std::vector<double> realised_alpha;         ///< α_k as rows of the training set
  data::Proportion clean_accuracy;            ///< accuracy on unmodified held-out points
  std::vector<data::Proportion> group_accuracy;  ///< per group, when the data has groups
  learn::PrivacyReport privacy;               ///< privacy spent so far
  std::vector<double> theta_distance;         ///< gradient_cancel collectives: ‖θ − θ*‖ (NaN for the others)
  std::vector<data::GradientCancelPlan> plans;  ///< gradient_cancel collectives: the members' plan (t, feasibility)
};

/// A trained platform model as measurement sees it: its predictions, its convex parameters and its privacy.
struct FittedPlatform {
  data::Predictor predict;                    ///< labels of every row of a set
  std::function<std::vector<double>()> theta; ///< θ = [w, b] of a convex model (asked only for gradient_cancel)
  learn::PrivacyReport privacy;               ///< privacy spent so far
};

/// The training set the platform sees for `membership` (members' points rewritten; under gdro with
/// groups = "collective_vs_rest" the collectives' rows form group 1). `round` keys the coordination-noise draws.
data::Assembly assemble_platform_set(const World& w, const std::vector<std::int32_t>& membership, std::uint64_t round);

/// Measures every collective's success, clean and group accuracy of `model` trained on `a`.
PlatformOutcome measure_platform(const World& w, const data::Assembly& a, const FittedPlatform& model);

/// Rewrites members' points, fits `learner` on the result with `rng`, and measures every collective
/// (assemble_platform_set, fit, measure_platform).
PlatformOutcome train_and_measure(const World& w, learn::Learner& learner, util::Engine& rng,
                                  const std::vector<std::int32_t>& membership, std::uint64_t round);

}  // namespace aca::sim
