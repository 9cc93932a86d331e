#pragma once
// The `gaussian_mixture` source: K classes in R^dim, unit-variance isotropic noise, class means pairwise
// `separation` apart (a regular simplex), so separation alone sets how hard the classes are to tell apart.
#include <cstdint>
#include <vector>

#include "data/dataset.hpp"

namespace aca::data {

/// Parameters of the mixture.
struct GaussianMixtureParams {
  int classes = 2;                    ///< K
  int dim = 10;                       ///< feature dimension
  double separation = 2.0;            ///< ‖μ_a − μ_b‖ for every pair of classes
  std::vector<double> class_weights;  ///< class probabilities (normalised); empty = equal
};

/// Reads [data.gaussian_mixture].
GaussianMixtureParams gaussian_mixture_params(const config::View& root);

/// Class means: row k is μ_k (K × dim, row-major). Needs K ≤ dim + 1 for an exact simplex; with more classes
/// the means are random directions scaled to the same norm (drawn from `rng`).
std::vector<double> gaussian_mixture_means(const GaussianMixtureParams& p, util::Engine& rng);

/// The mixture dataset: pool of train_points + test_points draws.
class GaussianMixtureDataset : public Dataset {
 public:
  GaussianMixtureDataset(GaussianMixtureParams params, std::int64_t train_points, std::int64_t test_points,
                         util::Engine& rng);
  std::string kind() const override { return "gaussian_mixture"; }
  /// Class means used (K × dim, row-major).
  const std::vector<double>& means() const { return means_; }

 private:
  std::vector<double> means_;
};

/// Draws n labelled points of the mixture (used by the dataset and by spurious_groups).
TrainSet sample_gaussian_mixture(const GaussianMixtureParams& p, const std::vector<double>& means, std::int64_t n,
                                 util::Engine& rng);

}  // namespace aca::data
