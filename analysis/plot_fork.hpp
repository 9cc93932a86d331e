#pragma once
// A fork against its base run: α_k(t) and S_k(t) of both on the same axes, with the fork round marked.
#include <filesystem>
#include <string>
#include <vector>

#include "analysis/plot.hpp"

namespace aca::analysis {

/// What a fork-overlay figure shows.
struct ForkOverlay {
  std::vector<Line> base_alpha, fork_alpha;      ///< α_k(t) per collective (same order in both)
  std::vector<Line> base_success, fork_success;  ///< S_k(t) per collective
  long fork_round = 0;                           ///< the round the fork continues from
  std::string fork_label;                        ///< "fork (round r): key = value, ..."
};

/// Two stacked panels over rounds, α above and S below: the base solid, the fork dashed in the same colour per
/// collective, and a vertical dotted line at the fork round titled `fork_label`. Data blocks per panel: each base
/// line, each fork line, then the fork round's two points (round, 0) and (round, 1).
FigureFiles plot_fork_overlay(const std::filesystem::path& stem, const ForkOverlay& o, const PlotStyle& style);

}  // namespace aca::analysis
