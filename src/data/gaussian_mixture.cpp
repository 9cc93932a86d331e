#include "data/gaussian_mixture.hpp"

#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

#include <boost/random/discrete_distribution.hpp>
#include <boost/random/normal_distribution.hpp>

#include "config/scenario.hpp"

namespace aca::data {

GaussianMixtureParams gaussian_mixture_params(const config::View& root) {
  const config::View g = root.sub("data").sub("gaussian_mixture");
  GaussianMixtureParams p;
  p.classes = static_cast<int>(g.integer("classes"));
  p.dim = static_cast<int>(g.integer("dim"));
  p.separation = g.real("separation");
  p.class_weights = g.reals("class_weights");
  return p;
}

std::vector<double> gaussian_mixture_means(const GaussianMixtureParams& p, util::Engine& rng) {
  const auto K = static_cast<std::size_t>(p.classes), D = static_cast<std::size_t>(p.dim);
  std::vector<double> mu(K * D, 0.0);
  if (p.classes <= p.dim) {
    // Scaled basis vectors e_k·s/√2 are pairwise exactly s apart.
    for (std::size_t k = 0; k < K; ++k) mu[k * D + k] = p.separation / std::sqrt(2.0);
  } else if (p.classes == p.dim + 1) {
    // One class more than dimensions: the extra mean sits on the diagonal (t, …, t), t < 0, at distance s
    // from every scaled basis vector.
    const double a = p.separation / std::sqrt(2.0);
    for (std::size_t k = 0; k + 1 < K; ++k) mu[k * D + k] = a;
    // ‖(a,0,…) − (t,…,t)‖² = (a−t)² + (D−1)t² = 2a²  →  D t² − 2a t − a² = 0.
    const double t = (2 * a - std::sqrt(4 * a * a + 4 * static_cast<double>(D) * a * a)) / (2 * static_cast<double>(D));
    for (std::size_t j = 0; j < D; ++j) mu[(K - 1) * D + j] = t;
  } else {
    boost::random::normal_distribution<double> z;
    for (std::size_t k = 0; k < K; ++k) {
      double norm = 0.0;
      for (std::size_t j = 0; j < D; ++j) norm += (mu[k * D + j] = z(rng)) * mu[k * D + j];
      norm = std::sqrt(norm);
      for (std::size_t j = 0; j < D; ++j) mu[k * D + j] *= p.separation / std::sqrt(2.0) / (norm > 0 ? norm : 1.0);
    }
  }
  return mu;
}

TrainSet sample_gaussian_mixture(const GaussianMixtureParams& p, const std::vector<double>& means, std::int64_t n,
                                 util::Engine& rng) {
  std::vector<double> w = p.class_weights;
  if (w.empty()) w.assign(static_cast<std::size_t>(p.classes), 1.0);
  if (static_cast<int>(w.size()) != p.classes)
    throw std::runtime_error("gaussian_mixture: class_weights has " + std::to_string(w.size()) + " entries for " +
                             std::to_string(p.classes) + " classes");
  if (std::accumulate(w.begin(), w.end(), 0.0) <= 0) throw std::runtime_error("gaussian_mixture: class_weights sum to 0");
  boost::random::discrete_distribution<int, double> cls(w.begin(), w.end());
  boost::random::normal_distribution<double> z;
  TrainSet s;
  s.n = n;
  s.d = p.dim;
  s.num_classes = p.classes;
  s.x.resize(static_cast<std::size_t>(n * p.dim));
  s.y.resize(static_cast<std::size_t>(n));
  const auto D = static_cast<std::size_t>(p.dim);
  for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i) {
    const int k = cls(rng);
    s.y[i] = k;
    for (std::size_t j = 0; j < D; ++j) s.x[i * D + j] = static_cast<float>(means[static_cast<std::size_t>(k) * D + j] + z(rng));
  }
  return s;
}

GaussianMixtureDataset::GaussianMixtureDataset(GaussianMixtureParams params, std::int64_t train_points,
                                               std::int64_t test_points, util::Engine& rng) {
  means_ = gaussian_mixture_means(params, rng);
  split(sample_gaussian_mixture(params, means_, train_points + test_points, rng), test_points, rng);
}

}  // namespace aca::data
