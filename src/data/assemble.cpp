#include "data/assemble.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>

#include "data/dataset.hpp"
#include "util/rng.hpp"

namespace aca::data {

void check_membership(const std::vector<std::int32_t>& membership, std::int64_t population, std::size_t collectives) {
  if (static_cast<std::int64_t>(membership.size()) != population)
    throw std::invalid_argument("membership vector has " + std::to_string(membership.size()) +
                                " entries, the population has " + std::to_string(population) + " agents");
  for (std::size_t i = 0; i < membership.size(); ++i)
    if (membership[i] < -1 || membership[i] >= static_cast<std::int32_t>(collectives))
      throw std::invalid_argument("membership[" + std::to_string(i) + "] = " + std::to_string(membership[i]) +
                                  " is neither −1 (no collective) nor a collective index in [0, " +
                                  std::to_string(collectives) + ")");
}

namespace {

void apply_gradient_cancel(TrainSet& t, const std::vector<std::int32_t>& row_collective, std::int32_t k,
                           const CollectiveSpec& c, GradientCancelPlan& plan) {
  const auto& gc = c.gradient_cancel;
  if (gc.theta.size() != static_cast<std::size_t>(t.d + 1))
    throw std::runtime_error("collective " + c.name + ": gradient_cancel θ* needs " + std::to_string(t.d + 1) +
                             " entries (weights then intercept)");
  std::vector<std::int64_t> mine;
  std::vector<std::int64_t> rest;
  for (std::int64_t i = 0; i < t.n; ++i) (row_collective[static_cast<std::size_t>(i)] == k ? mine : rest).push_back(i);
  const TrainSet r = take_rows(t, rest);
  const auto n_k = static_cast<std::int64_t>(mine.size());
  if (gc.model == "logistic") {
    if (t.num_classes != 2)
      throw std::runtime_error("collective " + c.name + ": gradient_cancel with model = \"logistic\" needs binary labels (the data has " +
                               std::to_string(t.num_classes) + ")");
    plan = plan_logistic_cancel(logistic_gradient_sum(r.x.data(), r.y.data(), r.n, r.d, gc.theta), r.n, n_k, gc.theta,
                                gc.lower, gc.upper);
  } else {
    std::vector<float> resp = r.response;
    if (resp.empty()) resp.assign(r.y.begin(), r.y.end());
    plan = plan_linear_cancel(linear_gradient_sum(r.x.data(), resp.data(), r.n, r.d, gc.theta), r.n, n_k, gc.theta,
                              gc.lower, gc.upper);
    if (t.response.empty()) t.response.assign(t.y.begin(), t.y.end());
  }
  // Nothing reachable: the members keep their points rather than report useless ones.
  if (plan.points.empty()) return;
  std::size_t m = 0;
  for (const CancelPoint& p : plan.points)
    for (std::int64_t j = 0; j < p.members; ++j, ++m) {
      const auto i = static_cast<std::size_t>(mine[m]);
      std::copy(p.x.begin(), p.x.end(), t.x.begin() + static_cast<std::ptrdiff_t>(i * static_cast<std::size_t>(t.d)));
      if (gc.model == "logistic") t.y[i] = j < p.label0 ? 0 : 1;
      else t.response[i] = static_cast<float>(p.response);
    }
}

}  // namespace

Assembly assemble_from(TrainSet base, const std::vector<CollectiveSpec>& collectives,
                       const std::vector<std::int32_t>& membership, std::int64_t points_per_agent, std::uint64_t seed,
                       std::uint64_t round) {
  if (points_per_agent < 1) throw std::invalid_argument("points_per_agent must be ≥ 1");
  const std::int64_t population = base.n / points_per_agent;
  if (population * points_per_agent != base.n)
    throw std::invalid_argument("the base set has " + std::to_string(base.n) + " rows, not a multiple of points_per_agent = " +
                                std::to_string(points_per_agent));
  check_membership(membership, population, collectives.size());
  Assembly a;
  a.train = std::move(base);
  TrainSet& t = a.train;
  const auto K = collectives.size();
  a.row_collective.assign(static_cast<std::size_t>(t.n), -1);
  a.member_rows.assign(K, 0);
  a.plans.assign(K, GradientCancelPlan{});
  for (std::int64_t i = 0; i < t.n; ++i) {
    const std::int32_t k = membership[static_cast<std::size_t>(i / points_per_agent)];
    a.row_collective[static_cast<std::size_t>(i)] = k;
    if (k >= 0) ++a.member_rows[static_cast<std::size_t>(k)];
  }
  a.alpha.resize(K);
  for (std::size_t k = 0; k < K; ++k) a.alpha[k] = t.n > 0 ? static_cast<double>(a.member_rows[k]) / static_cast<double>(t.n) : 0.0;

  // Counter-based draws keyed by (seed, round): the same row gets the same draw whatever else changes.
  const std::uint64_t key = util::derive_seed(seed, "data.coordination_noise", round);
  std::vector<std::vector<std::int64_t>> labels;
  for (const auto& c : collectives) labels.push_back(target_labels(c));
  std::vector<std::int64_t> seen(K, 0);
  for (std::int64_t i = 0; i < t.n; ++i) {
    const std::int32_t k = a.row_collective[static_cast<std::size_t>(i)];
    if (k < 0) continue;
    const CollectiveSpec& c = collectives[static_cast<std::size_t>(k)];
    if (c.strategy == Strategy::gradient_cancel) continue;
    auto& y = t.y[static_cast<std::size_t>(i)];
    const std::vector<std::int64_t>& targets = labels[static_cast<std::size_t>(k)];
    if (c.strategy == Strategy::feature_only && std::find(targets.begin(), targets.end(), y) == targets.end()) continue;
    float* row = t.x.data() + i * t.d;
    const auto ctr = static_cast<std::uint64_t>(i) * 3;
    if (c.coordination_noise > 0 && util::counter_uniform(key, ctr) < c.coordination_noise)
      apply_perturbed_signal(c.signal, t, row, util::counter_uniform(key, ctr + 1), util::counter_uniform(key, ctr + 2));
    else
      apply_signal(c.signal, t, row);
    // With several targets a collective spreads its points over them in turn (by member row).
    if (c.strategy == Strategy::feature_label) y = targets[static_cast<std::size_t>(seen[static_cast<std::size_t>(k)]++ % targets.size())];
  }
  // Gradient cancelling last, so that it cancels the data as the other collectives left it.
  for (std::size_t k = 0; k < K; ++k)
    if (collectives[k].strategy == Strategy::gradient_cancel)
      apply_gradient_cancel(t, a.row_collective, static_cast<std::int32_t>(k), collectives[k], a.plans[k]);
  return a;
}

Assembly assemble_train_set(const Dataset& data, const std::vector<CollectiveSpec>& collectives,
                            const std::vector<std::int32_t>& membership, std::int64_t population,
                            std::int64_t points_per_agent, std::uint64_t seed, std::uint64_t round) {
  check_membership(membership, population, collectives.size());
  const std::int64_t need = population * points_per_agent;
  if (need > data.train().n)
    throw std::runtime_error("population × points_per_agent = " + std::to_string(need) + " training points, but the " +
                             data.kind() + " data has only " + std::to_string(data.train().n));
  if (need == data.train().n) return assemble_from(data.train(), collectives, membership, points_per_agent, seed, round);
  std::vector<std::int64_t> rows(static_cast<std::size_t>(need));
  std::iota(rows.begin(), rows.end(), 0);
  return assemble_from(take_rows(data.train(), rows), collectives, membership, points_per_agent, seed, round);
}

}  // namespace aca::data
