#include "agents/decision_rule.hpp"

#include <stdexcept>

namespace aca::agents {

void Imitation::decide(const DecisionContext& c, std::size_t begin, std::size_t end, std::int32_t* next) const {
  const Population& p = *c.pop;
  const Network& net = p.network;
  const auto n = p.size();
  const double minus_inv_t = -1.0 / c.temperature;
  for (std::size_t i = begin; i < end; ++i) {
    const std::int32_t cur = c.current[i];
    next[i] = cur;
    double v;
    if (!c.revises(i, v)) continue;
    // Slot 1 picks the neighbour (uniform over the row; over the other n − 1 agents in the mean field).
    const double w = c.draw(i, 1);
    std::size_t j;
    if (net.complete()) {
      if (n < 2) continue;
      j = static_cast<std::size_t>(w * static_cast<double>(n - 1));
      if (j >= i) ++j;
    } else {
      const std::int64_t deg = net.row_ptr[i + 1] - net.row_ptr[i];
      if (deg == 0) continue;
      j = static_cast<std::size_t>(net.col[static_cast<std::size_t>(net.row_ptr[i] + static_cast<std::int64_t>(w * static_cast<double>(deg)))]);
    }
    const double gain = p.payoff[static_cast<Eigen::Index>(j)] - p.payoff[static_cast<Eigen::Index>(i)];
    if (gain > 0 && v * (1.0 + exp_fast(gain * minus_inv_t)) < 1.0) next[i] = c.current[j];
  }
}

void Imitation::probabilities(const DecisionContext&, std::size_t, double*) const {
  throw std::logic_error("the imitation rule has no mean-field choice probabilities");
}

}  // namespace aca::agents
