#include "learn/bayes_optimal.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "learn/state_io.hpp"

namespace aca::learn {

namespace {

struct Cell {  // one entry of label_of_ in a checkpoint
  std::uint64_t key;
  std::int64_t label;
};

std::int64_t argmax_smallest(const double* v, int k) {
  std::int64_t best = 0;
  for (int c = 1; c < k; ++c)
    if (v[c] > v[best]) best = c;  // strict: the smallest label wins ties
  return best;
}

}  // namespace

BayesOptimalLearner::BayesOptimalLearner(double epsilon_suboptimal) : epsilon_suboptimal_(epsilon_suboptimal) {
  if (!(epsilon_suboptimal >= 0.0 && epsilon_suboptimal < 1.0))
    throw std::invalid_argument("bayes_optimal: epsilon_suboptimal = " + std::to_string(epsilon_suboptimal) +
                                " is outside the allowed range [0, 1)");
}

std::uint64_t BayesOptimalLearner::key(const float* row) const {
  // Mixed-radix index of the feature vector; fit() checked that the product of cardinalities fits in 64 bits.
  std::uint64_t k = 0;
  for (std::size_t j = 0; j < cardinality_.size(); ++j) {
    const float v = row[j];
    const auto c = static_cast<std::int64_t>(v);
    if (!(v >= 0) || static_cast<float>(c) != v || c >= cardinality_[j])
      throw std::invalid_argument("bayes_optimal: feature " + std::to_string(j) + " = " + std::to_string(v) +
                                  " is not a category index in [0, " + std::to_string(cardinality_[j]) + ")");
    k = k * static_cast<std::uint64_t>(cardinality_[j]) + static_cast<std::uint64_t>(c);
  }
  return k;
}

FitReport BayesOptimalLearner::fit(const data::TrainSet& train, util::Engine&) {
  if (train.categories.empty() || static_cast<std::int64_t>(train.categories.size()) != train.d)
    throw std::invalid_argument("learner = \"bayes_optimal\" needs categorical data: TrainSet::categories must give "
                                "the cardinality of each of the d features");
  if (train.num_classes < 1) throw std::invalid_argument("bayes_optimal: the training set has no classes");
  double cells = 1;
  for (auto c : train.categories) {
    if (c < 1) throw std::invalid_argument("bayes_optimal: a feature has cardinality < 1");
    cells *= static_cast<double>(c);
  }
  if (cells > 1.8e19) throw std::invalid_argument("bayes_optimal: the feature space has more than 2^64 cells");
  cardinality_ = train.categories;
  classes_ = train.num_classes;

  std::unordered_map<std::uint64_t, std::vector<double>> counts;
  std::vector<double> totals(classes_, 0.0);
  for (std::int64_t i = 0; i < train.n; ++i) {
    const double w = train.weight.empty() ? 1.0 : train.weight[i];
    auto& c = counts[key(&train.x[i * train.d])];
    if (c.empty()) c.assign(classes_, 0.0);
    c[train.y[i]] += w;
    totals[train.y[i]] += w;
  }
  label_of_.clear();
  for (const auto& [k, c] : counts) label_of_[k] = argmax_smallest(c.data(), classes_);
  majority_ = argmax_smallest(totals.data(), classes_);
  fitted_ = true;

  FitReport r;
  double mass = 0;
  for (double t : totals) mass += t;
  if (epsilon_suboptimal_ > 0 && classes_ > 1 && mass > 0) {
    // Moving (P̂(x,y1) − P̂(x,y2))/2 of mass from (x, y1) to (x, y2), plus an arbitrarily small amount to break the
    // tie, makes y2 the argmax of Q at x; cheapest-first maximises the number of flips within the budget. The
    // strict "< ε" leaves room for those tie-breaking amounts.
    struct Flip {
      double cost;
      std::uint64_t key;
      std::int64_t to;
    };
    std::vector<Flip> flips;
    for (const auto& [k, c] : counts) {
      const std::int64_t y1 = label_of_[k];
      std::int64_t y2 = -1;
      for (int y = 0; y < classes_; ++y)
        if (y != y1 && (y2 < 0 || c[y] > c[y2])) y2 = y;
      flips.push_back({(c[y1] - c[y2]) / (2.0 * mass), k, y2});
    }
    std::sort(flips.begin(), flips.end(),
              [](const Flip& a, const Flip& b) { return a.cost != b.cost ? a.cost < b.cost : a.key < b.key; });
    for (const Flip& f : flips) {
      if (r.suboptimality + f.cost >= epsilon_suboptimal_) break;
      r.suboptimality += f.cost;
      label_of_[f.key] = f.to;
      ++r.flipped_cells;
    }
  }
  r.train_accuracy = group_accuracy(predict(train), train);
  return r;
}

std::int64_t BayesOptimalLearner::predict_one(const float* row) const {
  const auto it = label_of_.find(key(row));
  return it == label_of_.end() ? majority_ : it->second;
}

std::vector<std::int64_t> BayesOptimalLearner::predict(const std::vector<float>& x, std::int64_t n) const {
  if (!fitted_) throw std::logic_error("bayes_optimal: predict() before fit()");
  const auto d = static_cast<std::int64_t>(cardinality_.size());
  if (static_cast<std::int64_t>(x.size()) != n * d)
    throw std::invalid_argument("bayes_optimal: predict() got rows of the wrong width");
  std::vector<std::int64_t> out(n);
  for (std::int64_t i = 0; i < n; ++i) out[i] = predict_one(&x[i * d]);
  return out;
}

void BayesOptimalLearner::save(std::ostream& out) const {
  state_io::put_tag(out, name());
  state_io::put<std::uint8_t>(out, fitted_);
  state_io::put_vector(out, cardinality_);
  state_io::put(out, classes_);
  state_io::put(out, majority_);
  // Sorted, so that equal states give equal bytes whatever the hash map's iteration order.
  std::vector<Cell> cells;
  for (const auto& [k, v] : label_of_) cells.push_back({k, v});
  std::sort(cells.begin(), cells.end(), [](const Cell& a, const Cell& b) { return a.key < b.key; });
  state_io::put_vector(out, cells);
}

void BayesOptimalLearner::load(std::istream& in) {
  state_io::expect_tag(in, name());
  fitted_ = state_io::get<std::uint8_t>(in) != 0;
  cardinality_ = state_io::get_vector<std::int64_t>(in);
  classes_ = state_io::get<int>(in);
  majority_ = state_io::get<std::int64_t>(in);
  label_of_.clear();
  for (const Cell& c : state_io::get_vector<Cell>(in)) label_of_[c.key] = c.label;
}

}  // namespace aca::learn
