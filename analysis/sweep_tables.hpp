#pragma once
// The tables of a finished sweep built from its point folders (points.csv, panel.csv), written together once every
// point is complete: by `acasim sweep` when it ends, by `acasim analyze` for a folder that lacks them.
#include <filesystem>
#include <vector>

namespace aca::analysis {

/// What write_sweep_tables did.
struct SweepTables {
  std::vector<std::filesystem::path> written;  ///< the tables written (none when a point is not complete)
  long points = 0;                             ///< points × replicates of the design
  long incomplete = 0;                         ///< of them, not complete (then nothing is written)
};

/// Writes `dir`/points.csv (points_table) and `dir`/panel.csv (sweep_panel) from the design and the point folders,
/// each atomically, when every point is complete; otherwise writes nothing and says how many are not. In a folder of
/// an older build first renames its points.csv (the design) to design.csv (adopt_older_design). With
/// `only_missing`, a table already present is left as it is. The axis columns' per-collective suffixes come from
/// the first point's collectives. Throws RunReadError when `dir` is not a sweep folder or a file is malformed.
SweepTables write_sweep_tables(const std::filesystem::path& dir, bool only_missing = false);

}  // namespace aca::analysis
