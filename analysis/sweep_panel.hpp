#pragma once
// panel.csv of a sweep folder: every point's metrics.csv in one wide table, one row per point × replicate × round ×
// collective, the axis values and every metric as columns — the table a regression or a plot starts from.
#include <filesystem>

#include "analysis/sweep_design.hpp"
#include "config/axis_columns.hpp"

namespace aca::analysis {

/// The `collective` of panel.csv's platform-wide rows (metrics.csv's empty collective).
inline constexpr const char* panel_platform = "platform";

/// Writes `dir`/panel.csv atomically for `design` (every point complete), `axes` being its axis columns. Columns:
/// point, replicate, the axis columns, round, collective (a collective's name, `none` for non-members' flows,
/// `platform` for platform-wide metrics), then one column per metric (util::column_name of its name) over the whole sweep in order of first
/// appearance, empty where a row has no value (or a NaN). Rows in design order, then round, then collectives in
/// order of first appearance, `none`, `platform`. Reads each metrics.csv twice (metric names, then rows) so that
/// memory stays one point's. Throws RunReadError for a malformed metrics.csv.
void write_sweep_panel(const std::filesystem::path& dir, const SweepDesign& design, const config::AxisColumns& axes);

}  // namespace aca::analysis
