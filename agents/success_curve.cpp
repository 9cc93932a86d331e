#include "agents/success_curve.hpp"

#include <limits>
#include <stdexcept>

namespace aca::agents {

SuccessCurve SuccessCurve::tabulate(const std::function<double(double)>& fn, int points) {
  if (points < 2) throw std::invalid_argument("SuccessCurve::tabulate needs at least 2 points");
  SuccessCurve c;
  c.values.resize(static_cast<std::size_t>(points));
  for (int j = 0; j < points; ++j) c.values[static_cast<std::size_t>(j)] = fn(static_cast<double>(j) / (points - 1));
  return c;
}

double SuccessCurve::inverse(double s) const {
  if (empty()) throw std::logic_error("SuccessCurve::inverse on an empty curve");
  if (values.front() >= s) return 0.0;
  if (values.back() < s) return std::numeric_limits<double>::infinity();
  // First grid segment that reaches s, then the exact crossing of its interpolating line.
  std::size_t j = 1;
  while (values[j] < s) ++j;
  const double lo = values[j - 1], hi = values[j];
  const double t = hi > lo ? (s - lo) / (hi - lo) : 1.0;
  return (static_cast<double>(j - 1) + t) / static_cast<double>(values.size() - 1);
}

}  // namespace aca::agents
