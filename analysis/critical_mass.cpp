#include "analysis/critical_mass.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <boost/random/uniform_int_distribution.hpp>

#include "util/csv_writer.hpp"

namespace aca::analysis {

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
  for (std::size_t b = 0; b < options.resamples; ++b) {
    for (std::size_t i = 0; i < grid.alphas.size(); ++i) {
      const auto& src = grid.successes[i];
      auto& dst = boot.successes[i];
      boost::random::uniform_int_distribution<std::size_t> pick(0, src.size() - 1);
      for (auto& s : dst) s = src[pick(rng)];
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
  out.lower = sorted_quantile(stars, (1.0 - options.level) / 2.0);
  out.upper = sorted_quantile(stars, (1.0 + options.level) / 2.0);
  out.lower_beyond_grid = std::isinf(out.lower);
  out.upper_beyond_grid = std::isinf(out.upper);
  return out;
}

}  // namespace aca::analysis
