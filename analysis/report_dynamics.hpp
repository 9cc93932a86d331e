#pragma once
// The report's "Dynamics" section: participation and success over rounds, across replicates where a sweep has them.
#include <string>
#include <vector>

#include "analysis/report_builder.hpp"

namespace aca::analysis {

/// Most configurations one replicate figure draws (one colour each); further ones go to further figures.
inline constexpr std::size_t replicate_figure_configurations = 6;
/// Most replicate figures per collective; the report says how many configurations it left out.
inline constexpr std::size_t max_replicate_figures = 4;
/// Most runs the single-trajectory figure draws (sweeps with one replicate per configuration).
inline constexpr std::size_t max_trajectory_runs = 12;

/// Legend text of a configuration in the reader's words (config::settings_label): the settings whose value differs
/// between `configurations`, as "ε = 4, learner: Group DRO" ("" when none differs).
std::string configuration_legend(const std::vector<Setting>& settings,
                                 const std::vector<std::vector<Setting>>& configurations);

/// Appends the section: with several replicates per configuration, α_k(t) and S_k(t) per collective with one thin
/// line per replicate, the mean bold and the min–max band; else the α(t), S(t) trajectories (one run per
/// configuration: no band to draw); then the convergence table.
void add_dynamics(ReportBuilder& r);

}  // namespace aca::analysis
