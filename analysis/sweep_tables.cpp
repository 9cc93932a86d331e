#include "analysis/sweep_tables.hpp"

#include "analysis/points_table.hpp"
#include "analysis/sweep_design.hpp"
#include "analysis/sweep_panel.hpp"
#include "config/axis_columns.hpp"
#include "run_folder/run_status.hpp"
#include "run_folder/summary_record.hpp"

namespace aca::analysis {

SweepTables write_sweep_tables(const std::filesystem::path& dir, bool only_missing) {
  namespace fs = std::filesystem;
  adopt_older_design(dir);
  const SweepDesign design = read_sweep_design(dir);
  SweepTables out;
  out.points = static_cast<long>(design.points.size());
  for (const auto& p : design.points)
    if (!run_folder::run_complete(dir / "points" / p.id)) ++out.incomplete;
  // Never a table of some points passing for the sweep's: all of them, or none.
  if (out.incomplete > 0 || design.points.empty()) return out;
  std::vector<std::vector<config::Override>> settings;
  for (const auto& p : design.points) settings.push_back(p.settings);
  const auto collectives = run_folder::read_summary(dir / "points" / design.points.front().id).collectives;
  const config::AxisColumns axes = config::axis_columns(settings, collectives);
  if (!only_missing || !fs::exists(dir / "points.csv")) {
    write_points_table(dir, design, axes);
    out.written.push_back(dir / "points.csv");
  }
  if (!only_missing || !fs::exists(dir / "panel.csv")) {
    write_sweep_panel(dir, design, axes);
    out.written.push_back(dir / "panel.csv");
  }
  return out;
}

}  // namespace aca::analysis
