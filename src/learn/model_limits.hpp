#pragma once
// What LibTorch can hold, checked from the settings and the data before the model is built, so that a model too
// large for memory or a setting too large for a float is refused by `validate` instead of failing in training.
#include <cstdint>
#include <vector>

#include "config/scenario.hpp"
#include "data/train_set.hpp"
#include "learn/learner.hpp"

namespace aca::learn {

/// Weights and biases of the model make_net builds for `spec` on rows of `shape` (flat {d} when empty) and
/// `classes` labels, counted without building it (a double: absurd sizes must not overflow); 0 for a CNN on rows
/// that are not {C, H, W} images with H and W divisible by 4 (make_net refuses those).
double model_parameter_count(const ModelSpec& spec, const std::vector<std::int64_t>& shape, std::int64_t d, int classes);

/// Throws config::ScenarioError listing each problem at its key: a model `platform` declares with more than
/// `max_parameters` on `train`'s rows (at platform.model.hidden for an MLP, else platform.model.kind; learners without
/// a model, bayes_optimal, pass), and each setting LibTorch holds as a float (learning_rate, weight_decay,
/// privacy.clip, privacy.noise_multiplier and its product with clip, gdro.eta_q, gdro.adjustment) beyond the
/// largest float, 3.4 × 10^38.
void check_model_limits(const config::View& platform, const data::TrainSet& train, std::int64_t max_parameters);

}  // namespace aca::learn
