#pragma once
// The checks of a scenario that need its built world (data layout, collectives, learner, network): run when a world
// is made, so that `validate`, `run`, `sweep` and `fork` refuse the same scenarios, before any training.
#include "config/diagnostics.hpp"
#include "sim/world.hpp"

namespace aca::sim {

/// Why mode = "theory" cannot give S_k(α) for this world (empty when it can): the closed forms need categorical
/// data and, per collective, an assign signal, feature_label or feature_only, one target and an enumerable space.
config::Diagnostics theory_problems(const World& w);

/// Every problem of the world's scenario that only its built parts reveal: a decision setup that plans with success
/// curves in learned mode, what theory mode needs, what the learner needs of the data, gradient_cancel against the
/// platform's model. Throws config::ScenarioError listing them all, each located at its key.
void check_plan(const World& w);

}  // namespace aca::sim
