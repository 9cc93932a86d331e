#pragma once
// The participation maps drawn across all α, not only along the path a run took: participation_map.csv (each
// collective alone) and, for two collectives, participation_map_joint.csv (the joint map on the simplex with the
// basin of attraction of every grid point). Computed from the fitted curves: no training.
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/run_outcome.hpp"
#include "sim/success_model.hpp"

namespace aca::sim {

/// Grid sizes of the written maps.
struct MapGrid {
  std::size_t alone_points = 201;  ///< α = 0, 1/200, ..., 1 for each collective alone
  double fine_up_to = 0.05;        ///< ... plus steps of fine_step on [0, fine_up_to], where tipping points sit
  double fine_step = 0.0005;       ///< (a few agents' worth of participation)
  std::size_t joint_cells = 40;    ///< (α_1, α_2) = (i, j)/40 with i + j ≤ 40
  std::size_t basin_iterations = 300;  ///< iterations of the joint map tried per grid point before "no basin"
};

/// participation_map.csv: collective, alpha, next_alpha = F_k(α) with the others absent, estimated (false where α
/// lies beyond the largest α the curve was estimated on and the curve is held at its last value). Per collective,
/// rows ascend in α over the uniform grid, the fine grid near 0 and the α* of its `equilibria` (where F(α*) = α*).
void write_alone_maps(const std::filesystem::path& dir, const std::vector<std::string>& names,
                      const std::vector<AloneMap>& maps, const std::vector<Equilibrium>& equilibria,
                      const MapGrid& grid = {});

/// participation_map_joint.csv: alpha_1, alpha_2, next_alpha_1, next_alpha_2, basin: the row index (from 0) in
/// `equilibria` (equilibria_joint.csv) of the stable equilibrium that iterating the map from the grid point
/// reaches, empty when none is reached within grid.basin_iterations.
void write_joint_map(const std::filesystem::path& dir, const JointMap& map,
                     const std::vector<JointEquilibrium>& equilibria, const MapGrid& grid = {});

/// Writes both files a run's success model can give (none in learned mode or for a rule without a mean-field map).
void write_participation_maps(const std::filesystem::path& dir, const RunContext& ctx, const SuccessModel& model,
                              const std::vector<Equilibrium>& equilibria,
                              const std::optional<std::vector<JointEquilibrium>>& joint_equilibria);

}  // namespace aca::sim
