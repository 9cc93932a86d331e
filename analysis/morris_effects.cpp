#include "analysis/morris_effects.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <boost/random/uniform_int_distribution.hpp>

#include "numerics/critical_mass.hpp"

namespace aca::analysis {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

double mean_abs(const std::vector<double>& e, const std::vector<std::size_t>& rows) {
  double s = 0.0;
  for (std::size_t j : rows) s += std::fabs(e[j]);
  return s / static_cast<double>(rows.size());
}

MorrisMeasures measures_of(const std::vector<double>& e, std::size_t resamples, double level, util::Engine& rng) {
  MorrisMeasures m;
  m.effects = e.size();
  if (e.empty()) {
    m.mu = m.sigma = m.mu_star.value = m.mu_star.lower = m.mu_star.upper = nan;
    return m;
  }
  const double n = static_cast<double>(e.size());
  double sum = 0.0;
  for (double v : e) sum += v;
  m.mu = sum / n;
  double ss = 0.0;
  for (double v : e) ss += (v - m.mu) * (v - m.mu);
  m.sigma = e.size() > 1 ? std::sqrt(ss / (n - 1.0)) : nan;
  std::vector<std::size_t> rows(e.size());
  for (std::size_t j = 0; j < rows.size(); ++j) rows[j] = j;
  m.mu_star.value = mean_abs(e, rows);
  boost::random::uniform_int_distribution<std::size_t> pick(0, e.size() - 1);
  std::vector<double> draws;
  for (std::size_t b = 0; b < resamples; ++b) {
    for (auto& r : rows) r = pick(rng);
    draws.push_back(mean_abs(e, rows));
  }
  if (draws.empty()) {
    m.mu_star.lower = m.mu_star.upper = nan;
    return m;
  }
  std::sort(draws.begin(), draws.end());
  m.mu_star.lower = numerics::sorted_quantile(draws, (1.0 - level) / 2.0);
  m.mu_star.upper = numerics::sorted_quantile(draws, 1.0 - (1.0 - level) / 2.0);
  return m;
}

}  // namespace

double elementary_effect(double before, double after, double step) { return (after - before) / step; }

std::vector<MorrisMeasures> morris_measures(const std::vector<std::vector<double>>& effects, std::size_t resamples,
                                            double level, util::Engine& rng) {
  std::vector<MorrisMeasures> out;
  for (const auto& e : effects) out.push_back(measures_of(e, resamples, level, rng));
  return out;
}

}  // namespace aca::analysis
