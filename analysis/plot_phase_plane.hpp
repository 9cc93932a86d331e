#pragma once
// The phase plane of two collectives' joint participation map: basins of attraction shaded, the map's direction
// field, the joint equilibria (stable filled, saddle and sources hollow) and a run's observed trajectory.
#include <filesystem>
#include <string>
#include <vector>

#include "analysis/map_reader.hpp"
#include "analysis/plot.hpp"

namespace aca::analysis {

/// What a phase-plane figure shows.
struct PhasePlane {
  std::string name_1, name_2;                   ///< the two collectives (x axis: the first)
  std::vector<JointMapPoint> grid;              ///< the joint map on its simplex grid, with basins
  std::vector<JointEquilibriumRow> equilibria;  ///< equilibria_joint.csv, in file order (basins index it)
  Line trajectory;                              ///< observed (α_1(t), α_2(t)); empty for none
};

/// Draws `p`: one light shaded cell per grid point in the colour of its basin's equilibrium (none: unshaded),
/// direction arrows (fixed length) on every second grid point, the line α_1 + α_2 = 1, the equilibria and the
/// trajectory with its start marked. Data blocks: one per basin, the arrows, one per stability class, the trajectory.
FigureFiles plot_phase_plane(const std::filesystem::path& stem, const PhasePlane& p, const PlotStyle& style);

}  // namespace aca::analysis
