#include "numerics/critical_mass.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include "util/csv_writer.hpp"

namespace aca::numerics {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

CriticalMass critical_mass(const MonotoneCurve& curve, double target) {
  if (curve.alphas.empty() || curve.values.size() != curve.alphas.size())
    throw std::invalid_argument("critical_mass: empty or malformed curve");
  if (std::isnan(target)) throw std::invalid_argument("critical_mass: NaN target");
  CriticalMass cm;
  cm.target = target;
  cm.max_alpha_tested = curve.alphas.back();
  const auto& v = curve.values;
  const auto it = std::find_if(v.begin(), v.end(), [&](double s) { return s >= target; });
  if (it == v.end()) {
    cm.status = CriticalMassStatus::not_reached;
    cm.alpha = kNaN;
    return cm;
  }
  const std::size_t i = static_cast<std::size_t>(it - v.begin());
  if (i == 0) {
    cm.status = CriticalMassStatus::at_grid_start;
    cm.alpha = curve.alphas.front();
    return cm;
  }
  // v[i-1] < target ≤ v[i], so the segment is strictly rising and the inverse is unique on it.
  const double t = (target - v[i - 1]) / (v[i] - v[i - 1]);
  cm.status = CriticalMassStatus::reached;
  cm.alpha = curve.alphas[i - 1] + t * (curve.alphas[i] - curve.alphas[i - 1]);
  return cm;
}

std::string describe(const CriticalMass& cm) {
  switch (cm.status) {
    case CriticalMassStatus::reached: return util::format_number(cm.alpha);
    case CriticalMassStatus::at_grid_start: return "<= " + util::format_number(cm.alpha) + " (min alpha tested)";
    case CriticalMassStatus::not_reached:
      return "> " + util::format_number(cm.max_alpha_tested) + " (max alpha tested)";
  }
  return "?";
}

double sorted_quantile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) throw std::invalid_argument("sorted_quantile: no values");
  if (!(p >= 0.0 && p <= 1.0)) throw std::invalid_argument("sorted_quantile: p outside [0, 1]");
  const double h = p * static_cast<double>(sorted.size() - 1);
  const std::size_t lo = static_cast<std::size_t>(std::floor(h));
  const double frac = h - static_cast<double>(lo);
  if (frac == 0.0 || lo + 1 >= sorted.size()) return sorted[lo];
  const double a = sorted[lo], b = sorted[lo + 1];
  // Between a finite and an infinite order statistic the quantile is beyond the grid too; inf - inf is avoided.
  if (std::isinf(b)) return b;
  return a + frac * (b - a);
}

CriticalMassInterval bootstrap_critical_mass(const ReplicateGrid& grid, double target, util::Engine& rng,
                                             const BootstrapOptions& options) {
  if (!(options.level > 0.0 && options.level < 1.0))
    throw std::invalid_argument("bootstrap level must lie in (0, 1)");
  if (options.resamples < 2) throw std::invalid_argument("bootstrap needs at least 2 resamples");
  CriticalMassInterval out;
  out.point = critical_mass(fit_mean_curve(grid), target);
  out.level = options.level;
  out.resamples = options.resamples;

  std::vector<double> stars;
  stars.reserve(options.resamples);
  ReplicateGrid boot{grid.alphas, grid.successes};
  std::vector<double> means(grid.alphas.size()), factors(grid.alphas.size(), 1.0);
  for (std::size_t i = 0; i < grid.alphas.size(); ++i) {
    const auto& r = grid.successes[i];
    double sum = 0.0;
    for (double x : r) sum += x;
    means[i] = sum / static_cast<double>(r.size());
    if (r.size() > 1) factors[i] = std::sqrt(static_cast<double>(r.size()) / static_cast<double>(r.size() - 1));
  }
  for (std::size_t b = 0; b < options.resamples; ++b) {
    for (std::size_t i = 0; i < grid.alphas.size(); ++i) {
      const auto& src = grid.successes[i];
      auto& dst = boot.successes[i];
      boost::random::uniform_int_distribution<std::size_t> pick(0, src.size() - 1);
      if (options.rescale && src.size() > 1) {
        const double m = means[i], f = factors[i];
        for (auto& s : dst) s = m + f * (src[pick(rng)] - m);
      } else {
        for (auto& s : dst) s = src[pick(rng)];
      }
    }
    const CriticalMass cm = critical_mass(fit_mean_curve(boot), target);
    if (!cm.found()) {
      ++out.resamples_not_reached;
      stars.push_back(kInf);
    } else {
      stars.push_back(cm.alpha);
    }
  }
  std::sort(stars.begin(), stars.end());
  out.tail = (1.0 - options.level) / 2.0;
  std::size_t fewest = grid.successes.front().size();
  for (const auto& r : grid.successes) fewest = std::min(fewest, r.size());
  if (options.expand && fewest > 1) {
    // Percentile intervals act like z-intervals with an estimated sd; using the t quantile instead restores
    // coverage when that sd rests on few replicates (Hesterberg 2015, "expanded percentile interval").
    const boost::math::students_t t(static_cast<double>(fewest - 1));
    const double tq = boost::math::quantile(boost::math::complement(t, out.tail));
    out.tail = boost::math::cdf(boost::math::normal(), -tq);
  }
  out.lower = sorted_quantile(stars, out.tail);
  out.upper = sorted_quantile(stars, 1.0 - out.tail);
  out.lower_beyond_grid = std::isinf(out.lower);
  out.upper_beyond_grid = std::isinf(out.upper);
  return out;
}

}  // namespace aca::numerics
