#pragma once
// Drawing agent types (benefit, costs, inertia) from the distributions a scenario declares.
#include <filesystem>
#include <string>

#include <Eigen/Core>

#include "config/scenario.hpp"
#include "util/rng.hpp"

namespace aca::agents {

/// `n` independent draws from `dist` using `engine` (Boost.Random distributions: specified output).
/// Relative `empirical` files are resolved against `base_dir`. Throws std::runtime_error on unreadable data.
Eigen::ArrayXd sample(const config::Distribution& dist, std::size_t n, util::Engine& engine,
                      const std::filesystem::path& base_dir = ".");

/// The distribution's mean where it has a closed form (NaN for empirical).
double mean(const config::Distribution& dist);

}  // namespace aca::agents
