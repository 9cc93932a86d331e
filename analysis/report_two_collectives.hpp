#pragma once
// Report sections on the engine's participation maps across all α: the joint map of two collectives (equilibria,
// saddle, basins, phase plane) and each collective's map alone.
#include <cstddef>

#include "analysis/report_builder.hpp"

namespace aca::analysis {

/// "Two collectives": for each run with participation_map_joint.csv (a single run, or replicate 0 of at most three
/// sweep configurations), the joint equilibria with their stability and basin share, and the phase plane.
void add_two_collectives(ReportBuilder& r);

/// Draws map `m` across all α from its run's participation_map.csv (labelled "alone" when the run has several
/// collectives) with the observed transitions as dots; false, drawing nothing, when the run has no such file.
bool add_alone_map_figure(ReportBuilder& r, const ParticipationMap& m, std::size_t index);

}  // namespace aca::analysis
