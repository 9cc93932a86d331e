#pragma once
// What a platform learner needs of the data it will train on, checked when a run is planned so that a scenario
// that cannot train is refused by `validate` (and `run`) before any training, at the [platform] key that asks for it.
#include <cstdint>

#include "config/diagnostics.hpp"
#include "data/train_set.hpp"
#include "learn/learner.hpp"

namespace aca::config {
class View;
}

namespace aca::learn {

/// Throws what make_learner throws for `spec` short of building the learner: std::invalid_argument for an unknown
/// learner or device or inconsistent settings, std::runtime_error for device = "cuda" without CUDA.
void check_learner(const LearnerSpec& spec);

/// Adds to `out` one diagnostic per need of `spec` (read from `platform`) that training sets shaped like `layout`
/// with `train_rows` rows cannot meet: a CNN without images, bayes_optimal without categorical features, gdro on
/// the data's groups without a group column, a model without two labels, an unreachable target ε, the prv
/// accountant on full batches (q = 1, where it does not apply), CUDA where none is available.
void check_learner_requirements(const config::View& platform, const LearnerSpec& spec, const data::TrainSet& layout,
                         std::int64_t train_rows, config::Diagnostics& out);

}  // namespace aca::learn
