#pragma once
// A fork: the same simulated world from a checkpoint on, under changed settings (a policy counterfactual). Which
// keys may change, the checks on a fork's settings, and what is rebuilt when a checkpoint is restored into a world
// planned from the changed scenario.
#include <string>
#include <vector>

#include "config/scenario.hpp"
#include "sim/run_context.hpp"

namespace aca::sim {

/// Keys and tables a fork may not change: they define the simulated world (data, collectives, agents, network,
/// seed, mode) or act only at round 0 (initial members); sweep.* is not part of a run.
const std::vector<std::string>& frozen_fork_keys();

/// True when a fork may change `key` (dotted, array indices as in --set: `collective.0.target`).
bool fork_may_change(const std::string& key);

/// Every scenario key a fork may change (schema paths, as docs/scenario-reference.md spells them), in schema order.
std::vector<std::string> forkable_keys();

/// Throws config::ScenarioError naming, as the user wrote it, every key of `overrides` a fork may not change
/// (checked before the changed scenario is read, so that the refusal names the key and not a consequence of it).
void check_fork_keys(const std::vector<config::Override>& overrides);

/// Throws config::ScenarioError naming every key a fork from round `round` cannot honour: each of `overrides`
/// whose key is frozen (named as the user wrote it), any frozen key on which `changed` differs from `original`,
/// and simulation.rounds when it leaves no round after `round`.
void check_fork(const config::Scenario& original, const config::Scenario& changed, long round,
                const std::vector<config::Override>& overrides = {});

/// The convergence record of the trajectories `alpha` (rounds 0..last_round) read under `spec`'s tolerance and
/// window. Throws config::ScenarioError when `spec` stops on convergence and the record says the run had already
/// stopped: a fork cannot continue a run that its own settings would have ended.
numerics::ConvergenceTracker fork_convergence(const SimulationSpec& spec, const numerics::Trajectories& alpha,
                                              long last_round);

/// After a checkpoint of the scenario `saved` was restored into `ctx` (planned from a changed scenario), rebuilds
/// what the checkpoint's history determines under the changed settings: the convergence record is replayed on the
/// restored trajectories with the new tolerance and window, and when any platform key changed, the privacy report
/// and the ε the agents see become the (restored or new) learner's and the platform trains at the next round.
/// Throws config::ScenarioError when the new convergence settings say the run had already stopped.
void rebuild_after_fork(RunContext& ctx, const config::Scenario& saved, bool learner_restored);

}  // namespace aca::sim
