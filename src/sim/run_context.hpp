#pragma once
// What a run holds while it runs: its settings (spec), the simulated world and the round loop's own state.
#include <cstdint>
#include <vector>

#include "numerics/dynamics_diagnostics.hpp"
#include "learn/learner.hpp"
#include "sim/simulation_spec.hpp"
#include "sim/world.hpp"

namespace aca::sim {

/// The round loop's own state after a completed round (what a checkpoint saves besides the world).
struct LoopState {
  long last_round = -1;                  ///< the round this state follows (the next round is last_round + 1)
  numerics::Trajectories alpha;          ///< α_k(t) for t = 0..last_round, one trajectory per collective
  std::vector<double> success;           ///< S_k as last measured (carried between retrainings)
  double epsilon = 0.0;                  ///< ε the agents last saw (∞: non-private)
  learn::PrivacyReport privacy;          ///< privacy report of the last private fit
  numerics::ConvergenceTracker convergence;  ///< small steps so far and the converged round
  /// Learned mode with several collectives: the membership of the last round run (set every round, also between
  /// retrainings); constructiveness retrains on it at the end.
  std::vector<std::int32_t> last_membership;
  /// A fork changed the platform: learned mode trains at the next round whatever platform.retrain_every says.
  bool retrain_now = false;
};

/// A run in progress: the spec it was planned from, the world it mutates and the loop state. A fork restores the
/// world's state and the loop state into a context built from the changed scenario.
struct RunContext {
  SimulationSpec spec;  ///< typed settings of the loop
  World world;          ///< agents, data, learner and streams
  LoopState loop;       ///< trajectories, success, privacy, convergence

  /// Number of collectives.
  std::size_t collectives() const { return spec.collectives.size(); }
};

/// Builds the context of a validated scenario short of any training: spec and world, an empty loop state with
/// one trajectory per collective. This is the plan stage of `run`, `fork` and `validate`.
RunContext plan_run(const config::Scenario& scenario);

}  // namespace aca::sim
