#pragma once
// The settings that drive a run's round loop, read once from the scenario as typed values.
#include <cstdint>
#include <string>
#include <vector>

#include "config/scenario.hpp"

namespace aca::sim {

/// What the round engine needs to know of the scenario; nothing in the loop reads a raw key.
struct SimulationSpec {
  std::string mode;                      ///< simulation.mode: learned, response_curve or theory
  std::uint64_t seed = 0;                ///< simulation.seed
  int threads = 0;                       ///< simulation.threads (0 = one per core)
  long rounds = 0;                       ///< simulation.rounds
  long retrain_every = 1;                ///< platform.retrain_every (learned mode)
  double convergence_tolerance = 0.0;    ///< simulation.convergence_tolerance, or its default (sampling_noise)
  bool convergence_tolerance_set = false;  ///< the scenario sets convergence_tolerance itself
  /// Largest standard deviation of α's sampling noise from the decision rule: 1/(2√n) for a stochastic rule
  /// (logit, imitation) over n agents, 0 for a deterministic one.
  double sampling_noise = 0.0;
  long convergence_window = 1;           ///< simulation.convergence_window
  bool stop_on_convergence = false;      ///< simulation.stop_when = "converged"
  double target_success = 0.0;           ///< analysis.target_success, the S that defines α*
  std::vector<std::string> collectives;  ///< collective names as outputs record them ("c<k>" for unnamed ones)
};

/// Reads the spec of a validated scenario.
SimulationSpec simulation_spec(const config::Scenario& scenario);

/// The default convergence tolerance: 0.001, or the sampling noise when that is larger, so that a stochastic
/// rule's steady state, whose α moves by about the noise every round, counts as converged.
double default_convergence_tolerance(double sampling_noise);

}  // namespace aca::sim
