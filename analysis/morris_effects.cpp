#include "analysis/morris_effects.hpp"

#include <cmath>
#include <limits>

#include <boost/random/uniform_int_distribution.hpp>

namespace aca::analysis {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// μ, μ* and σ of the effects at `rows` (a resample's indices, with repeats).
struct Moments {
  double mu, mu_star, sigma;
};

Moments moments_of(const std::vector<double>& e, const std::vector<std::size_t>& rows) {
  const double n = static_cast<double>(rows.size());
  double sum = 0.0, sum_abs = 0.0;
  for (std::size_t j : rows) {
    sum += e[j];
    sum_abs += std::fabs(e[j]);
  }
  const double mu = sum / n;
  double ss = 0.0;
  for (std::size_t j : rows) ss += (e[j] - mu) * (e[j] - mu);
  return {mu, sum_abs / n, rows.size() > 1 ? std::sqrt(ss / (n - 1.0)) : nan};
}

MorrisMeasures measures_of(const std::vector<double>& e, std::size_t resamples, double level, util::Engine& rng) {
  MorrisMeasures m;
  m.effects = e.size();
  if (e.empty()) {
    m.mu = m.mu_star = m.sigma = IndexEstimate{nan, nan, nan};
    return m;
  }
  std::vector<std::size_t> rows(e.size());
  for (std::size_t j = 0; j < rows.size(); ++j) rows[j] = j;
  const Moments all = moments_of(e, rows);
  m.mu.value = all.mu;
  m.mu_star.value = all.mu_star;
  m.sigma.value = all.sigma;
  // One set of resamples for the three measures, so their intervals describe the same bootstrap world.
  boost::random::uniform_int_distribution<std::size_t> pick(0, e.size() - 1);
  std::vector<double> mu, mu_star, sigma;
  for (std::size_t b = 0; b < resamples; ++b) {
    for (auto& r : rows) r = pick(rng);
    const Moments d = moments_of(e, rows);
    mu.push_back(d.mu);
    mu_star.push_back(d.mu_star);
    sigma.push_back(d.sigma);
  }
  percentile_interval(std::move(mu), level, m.mu);
  percentile_interval(std::move(mu_star), level, m.mu_star);
  // A single effect has no σ; its resamples (all that one effect) must not make up an interval.
  percentile_interval(std::isfinite(all.sigma) ? std::move(sigma) : std::vector<double>{}, level, m.sigma);
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
