#pragma once
// Turns a membership vector into the training set the platform sees: every member's points are rewritten by
// its collective's strategy and signal; everyone else's points stay as drawn.
#include <cstdint>
#include <vector>

#include "data/collective_spec.hpp"
#include "data/gradient_cancel.hpp"
#include "data/train_set.hpp"

namespace aca::data {

class Dataset;

/// The assembled training set and who rewrote what.
struct Assembly {
  TrainSet train;                            ///< population × points_per_agent rows, agent i owns rows [i·ppa, (i+1)·ppa)
  std::vector<std::int32_t> row_collective;  ///< per row: −1, or the collective of the member who owns it
  std::vector<std::int64_t> member_rows;     ///< per collective: rows its members own
  std::vector<double> alpha;                 ///< per collective: member_rows / rows (the realised α)
  std::vector<GradientCancelPlan> plans;     ///< per collective: the gradient-cancelling plan (default otherwise)
};

/// Throws std::invalid_argument unless membership has `population` entries, each −1 or in [0, collectives).
void check_membership(const std::vector<std::int32_t>& membership, std::int64_t population, std::size_t collectives);

/// Assembles the training set. Deterministic: the coordination-noise draws are counter-based on
/// (seed, round, row), so the same inputs give the same TrainSet. Throws std::invalid_argument for a bad
/// membership vector and std::runtime_error when the data holds fewer than population × points_per_agent
/// training points or a gradient-cancelling collective does not fit the data (labels, dimensions).
Assembly assemble_train_set(const Dataset& data, const std::vector<CollectiveSpec>& collectives,
                            const std::vector<std::int32_t>& membership, std::int64_t population,
                            std::int64_t points_per_agent, std::uint64_t seed, std::uint64_t round = 0);

/// The same from an explicit base training set (its rows in agent order): what tests and response-curve
/// estimation use when they build the base set themselves.
Assembly assemble_from(TrainSet base, const std::vector<CollectiveSpec>& collectives,
                       const std::vector<std::int32_t>& membership, std::int64_t points_per_agent, std::uint64_t seed,
                       std::uint64_t round = 0);

}  // namespace aca::data
