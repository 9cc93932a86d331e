#include <cmath>
#include <limits>
#include <stdexcept>

#include "learn/learner.hpp"

namespace aca::learn {

GroupAccuracy group_accuracy(const std::vector<std::int64_t>& predicted, const data::TrainSet& set) {
  if (static_cast<std::int64_t>(predicted.size()) != set.n)
    throw std::invalid_argument("group_accuracy: predictions and rows differ in number");
  GroupAccuracy out;
  const bool groups = !set.group.empty() && set.num_groups > 0;
  std::vector<std::int64_t> right(groups ? set.num_groups : 0, 0), total(right.size(), 0);
  std::int64_t correct = 0;
  for (std::int64_t i = 0; i < set.n; ++i) {
    const bool ok = predicted[i] == set.y[i];
    correct += ok;
    if (groups) {
      right[set.group[i]] += ok;
      ++total[set.group[i]];
    }
  }
  out.average = set.n > 0 ? static_cast<double>(correct) / set.n : std::numeric_limits<double>::quiet_NaN();
  out.worst_group = out.average;
  if (groups) {
    double worst = std::numeric_limits<double>::infinity();
    for (std::size_t g = 0; g < right.size(); ++g) {
      const double acc = total[g] ? static_cast<double>(right[g]) / total[g] : std::numeric_limits<double>::quiet_NaN();
      out.per_group.push_back(acc);
      if (total[g] && acc < worst) worst = acc;
    }
    if (std::isfinite(worst)) out.worst_group = worst;
  }
  return out;
}

}  // namespace aca::learn
