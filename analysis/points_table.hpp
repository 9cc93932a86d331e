#pragma once
// points.csv of a sweep folder: one row per point × replicate with its axis values as typed columns and its
// outcomes (α* and its band, final α and S, the equilibria with their stability, convergence, the last value of
// every platform-wide metric), built from the point folders alone.
#include <filesystem>
#include <string>
#include <vector>

#include "analysis/sweep_design.hpp"
#include "config/axis_columns.hpp"

namespace aca::analysis {

/// Writes `dir`/points.csv atomically for `design` (every point complete), `axes` being its axis columns. Columns:
/// point, replicate, the axis columns, mode, rounds, converged_round, period; per collective c (column_name of its
/// name) c_critical_mass, c_critical_mass_lower, c_critical_mass_upper, c_final_alpha, c_final_success,
/// c_equilibria (count, from equilibria.csv), c_equilibrium_<i>_alpha and c_equilibrium_<i>_stability for i = 1 to
/// the sweep's most; with joint equilibria (summary.json) joint_equilibria, joint_equilibrium_<i>_<c>_alpha and
/// joint_equilibrium_<i>_stability; then final_<m>: the last recorded value of each platform-wide metric m.
/// Unknown values (NaN, not converged, fewer equilibria, no equilibria.csv) are empty fields. Throws
/// run_folder::FolderError or RunReadError for a point folder that cannot be read.
void write_points_table(const std::filesystem::path& dir, const SweepDesign& design, const config::AxisColumns& axes);

}  // namespace aca::analysis
