#pragma once
// What a finished run found: final state, critical mass, equilibria, constructiveness and privacy, as plain
// values (written by run_writer.hpp, returned to the caller by sim::run).
#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "numerics/constructiveness.hpp"
#include "learn/learner.hpp"

namespace aca::sim {

/// A fixed point of one collective's participation map α ↦ Pr[join | S(α)].
struct Equilibrium {
  std::string collective;   ///< collective name
  double alpha = 0.0;       ///< α at the fixed point
  double slope = 0.0;       ///< F'(α)
  std::string stability;    ///< stable, unstable or neutral
  bool tipping_point = false;  ///< unstable between two stable fixed points
  bool mean_field = false;     ///< the map averages over the whole population although agents look at neighbours
};

/// Something a result cannot vouch for (an estimate at the edge of what was estimated, a tolerance below the noise):
/// printed as "warning: <message>", kept in summary.json's `warnings` and shown by the report.
struct RunWarning {
  std::string code;     ///< stable identifier: equilibria_beyond_grid, mean_field_map, tolerance_below_noise
  std::string message;  ///< one line naming the keys and values involved and what to do
};

/// A fixed point of K collectives' joint participation map (α_1, …, α_K) ↦ shares choosing each collective.
struct JointEquilibrium {
  std::vector<double> alpha;            ///< location, one share per collective
  std::string stability;                ///< stable, saddle (separates basins), unstable or neutral
  std::vector<double> eigen_modulus;    ///< moduli of the Jacobian's eigenvalues, largest first (one per collective)
  bool complex_eigenvalues = false;     ///< some eigenvalues are a complex pair (the dynamics spiral)
};

/// Each collective's critical mass α*_k for the target success and its band (NaN where never reached).
struct CriticalMasses {
  std::vector<double> point;  ///< α*_k from the curve
  std::vector<double> lower;  ///< α*_k of the band's upper edge (reaches the target first)
  std::vector<double> upper;  ///< α*_k of the band's lower edge
};

/// Each collective's success alone and beside each other one, and where the numbers came from.
struct PairwiseOutcome {
  numerics::PairwiseSuccess success;  ///< S_i alone and S_i with j present
  std::vector<double> all_present;    ///< S_i with every collective present (K ≥ 3 joint models; empty otherwise)
  std::string source;                 ///< how they were obtained (summary.json's constructiveness.source)
};

/// What a finished run reports back to the caller.
struct RunSummary {
  long rounds = 0;                        ///< rounds executed
  std::string mode;                       ///< simulation mode
  std::string success_model;              ///< which collectives are present when S_k is measured
  std::vector<std::string> collectives;   ///< collective names
  std::vector<double> final_alpha;        ///< α_k after the last round
  std::vector<double> final_success;      ///< S_k in the last round
  double target_success = 0.0;            ///< analysis.target_success, the S that defines α*
  std::vector<double> critical_mass;      ///< α*_k for analysis.target_success from the curve (NaN in learned mode)
  std::vector<double> critical_mass_lower;  ///< α*_k of the band's upper edge (reaches the target first; NaN if never)
  std::vector<double> critical_mass_upper;  ///< α*_k of the band's lower edge (NaN if never)
  std::vector<long> crossed_round;        ///< first round α_k ≥ α*_k (−1: never or no α*)
  std::vector<long> crossed_round_lower;  ///< first round α_k ≥ critical_mass_lower (−1: never)
  std::vector<long> crossed_round_upper;  ///< first round α_k ≥ critical_mass_upper (−1: never)
  bool stopped = false;                   ///< ended by stop_after before the last round
  long converged_round = -1;              ///< first round of the converged window, or -1
  long period = 0;                        ///< period of a detected cycle (0 when none or converged)
  std::vector<Equilibrium> equilibria;    ///< fixed points of the participation maps (curve modes)
  /// Fixed points of the joint map where the success model has one (curve modes with K ≥ 2; may be empty).
  std::optional<std::vector<JointEquilibrium>> joint_equilibria;
  learn::PrivacyReport privacy;           ///< the last private fit's report (is_private false otherwise)
  std::optional<PairwiseOutcome> pairwise;           ///< K ≥ 2 where the mode can say: success alone and beside
  std::optional<numerics::Constructiveness> constructiveness;  ///< computed from `pairwise`
  std::vector<RunWarning> warnings;       ///< what the results above cannot vouch for (empty: nothing)
  std::filesystem::path out_dir;          ///< where the outputs are
};

}  // namespace aca::sim
