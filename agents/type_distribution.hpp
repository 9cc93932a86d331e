#pragma once
// Drawing agent types (benefit, costs, inertia) from the distributions a scenario declares.
#include <filesystem>
#include <string>
#include <vector>

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

/// Quantile function: the value below which a draw falls with probability `p` (p is clamped into (0, 1)).
/// Empirical columns use the lower empirical quantile. Normal/lognormal `min`/`max` clip the result.
double quantile(const config::Distribution& dist, double p, const std::filesystem::path& base_dir = ".");

/// `n` joint draws of several types through a Gaussian copula: correlated standard normals z = L·g (L the
/// Cholesky factor of `correlation`, g drawn agent by agent from `engine`), mapped to uniforms by the normal CDF
/// and through each marginal's quantile function. Returns one array per distribution, in order.
/// Throws std::invalid_argument when `correlation` is not positive definite or has the wrong size.
std::vector<Eigen::ArrayXd> sample_copula(const std::vector<config::Distribution>& marginals,
                                          const std::vector<std::vector<double>>& correlation, std::size_t n,
                                          util::Engine& engine, const std::filesystem::path& base_dir = ".");

}  // namespace aca::agents
