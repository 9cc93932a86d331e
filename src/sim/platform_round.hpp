#pragma once
// The platform's side of a learned round: assemble the training set from the membership, train, measure.
#include <cstdint>
#include <vector>

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

/// Rewrites members' points, fits `learner` on the result with `rng`, and measures every collective.
/// `round` keys the coordination-noise draws of the assembly.
PlatformOutcome train_and_measure(const World& w, learn::Learner& learner, util::Engine& rng,
                                  const std::vector<std::int32_t>& membership, std::uint64_t round);

}  // namespace aca::sim
