#include "data/categorical_theory.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include "data/assemble.hpp"
#include "data/categorical.hpp"
#include "data/theory_bounds.hpp"

namespace aca::data {

double exact_bayes_success(double alpha, const std::vector<double>& weight, const std::vector<double>& p0,
                           const std::vector<double>& pstar, int labels, int target) {
  const auto L = static_cast<std::size_t>(labels), t = static_cast<std::size_t>(target);
  double s = 0.0;
  for (std::size_t c = 0; c < weight.size(); ++c) {
    const double mine = alpha * pstar[c * L + t] + (1 - alpha) * p0[c * L + t];
    bool wins = true;
    for (std::size_t y = 0; y < L && wins; ++y)
      if (y != t && !(mine > alpha * pstar[c * L + y] + (1 - alpha) * p0[c * L + y])) wins = false;
    if (wins) s += weight[c];
  }
  return s;
}

namespace {
// Calls fn(x) for every assignment of the features in `free` (the others keep their value in x).
template <class Fn>
void enumerate(std::vector<int>& x, const std::vector<int>& free, int cardinality, Fn fn) {
  for (int f : free) x[static_cast<std::size_t>(f)] = 0;
  for (;;) {
    fn(x);
    std::size_t i = 0;
    for (; i < free.size(); ++i) {
      int& v = x[static_cast<std::size_t>(free[i])];
      if (++v < cardinality) break;
      v = 0;
    }
    if (i == free.size()) return;
  }
}
}  // namespace

bool has_exact_theory(const CategoricalModel& model, const CollectiveSpec& c) {
  return c.signal.kind == SignalKind::assign && c.targets.size() <= 1 && model.space_size() <= max_exact_theory_cells &&
         (c.strategy == Strategy::feature_label || c.strategy == Strategy::feature_only);
}

SignalTable tabulate_signal(const CategoricalModel& model, const CollectiveSpec& c) {
  const auto& P = model.params();
  if (c.signal.kind != SignalKind::assign) throw std::invalid_argument("exact theory needs an assign signal");
  if (c.strategy != Strategy::feature_label && c.strategy != Strategy::feature_only)
    throw std::invalid_argument("exact theory covers feature_label and feature_only (not " + strategy_name(c.strategy) + ")");
  if (c.targets.size() > 1) throw std::invalid_argument("exact theory covers a single target label");
  if (model.space_size() > max_exact_theory_cells) throw std::invalid_argument("exact theory: |X| > 2^24 is too large to enumerate");
  std::vector<int> fixed, fixed_values, free;
  for (std::size_t i = 0; i < c.signal.features.size(); ++i) {
    fixed.push_back(static_cast<int>(c.signal.features[i]));
    fixed_values.push_back(static_cast<int>(c.signal.values[i]));
  }
  for (int j = 0; j < P.features; ++j)
    if (std::find(fixed.begin(), fixed.end(), j) == fixed.end()) free.push_back(j);
  const auto L = static_cast<std::size_t>(P.labels);
  const int target = static_cast<int>(c.target);
  SignalTable t;
  std::vector<int> x(static_cast<std::size_t>(P.features), 0);
  for (std::size_t i = 0; i < fixed.size(); ++i) x[static_cast<std::size_t>(fixed[i])] = fixed_values[i];
  enumerate(x, free, P.cardinality, [&](std::vector<int>& cell) {
    t.cells.push_back(cell);
    double w = 0.0, wt = 0.0;
    std::vector<int> src = cell;
    // Every x with the same free features lands on this cell: g only overwrites the fixed ones.
    enumerate(src, fixed, P.cardinality, [&](std::vector<int>& u) {
      const double px = model.p_x(u);
      w += px;
      wt += px * model.p_y_given_x(u, target);
    });
    t.weight.push_back(w);
    for (std::size_t y = 0; y < L; ++y) {
      t.p0.push_back(model.p_xy(cell, static_cast<int>(y)));
      if (c.strategy == Strategy::feature_label) t.pstar.push_back(static_cast<int>(y) == target ? w : 0.0);
      else t.pstar.push_back(static_cast<int>(y) == target ? wt : t.p0.back());
    }
  });
  return t;
}

CategoricalTheory categorical_theory(const CategoricalModel& model, const CollectiveSpec& c, double alpha) {
  const auto& P = model.params();
  const SignalTable t = tabulate_signal(model, c);
  const auto L = static_cast<std::size_t>(P.labels), y0 = static_cast<std::size_t>(c.target);
  CategoricalTheory th;
  th.alpha = alpha;
  for (std::size_t k = 0; k < t.cells.size(); ++k) {
    double px = 0.0, best = 0.0;
    for (std::size_t y = 0; y < L; ++y) px += t.p0[k * L + y], best = std::max(best, t.p0[k * L + y]);
    th.xi += px;
    if (px > 0) th.delta0 = std::max(th.delta0, (best - t.p0[k * L + y0]) / px);
  }
  th.p = 1.0;
  std::vector<int> x(static_cast<std::size_t>(P.features), 0), all(static_cast<std::size_t>(P.features));
  for (int j = 0; j < P.features; ++j) all[static_cast<std::size_t>(j)] = j;
  enumerate(x, all, P.cardinality, [&](std::vector<int>& u) {
    if (model.p_x(u) > 0) th.p = std::min(th.p, model.p_y_given_x(u, static_cast<int>(c.target)));
  });
  th.exact_success = exact_bayes_success(alpha, t.weight, t.p0, t.pstar, P.labels, static_cast<int>(c.target));
  th.feature_label_bound = feature_label_bound(alpha, th.xi, th.delta0);
  th.feature_only_bound = feature_only_bound(alpha, th.xi, th.p);
  return th;
}

double finite_sample_bound(const Assembly& a, std::size_t k, const CollectiveSpec& c, std::int64_t n_test, double delta) {
  if (c.strategy != Strategy::feature_label) return 0.0;
  const TrainSet& t = a.train;
  const auto d = static_cast<std::size_t>(t.d);
  const auto L = static_cast<std::size_t>(t.num_classes);
  std::map<std::vector<float>, std::size_t> index;
  std::vector<double> mine, base;  // per cell: collective count; base counts cells × labels
  std::int64_t n = 0, rest = 0;
  for (std::int64_t i = 0; i < t.n; ++i)
    if (a.row_collective[static_cast<std::size_t>(i)] == static_cast<std::int32_t>(k)) {
      std::vector<float> key(t.x.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(i) * d),
                             t.x.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(i + 1) * d));
      const auto it = index.emplace(std::move(key), index.size()).first;
      if (it->second == mine.size()) mine.push_back(0.0), base.resize(base.size() + L, 0.0);
      mine[it->second] += 1;
      ++n;
    }
  for (std::int64_t i = 0; i < t.n; ++i) {
    if (a.row_collective[static_cast<std::size_t>(i)] == static_cast<std::int32_t>(k)) continue;
    ++rest;
    std::vector<float> key(t.x.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(i) * d),
                           t.x.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(i + 1) * d));
    const auto it = index.find(key);
    if (it != index.end()) base[it->second * L + static_cast<std::size_t>(t.y[static_cast<std::size_t>(i)])] += 1;
  }
  std::vector<double> mass(mine.size()), dx(mine.size());
  for (std::size_t cidx = 0; cidx < mine.size(); ++cidx) {
    mass[cidx] = mine[cidx] / static_cast<double>(n);
    double best = 0.0;
    for (std::size_t y = 0; y < L; ++y)
      if (y != static_cast<std::size_t>(c.target)) best = std::max(best, base[cidx * L + y]);
    dx[cidx] = rest > 0 ? (best - base[cidx * L + static_cast<std::size_t>(c.target)]) / static_cast<double>(rest) : 0.0;
  }
  double cells = 1.0;
  if (!t.categories.empty()) {
    for (std::size_t j = 0; j < t.categories.size(); ++j)
      if (std::find(c.signal.features.begin(), c.signal.features.end(), static_cast<std::int64_t>(j)) == c.signal.features.end())
        cells *= static_cast<double>(t.categories[j]);
  } else {
    cells = static_cast<double>(mine.size());
  }
  return finite_sample_feature_label_bound(n, t.n, n_test, mass, dx, L, delta, 0.0, cells);
}

}  // namespace aca::data
