#include "numerics/monotone_fit.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>

namespace aca::numerics {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void check_increasing(const std::vector<double>& a, const char* what) {
  if (a.empty()) throw std::invalid_argument(std::string(what) + " is empty");
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!std::isfinite(a[i])) throw std::invalid_argument(std::string(what) + " has a non-finite value");
    if (i && !(a[i] > a[i - 1]))
      throw std::invalid_argument(std::string(what) + " is not strictly increasing at index " + std::to_string(i));
  }
}

void check_grid(const ReplicateGrid& g) {
  check_increasing(g.alphas, "alpha grid");
  if (g.successes.size() != g.alphas.size())
    throw std::invalid_argument("replicate grid has " + std::to_string(g.successes.size()) + " replicate lists for " +
                                std::to_string(g.alphas.size()) + " alphas");
  for (std::size_t i = 0; i < g.successes.size(); ++i) {
    if (g.successes[i].empty())
      throw std::invalid_argument("no replicate at alpha index " + std::to_string(i));
    for (double s : g.successes[i])
      if (std::isnan(s)) throw std::invalid_argument("NaN success at alpha index " + std::to_string(i));
  }
}

double mean(const std::vector<double>& v) {
  double s = 0.0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}

double sample_sd(const std::vector<double>& v, double m) {
  if (v.size() < 2) return 0.0;
  double ss = 0.0;
  for (double x : v) ss += (x - m) * (x - m);
  return std::sqrt(ss / static_cast<double>(v.size() - 1));
}

}  // namespace

ReplicateGrid group_by_alpha(const std::vector<Observation>& observations) {
  if (observations.empty()) throw std::invalid_argument("no observations to fit");
  std::map<double, std::vector<double>> by_alpha;
  for (const auto& o : observations) {
    if (!std::isfinite(o.alpha)) throw std::invalid_argument("observation with a non-finite alpha");
    if (std::isnan(o.success)) throw std::invalid_argument("observation with a NaN success");
    by_alpha[o.alpha].push_back(o.success);
  }
  ReplicateGrid g;
  for (auto& [a, s] : by_alpha) {
    g.alphas.push_back(a);
    g.successes.push_back(std::move(s));
  }
  return g;
}

std::vector<double> isotonic_regression(const std::vector<double>& y, const std::vector<double>& w) {
  if (y.size() != w.size()) throw std::invalid_argument("isotonic_regression: y and w differ in size");
  struct Block {
    double value, weight;
    std::size_t count;
  };
  std::vector<Block> blocks;
  blocks.reserve(y.size());
  for (std::size_t i = 0; i < y.size(); ++i) {
    if (!(w[i] > 0.0) || !std::isfinite(w[i])) throw std::invalid_argument("isotonic_regression: weight not > 0");
    blocks.push_back({y[i], w[i], 1});
    // Pooling only on strict violations keeps equal neighbours apart, which changes nothing in the fit.
    while (blocks.size() > 1 && blocks[blocks.size() - 2].value > blocks.back().value) {
      Block b = blocks.back();
      blocks.pop_back();
      Block& a = blocks.back();
      const double wt = a.weight + b.weight;
      a.value = (a.value * a.weight + b.value * b.weight) / wt;
      a.weight = wt;
      a.count += b.count;
    }
  }
  std::vector<double> out;
  out.reserve(y.size());
  for (const auto& b : blocks) out.insert(out.end(), b.count, b.value);
  return out;
}

bool MonotoneCurve::covers(double alpha) const {
  return !alphas.empty() && alpha >= alphas.front() && alpha <= alphas.back();
}

double MonotoneCurve::operator()(double alpha) const {
  if (!covers(alpha)) return kNaN;
  const auto it = std::upper_bound(alphas.begin(), alphas.end(), alpha);
  if (it == alphas.end()) return values.back();
  const std::size_t hi = static_cast<std::size_t>(it - alphas.begin());
  const std::size_t lo = hi - 1;
  if (alpha == alphas[lo]) return values[lo];
  const double t = (alpha - alphas[lo]) / (alphas[hi] - alphas[lo]);
  return values[lo] + t * (values[hi] - values[lo]);
}

MonotoneCurve fit_mean_curve(const ReplicateGrid& grid) {
  check_grid(grid);
  std::vector<double> m(grid.alphas.size()), w(grid.alphas.size());
  for (std::size_t i = 0; i < m.size(); ++i) {
    m[i] = mean(grid.successes[i]);
    w[i] = static_cast<double>(grid.successes[i].size());
  }
  return {grid.alphas, isotonic_regression(m, w)};
}

MonotoneFit fit_monotone(const ReplicateGrid& grid, const MonotoneFitOptions& options) {
  check_grid(grid);
  if (options.band == BandKind::sd && !(options.band_sd >= 0.0))
    throw std::invalid_argument("band_sd must be >= 0");
  const std::size_t n = grid.alphas.size();
  MonotoneFit fit;
  std::vector<double> w(n), lo(n), hi(n);
  fit.raw_means.resize(n);
  fit.counts.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& r = grid.successes[i];
    const double m = mean(r);
    fit.raw_means[i] = m;
    fit.counts[i] = r.size();
    w[i] = static_cast<double>(r.size());
    if (options.band == BandKind::min_max) {
      lo[i] = *std::min_element(r.begin(), r.end());
      hi[i] = *std::max_element(r.begin(), r.end());
    } else {
      const double sd = sample_sd(r, m);
      lo[i] = m - options.band_sd * sd;
      hi[i] = m + options.band_sd * sd;
    }
  }
  fit.curve = {grid.alphas, isotonic_regression(fit.raw_means, w)};
  fit.lower = {grid.alphas, isotonic_regression(lo, w)};
  fit.upper = {grid.alphas, isotonic_regression(hi, w)};
  // PAVA is order-preserving in its data (same weights), so lower ≤ curve ≤ upper already holds exactly in
  // real arithmetic; the clamp only removes last-bit rounding differences and keeps both edges monotone.
  for (std::size_t i = 0; i < n; ++i) {
    fit.lower.values[i] = std::min(fit.lower.values[i], fit.curve.values[i]);
    fit.upper.values[i] = std::max(fit.upper.values[i], fit.curve.values[i]);
  }
  return fit;
}

void validate(const JointGrid& grid) {
  check_increasing(grid.alphas1, "joint grid alphas1");
  check_increasing(grid.alphas2, "joint grid alphas2");
  if (grid.values.size() != grid.alphas1.size() * grid.alphas2.size())
    throw std::invalid_argument("joint grid has " + std::to_string(grid.values.size()) + " values for a " +
                                std::to_string(grid.alphas1.size()) + " x " + std::to_string(grid.alphas2.size()) +
                                " grid");
}

bool JointGrid::covers(double a1, double a2) const {
  return !alphas1.empty() && !alphas2.empty() && a1 >= alphas1.front() && a1 <= alphas1.back() &&
         a2 >= alphas2.front() && a2 <= alphas2.back();
}

double JointGrid::operator()(double a1, double a2) const {
  if (!covers(a1, a2)) return kNaN;
  // Cell lookup clamps to the last cell so the upper edge of the rectangle is reached with weight 1.
  auto cell = [](const std::vector<double>& g, double a, std::size_t& i, double& t) {
    if (g.size() == 1) {
      i = 0;
      t = 0.0;
      return;
    }
    auto it = std::upper_bound(g.begin(), g.end(), a);
    std::size_t hi = std::min<std::size_t>(static_cast<std::size_t>(it - g.begin()), g.size() - 1);
    i = hi - 1;
    t = (a - g[i]) / (g[hi] - g[i]);
  };
  std::size_t i, j;
  double t, u;
  cell(alphas1, a1, i, t);
  cell(alphas2, a2, j, u);
  const std::size_t i1 = alphas1.size() == 1 ? i : i + 1;
  const std::size_t j1 = alphas2.size() == 1 ? j : j + 1;
  const double v00 = at(i, j), v01 = at(i, j1), v10 = at(i1, j), v11 = at(i1, j1);
  // Exact corners avoid 0 * inf style surprises and return stored values bit for bit.
  if (t == 0.0 && u == 0.0) return v00;
  return (1 - t) * (1 - u) * v00 + (1 - t) * u * v01 + t * (1 - u) * v10 + t * u * v11;
}

JointGrid mean_joint_grid(std::vector<double> alphas1, std::vector<double> alphas2,
                          const std::vector<std::vector<double>>& replicates) {
  JointGrid g{std::move(alphas1), std::move(alphas2), {}};
  if (replicates.size() != g.alphas1.size() * g.alphas2.size())
    throw std::invalid_argument("joint grid: " + std::to_string(replicates.size()) + " replicate lists for a " +
                                std::to_string(g.alphas1.size()) + " x " + std::to_string(g.alphas2.size()) +
                                " grid");
  g.values.reserve(replicates.size());
  for (std::size_t k = 0; k < replicates.size(); ++k) {
    if (replicates[k].empty())
      throw std::invalid_argument("joint grid: no replicate at cell " + std::to_string(k));
    g.values.push_back(mean(replicates[k]));
  }
  validate(g);
  return g;
}

}  // namespace aca::numerics
