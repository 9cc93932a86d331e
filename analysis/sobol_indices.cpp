#include "analysis/sobol_indices.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <boost/random/uniform_int_distribution.hpp>

#include "numerics/critical_mass.hpp"

namespace aca::analysis {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

void check_shapes(const SaltelliOutputs& y) {
  bool ok = y.a.size() == y.b.size() && y.a.size() >= 2;
  for (const auto& v : y.ab) ok = ok && v.size() == y.a.size();
  if (!ok)
    throw std::invalid_argument("sobol_indices: f(A), f(B) and every f(AB_i) need the same number (≥ 2) of base "
                                "samples");
}

}  // namespace

// A resample without variance gives NaN and is left out rather than poisoning the order statistics.
void percentile_interval(std::vector<double> draws, double level, IndexEstimate& e) {
  draws.erase(std::remove_if(draws.begin(), draws.end(), [](double v) { return !std::isfinite(v); }), draws.end());
  if (draws.empty()) {
    e.lower = e.upper = nan;
    return;
  }
  std::sort(draws.begin(), draws.end());
  e.lower = numerics::sorted_quantile(draws, (1.0 - level) / 2.0);
  e.upper = numerics::sorted_quantile(draws, 1.0 - (1.0 - level) / 2.0);
}

void sobol_point_estimates(const SaltelliOutputs& y, const std::vector<std::size_t>& rows, std::vector<double>& first,
                           std::vector<double>& total, double& variance) {
  // V over the A and B rows together: both are independent samples of the inputs' distribution.
  const double n = static_cast<double>(rows.size());
  double mean = 0.0;
  for (std::size_t j : rows) mean += y.a[j] + y.b[j];
  mean /= 2.0 * n;
  double ss = 0.0;
  for (std::size_t j : rows) ss += (y.a[j] - mean) * (y.a[j] - mean) + (y.b[j] - mean) * (y.b[j] - mean);
  variance = ss / (2.0 * n - 1.0);
  first.assign(y.ab.size(), nan);
  total.assign(y.ab.size(), nan);
  if (!(variance > 0.0)) return;
  for (std::size_t i = 0; i < y.ab.size(); ++i) {
    double s1 = 0.0, st = 0.0;
    for (std::size_t j : rows) {
      const double d = y.ab[i][j] - y.a[j];
      s1 += y.b[j] * d;
      st += d * d;
    }
    first[i] = s1 / n / variance;
    total[i] = st / (2.0 * n) / variance;
  }
}

SobolIndices sobol_indices(const SaltelliOutputs& y, std::size_t resamples, double level, util::Engine& rng) {
  check_shapes(y);
  const std::size_t n = y.a.size(), d = y.ab.size();
  SobolIndices out;
  out.samples = n;
  out.resamples = resamples;
  out.level = level;
  std::vector<std::size_t> rows(n);
  for (std::size_t j = 0; j < n; ++j) rows[j] = j;
  std::vector<double> first, total;
  sobol_point_estimates(y, rows, first, total, out.variance);
  std::vector<std::vector<double>> first_draws(d), total_draws(d);
  boost::random::uniform_int_distribution<std::size_t> pick(0, n - 1);
  std::vector<double> f, t;
  double v = 0.0;
  for (std::size_t b = 0; b < resamples; ++b) {
    for (auto& r : rows) r = pick(rng);
    sobol_point_estimates(y, rows, f, t, v);
    for (std::size_t i = 0; i < d; ++i) {
      first_draws[i].push_back(f[i]);
      total_draws[i].push_back(t[i]);
    }
  }
  out.first.resize(d);
  out.total.resize(d);
  for (std::size_t i = 0; i < d; ++i) {
    out.first[i].value = first[i];
    out.total[i].value = total[i];
    percentile_interval(std::move(first_draws[i]), level, out.first[i]);
    percentile_interval(std::move(total_draws[i]), level, out.total[i]);
  }
  return out;
}

}  // namespace aca::analysis
