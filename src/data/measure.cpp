#include "data/measure.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "data/signal.hpp"

namespace aca::data {

namespace {
std::vector<std::int64_t> predict(const Predictor& f, const TrainSet& s) {
  std::vector<std::int64_t> p = f(s);
  if (static_cast<std::int64_t>(p.size()) != s.n)
    throw std::runtime_error("predictor returned " + std::to_string(p.size()) + " labels for " + std::to_string(s.n) + " rows");
  return p;
}
}  // namespace

Proportion wilson(std::int64_t k, std::int64_t n, double z) {
  Proportion p;
  p.successes = k;
  p.trials = n;
  if (n <= 0) return p;
  const double nn = static_cast<double>(n), ph = static_cast<double>(k) / nn, z2 = z * z;
  const double centre = (ph + z2 / (2 * nn)) / (1 + z2 / nn);
  const double half = z / (1 + z2 / nn) * std::sqrt(ph * (1 - ph) / nn + z2 / (4 * nn * nn));
  p.estimate = ph;
  p.lower = std::max(0.0, centre - half);
  p.upper = std::min(1.0, centre + half);
  return p;
}

Proportion collective_success(const TrainSet& test, const CollectiveSpec& c, const Predictor& f) {
  if (c.strategy == Strategy::gradient_cancel)
    throw std::invalid_argument("collective " + c.name + ": gradient_cancel success is measured with theta_agreement / theta_distance");
  const std::vector<std::int64_t> on_signal = predict(f, with_signal(c.signal, test));
  std::int64_t k = 0;
  if (c.strategy == Strategy::erasure) {
    const std::vector<std::int64_t> clean = predict(f, test);
    for (std::size_t i = 0; i < clean.size(); ++i) k += on_signal[i] == clean[i];
  } else {
    const std::vector<std::int64_t> targets = target_labels(c);
    for (auto p : on_signal) k += std::find(targets.begin(), targets.end(), p) != targets.end();
  }
  return wilson(k, test.n);
}

Proportion clean_accuracy(const TrainSet& test, const Predictor& f) {
  const std::vector<std::int64_t> p = predict(f, test);
  std::int64_t k = 0;
  for (std::size_t i = 0; i < p.size(); ++i) k += p[i] == test.y[i];
  return wilson(k, test.n);
}

std::vector<Proportion> group_accuracy(const TrainSet& test, const std::vector<std::int64_t>& predictions) {
  if (test.group.empty()) return {};
  if (static_cast<std::int64_t>(predictions.size()) != test.n)
    throw std::invalid_argument("group_accuracy: " + std::to_string(predictions.size()) + " predictions for " +
                                std::to_string(test.n) + " rows");
  std::vector<std::int64_t> hit(static_cast<std::size_t>(test.num_groups), 0), all(hit.size(), 0);
  for (std::size_t i = 0; i < predictions.size(); ++i) {
    const auto g = static_cast<std::size_t>(test.group[i]);
    ++all[g];
    hit[g] += predictions[i] == test.y[i];
  }
  std::vector<Proportion> out;
  for (std::size_t g = 0; g < hit.size(); ++g) out.push_back(wilson(hit[g], all[g]));
  return out;
}

double worst_group_accuracy(const std::vector<Proportion>& groups) {
  double w = 1.0;
  for (const auto& g : groups)
    if (g.trials > 0) w = std::min(w, g.estimate);
  return w;
}

Proportion theta_agreement(const TrainSet& test, const std::vector<double>& theta_star, const Predictor& f,
                           double threshold) {
  if (theta_star.size() != static_cast<std::size_t>(test.d + 1))
    throw std::invalid_argument("theta_agreement: θ* needs d + 1 entries");
  const std::vector<std::int64_t> p = predict(f, test);
  std::int64_t k = 0;
  for (std::int64_t i = 0; i < test.n; ++i) {
    double z = theta_star.back();
    for (std::int64_t j = 0; j < test.d; ++j) z += theta_star[static_cast<std::size_t>(j)] * test.x[static_cast<std::size_t>(i * test.d + j)];
    k += p[static_cast<std::size_t>(i)] == (z > threshold ? 1 : 0);
  }
  return wilson(k, test.n);
}

double theta_distance(const std::vector<double>& theta, const std::vector<double>& theta_star) {
  if (theta.size() != theta_star.size()) throw std::invalid_argument("theta_distance: sizes differ");
  double s = 0;
  for (std::size_t i = 0; i < theta.size(); ++i) s += (theta[i] - theta_star[i]) * (theta[i] - theta_star[i]);
  return std::sqrt(s);
}

}  // namespace aca::data
