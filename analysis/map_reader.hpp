#pragma once
// Readers for the engine's participation maps drawn across all α: participation_map.csv (each collective alone),
// participation_map_joint.csv (two collectives, with basins) and equilibria_joint.csv.
#include <filesystem>
#include <string>
#include <vector>

#include "analysis/plot.hpp"

namespace aca::analysis {

/// One collective's map F(α) with the others absent, as participation_map.csv tabulates it.
struct AloneMapTable {
  std::string collective;          ///< collective name
  Line map;                        ///< x: α, y: F(α), in file order
  double estimated_up_to = 1.0;    ///< largest α whose row is flagged estimated (the curve is held beyond it)
};

/// One grid point of participation_map_joint.csv.
struct JointMapPoint {
  double alpha_1 = 0.0, alpha_2 = 0.0;  ///< the point
  double next_1 = 0.0, next_2 = 0.0;    ///< the map's image F(α)
  long basin = -1;                      ///< row of equilibria_joint.csv it is attracted to (−1: none)
};

/// One row of equilibria_joint.csv.
struct JointEquilibriumRow {
  double alpha_1 = 0.0, alpha_2 = 0.0;  ///< location
  std::string stability;                ///< stable, saddle, unstable or neutral
};

/// participation_map.csv per collective in first-seen order; throws RunReadError for a malformed file.
std::vector<AloneMapTable> read_alone_maps(const std::filesystem::path& file);
/// participation_map_joint.csv; throws RunReadError for a malformed file or a basin that is not a row index.
std::vector<JointMapPoint> read_joint_map(const std::filesystem::path& file);
/// equilibria_joint.csv; throws RunReadError for a malformed file.
std::vector<JointEquilibriumRow> read_joint_equilibria(const std::filesystem::path& file);

}  // namespace aca::analysis
