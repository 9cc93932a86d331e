#pragma once
// summary.json as a typed record: what a finished run found, per collective keyed by name (format_version 2).
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "run_folder/json_file.hpp"

namespace aca::run_folder {

/// The summary.json format this build writes and reads; raise it with every change of its members.
constexpr int summary_format_version = 2;

/// One collective's outcomes (NaN and nullopt are written as null).
struct CollectiveOutcome {
  double final_alpha = 0.0;          ///< α_k after the last round
  double final_success = 0.0;        ///< S_k in the last round
  double critical_mass = 0.0;        ///< α*_k for the target success (NaN: unknown or never reached)
  double critical_mass_lower = 0.0;  ///< α*_k of the band's upper edge
  double critical_mass_upper = 0.0;  ///< α*_k of the band's lower edge
  std::optional<long> crossing_round;        ///< first round α_k ≥ α*_k
  std::optional<long> crossing_round_lower;  ///< first round α_k ≥ critical_mass_lower
  std::optional<long> crossing_round_upper;  ///< first round α_k ≥ critical_mass_upper
};

/// The privacy report of the last private fit.
struct PrivacyOutcome {
  double epsilon = 0.0, delta = 0.0, noise_multiplier = 0.0, clip = 0.0, sample_rate = 0.0;  ///< (ε, δ), σ, C, q
  long steps = 0;               ///< steps accounted
  std::string accountant;       ///< "rdp" or "prv"
  bool epsilon_holds = true;    ///< false under shuffled batches: ε assumes Poisson sampling
};

/// A fixed point of the joint participation map: one α per collective, in `collectives` order.
struct JointEquilibriumOutcome {
  std::vector<double> alpha;  ///< location
  std::string stability;      ///< stable, saddle, unstable or neutral
};

/// Success of each collective alone and beside each other one; matrices are [i][j] in `collectives` order.
struct ConstructivenessOutcome {
  std::string source;                              ///< how the successes were obtained
  std::vector<double> success_alone;               ///< S_i alone
  std::vector<std::vector<double>> success_with;   ///< S_i with j present (NaN on the diagonal)
  std::vector<std::vector<double>> raw;            ///< S_i with j − S_i alone
  std::vector<std::vector<double>> relative;       ///< raw / S_i alone
  std::vector<double> success_all_present;         ///< S_i with every collective at its final share (empty: omitted)
};

/// Something the run's results cannot vouch for (an estimate at the edge of what was estimated, ...).
struct WarningOutcome {
  std::string code;     ///< stable identifier, e.g. equilibria_beyond_grid
  std::string message;  ///< the line printed as "warning: <message>"
};

/// Everything summary.json holds.
struct SummaryRecord {
  std::string mode;                      ///< simulation mode
  std::string success_model;             ///< which collectives are present when S_k is measured
  long rounds = 0;                       ///< rounds executed
  double target_success = 0.0;           ///< the S that defines α*
  std::optional<long> converged_round;   ///< first round of the converged window
  long period = 0;                       ///< period of a detected cycle (0: none)
  std::vector<std::string> collectives;  ///< names, in the engine's order
  std::vector<CollectiveOutcome> outcomes;  ///< one per collective, same order
  std::optional<PrivacyOutcome> privacy;    ///< private learners only
  std::optional<std::vector<JointEquilibriumOutcome>> joint_equilibria;  ///< modes with a joint success model
  std::optional<ConstructivenessOutcome> constructiveness;              ///< K ≥ 2 where the mode can say
  /// Always written (empty: nothing to warn of); read as empty when absent, since format 2 files written before
  /// warnings existed lack it.
  std::vector<WarningOutcome> warnings;
};

/// The record as JSON (per-collective values are objects keyed by collective name).
Json to_json(const SummaryRecord& s);
/// The record from JSON; `where` names the file in errors. Throws FolderError for another format_version or a
/// member of the wrong type.
SummaryRecord summary_from_json(const Json& j, const std::string& where);

/// Writes `dir`/summary.json atomically.
void write_summary(const std::filesystem::path& dir, const SummaryRecord& s);
/// Reads `dir`/summary.json; throws FolderError.
SummaryRecord read_summary(const std::filesystem::path& dir);

}  // namespace aca::run_folder
