#pragma once
// How the critical mass moves with a policy parameter (ε, clipping C, learner): the table a policy analyst
// asks for, one row per configuration.
#include <filesystem>
#include <string>
#include <vector>

#include "numerics/critical_mass.hpp"

namespace aca::analysis {

/// Critical masses of one series of configurations (e.g. one learner) over a policy parameter.
struct CriticalMassSeries {
  std::string label;                            ///< series name, e.g. "ERM" or "DP-SGD"
  std::string parameter;                        ///< name of the varied parameter, e.g. "epsilon"
  std::vector<double> x;                        ///< parameter values
  std::vector<numerics::CriticalMassInterval> intervals;  ///< α* with its bootstrap interval at each x
};

/// Machine name of a status: "reached", "at_grid_start", "not_reached".
std::string to_string(numerics::CriticalMassStatus s);

/// Writes a tidy CSV atomically, one row per (series, x): series, parameter, x, target, status, alpha_star
/// (empty when not reached), max_alpha_tested, level, lower, upper ("inf" when beyond the grid),
/// resamples, resamples_not_reached.
void write_critical_mass_table(const std::filesystem::path& path, const std::vector<CriticalMassSeries>& series);

}  // namespace aca::analysis
