#pragma once
// Participation over time across replicates: how much of a trajectory is the configuration and how much the seed.
#include <filesystem>
#include <string>
#include <vector>

#include "analysis/plot.hpp"

namespace aca::analysis {

/// The trajectories of one configuration's replicates (one Line per seed, x = round).
struct ReplicateSet {
  std::string label;       ///< legend entry of the configuration, e.g. "ε = 4"
  std::vector<Line> runs;  ///< one line per replicate
};

/// The mean over replicates at every round of the union of their rounds, with the minimum and maximum: a run
/// that stopped earlier (stop_when = "converged") is held at its last value. Returns lines labelled "mean",
/// "min", "max".
std::vector<Line> replicate_summary(const ReplicateSet& set);

/// One colour per configuration: every replicate a thin line, the mean over replicates bold (the legend entry)
/// and the min–max band over replicates shaded. Data blocks, per configuration: one per replicate (round, value),
/// then the mean block (round, mean, min, max).
FigureFiles plot_replicate_trajectories(const std::filesystem::path& stem, const std::vector<ReplicateSet>& sets,
                                        const PlotStyle& style);

}  // namespace aca::analysis
