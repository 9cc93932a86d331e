#pragma once
// Global sensitivity of a sobol or morris sweep: first-order and total Sobol indices, or Morris's μ*, μ and σ, of
// every outcome of points.csv against every swept parameter (analysis/sensitivity.csv).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "analysis/sobol_indices.hpp"

namespace aca::analysis {

/// Name of the random stream the sensitivity bootstrap draws from (of AnalyzeOptions::seed, one index per outcome).
inline constexpr const char* sensitivity_stream = "analysis.sensitivity";

/// One index of one outcome against one parameter.
struct SensitivityEstimate {
  std::string collective;   ///< the collective whose outcome it is ("platform" for platform-wide outcomes)
  std::string outcome;      ///< the outcome (points.csv column without the collective's prefix: final_alpha, ...)
  std::string parameter;    ///< the swept key
  /// sobol: "first_order", "total"; morris: "mu_star" (with its interval), "mu", "sigma" (no interval).
  std::string index;
  IndexEstimate estimate;   ///< the value and its bootstrap interval (NaN ends where none)
  std::size_t samples = 0;  ///< sobol: complete base samples used; morris: elementary effects used
};

/// The indices of a sweep.
struct SweepSensitivity {
  std::string design;                      ///< "sobol" or "morris"
  std::vector<std::string> parameters;     ///< the swept keys, in axis order
  std::vector<SensitivityEstimate> rows;   ///< per outcome (points.csv order), parameter and index
  /// Outcomes left out, each with why ("c final_success: does not vary over the design").
  std::vector<std::string> skipped;
  std::size_t resamples = 0;               ///< bootstrap resamples
  double level = 0.95;                     ///< coverage of the intervals
};

/// The outcomes of points.csv analysed: every collective's critical_mass, final_alpha, final_success and
/// equilibrium_<k>_alpha, the joint equilibria's alphas, and the platform's final welfare, clean and worst-group
/// accuracy, non-members' payoff and exact Bayes success.
bool is_sensitivity_outcome(const std::string& column);

/// The indices of the sweep folder `dir` from its sensitivity_design.csv (acasim sweep writes it for a full sobol
/// or morris design) and points.csv, averaging an outcome over a configuration's replicates and leaving out
/// Saltelli base samples or Morris steps with an outcome missing; `collectives` name the prefixes of per-collective
/// columns, `axes` the parameters in order. Empty when the folder has no sensitivity_design.csv or no points.csv
/// (not every point complete). Bootstrap: `resamples` at `level`, stream sensitivity_stream of `seed`. Throws
/// RunReadError for a malformed table.
std::optional<SweepSensitivity> sweep_sensitivity(const std::filesystem::path& dir,
                                                  const std::vector<std::string>& collectives,
                                                  const std::vector<std::string>& axes, std::uint64_t seed,
                                                  std::size_t resamples, double level);

/// The header of analysis/sensitivity.csv: design, collective, outcome, parameter, index, estimate, lower, upper,
/// level, samples, resamples.
std::vector<std::string> sensitivity_header();

/// The row of analysis/sensitivity.csv for `e` (empty cells for NaN).
std::vector<std::string> sensitivity_row(const SweepSensitivity& s, const SensitivityEstimate& e);

}  // namespace aca::analysis
