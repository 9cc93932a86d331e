#include "data/categorical.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include "config/scenario.hpp"
#include "util/rng.hpp"

namespace aca::data {

namespace {
// A hash of the features outside S, so that Δ_x and h(x) vary across cells but never with the draw order.
std::uint64_t cell_hash(const std::vector<int>& x, const std::vector<int>& skip, std::uint64_t salt) {
  std::uint64_t h = util::mix64(salt);
  for (std::size_t j = 0; j < x.size(); ++j) {
    if (std::find(skip.begin(), skip.end(), static_cast<int>(j)) != skip.end()) continue;
    h = util::mix64(h ^ (static_cast<std::uint64_t>(x[j]) + 0x9e37u * (j + 1)));
  }
  return h;
}
}  // namespace

CategoricalModel::CategoricalModel(CategoricalParams params) : params_(std::move(params)) {
  const auto& P = params_;
  auto fail = [](const std::string& m) { throw std::invalid_argument("categorical data: " + m); };
  if (P.features < 1 || P.cardinality < 2 || P.labels < 2) fail("needs features ≥ 1, cardinality ≥ 2, labels ≥ 2");
  if (P.signal_features.empty() || P.signal_features.size() != P.signal_values.size())
    fail("the signal needs at least one feature and one value per feature");
  for (std::size_t i = 0; i < P.signal_features.size(); ++i) {
    const int f = P.signal_features[i], v = P.signal_values[i];
    if (f < 0 || f >= P.features) fail("signal feature " + std::to_string(f) + " is not in [0, " + std::to_string(P.features) + ")");
    if (v < 0 || v >= P.cardinality) fail("signal value " + std::to_string(v) + " is not in [0, " + std::to_string(P.cardinality) + ")");
    if (std::count(P.signal_features.begin(), P.signal_features.end(), f) > 1) fail("signal feature " + std::to_string(f) + " is listed twice");
  }
  if (P.target < 0 || P.target >= P.labels) fail("target " + std::to_string(P.target) + " is not a label");
  if (!(P.xi >= 0 && P.xi <= 1 && P.delta0 >= 0 && P.p >= 0 && P.label_noise >= 0 && P.label_noise <= 1))
    fail("xi, delta0, p and label_noise must lie in [0, 1]");
  if (2 * P.p + P.delta0 > 1 + 1e-12) fail("needs 2·p + delta0 ≤ 1");
  if (P.delta_levels < 1) fail("delta_levels must be ≥ 1");
  signal_cells_ = std::pow(static_cast<double>(P.cardinality), P.features - static_cast<int>(P.signal_features.size()));
  if (static_cast<int>(P.signal_features.size()) == P.features && P.xi < 1.0)
    fail("the signal fixes every feature, so X* is one point and the rest of the space must carry 1 − ξ; "
         "leave at least one feature free");
}

double CategoricalModel::space_size() const { return std::pow(static_cast<double>(params_.cardinality), params_.features); }

bool CategoricalModel::in_signal_set(const std::vector<int>& x) const {
  for (std::size_t i = 0; i < params_.signal_features.size(); ++i)
    if (x[static_cast<std::size_t>(params_.signal_features[i])] != params_.signal_values[i]) return false;
  return true;
}

double CategoricalModel::p_x(const std::vector<int>& x) const {
  if (in_signal_set(x)) return params_.xi / signal_cells_;
  return (1.0 - params_.xi) / (space_size() - signal_cells_);
}

int CategoricalModel::level(const std::vector<int>& x) const {
  return 1 + static_cast<int>(cell_hash(x, params_.signal_features, 11) % static_cast<std::uint64_t>(params_.delta_levels));
}

int CategoricalModel::favourite(const std::vector<int>& x) const {
  return static_cast<int>(cell_hash(x, {}, 23) % static_cast<std::uint64_t>(params_.labels));
}

double CategoricalModel::clean_y_given_x(const std::vector<int>& x, int y) const {
  const auto& P = params_;
  if (in_signal_set(x)) {
    const double dx = P.delta0 * level(x) / P.delta_levels;
    const double share = (1.0 - 2.0 * P.p - dx) / P.labels;
    const int competitor = (P.target + 1) % P.labels;
    if (y == P.target) return P.p + share;
    if (y == competitor) return P.p + dx + share;
    return share;
  }
  const int h = favourite(x);
  if (h == P.target) return y == P.target ? 1.0 : 0.0;
  if (y == P.target) return P.p;
  return y == h ? 1.0 - P.p : 0.0;
}

double CategoricalModel::p_y_given_x(const std::vector<int>& x, int y) const {
  return (1.0 - params_.label_noise) * clean_y_given_x(x, y) + params_.label_noise / params_.labels;
}

void CategoricalModel::sample(util::Engine& rng, std::vector<int>& x, int& y) const {
  const auto& P = params_;
  boost::random::uniform_01<double> u01;
  boost::random::uniform_int_distribution<int> value(0, P.cardinality - 1);
  x.assign(static_cast<std::size_t>(P.features), 0);
  if (u01(rng) < P.xi) {
    for (auto& v : x) v = value(rng);
    for (std::size_t i = 0; i < P.signal_features.size(); ++i) x[static_cast<std::size_t>(P.signal_features[i])] = P.signal_values[i];
  } else {
    // Rejection from the uniform law: X* holds at most half the space, so this ends quickly.
    do {
      for (auto& v : x) v = value(rng);
    } while (in_signal_set(x));
  }
  double u = u01(rng);
  for (y = 0; y < P.labels - 1; ++y) {
    u -= p_y_given_x(x, y);
    if (u < 0) return;
  }
}

double CategoricalModel::delta0() const {
  // The competitor always leads the other labels on X*, by Δ_x over y*; Δ_x peaks at Δ0 on the top level,
  // and label noise shrinks every difference by (1 − noise).
  return params_.xi > 0 ? (1.0 - params_.label_noise) * params_.delta0 : 0.0;
}

double CategoricalModel::p_min() const {
  const auto& P = params_;
  const double on_signal = P.xi > 0 ? P.p + (1.0 - 2.0 * P.p - P.delta0) / P.labels : 1.0;
  const double clean = std::min(P.xi < 1 ? P.p : 1.0, on_signal);
  return (1.0 - P.label_noise) * clean + P.label_noise / P.labels;
}

CategoricalParams categorical_params(const config::View& root) {
  const config::View c = root.sub("data").sub("categorical");
  CategoricalParams P;
  P.features = static_cast<int>(c.integer("features"));
  P.cardinality = static_cast<int>(c.integer("cardinality"));
  P.labels = static_cast<int>(c.integer("labels"));
  P.xi = c.real("xi");
  P.delta0 = c.real("delta0");
  P.p = c.real("p");
  P.delta_levels = static_cast<int>(c.integer("delta_levels"));
  P.label_noise = c.real("label_noise");
  const auto cols = root.elements("collective");
  if (!cols.empty()) {
    P.target = static_cast<int>(cols[0].integer("target"));
    const config::View sig = cols[0].sub("signal");
    const std::string kind = sig.string("kind");
    if (kind != "auto" && kind != "assign")
      throw std::runtime_error(cols[0].path() + ".signal: categorical data needs signal kind \"assign\" (or \"auto\"), got \"" + kind + "\"");
    P.signal_features.clear();
    P.signal_values.clear();
    for (auto f : sig.integers("features")) P.signal_features.push_back(static_cast<int>(f));
    for (double v : sig.reals("values")) {
      if (v != std::floor(v)) throw std::runtime_error(cols[0].path() + ".signal.values: assign needs integer category codes");
      P.signal_values.push_back(static_cast<int>(v));
    }
  }
  return P;
}

CategoricalDataset::CategoricalDataset(CategoricalParams params, std::int64_t train_points, std::int64_t test_points,
                                       util::Engine& rng)
    : model_(std::move(params)) {
  const auto& P = model_.params();
  TrainSet pool;
  pool.n = train_points + test_points;
  pool.d = P.features;
  pool.num_classes = P.labels;
  pool.categories.assign(static_cast<std::size_t>(P.features), P.cardinality);
  pool.x.reserve(static_cast<std::size_t>(pool.n * pool.d));
  pool.y.reserve(static_cast<std::size_t>(pool.n));
  std::vector<int> x;
  int y = 0;
  for (std::int64_t i = 0; i < pool.n; ++i) {
    model_.sample(rng, x, y);
    for (int v : x) pool.x.push_back(static_cast<float>(v));
    pool.y.push_back(y);
  }
  split(pool, test_points, rng);
  lower_.assign(static_cast<std::size_t>(P.features), 0.0f);
  upper_.assign(static_cast<std::size_t>(P.features), static_cast<float>(P.cardinality - 1));
}

}  // namespace aca::data
