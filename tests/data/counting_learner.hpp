#pragma once
// The Bayes-optimal counting learner for categorical data, written for the tests so they do not depend on
// the learn module: predicts the majority training label of each cell (ties: the lowest label; unseen
// cells: label 0).
#include <cstdint>
#include <map>
#include <vector>

#include "data/train_set.hpp"

namespace aca::data::testing {

struct CountingLearner {
  std::map<std::vector<float>, std::vector<std::int64_t>> counts;
  int labels = 0;
  explicit CountingLearner(const TrainSet& t) : labels(t.num_classes) {
    for (std::int64_t i = 0; i < t.n; ++i) {
      std::vector<float> key(t.x.begin() + i * t.d, t.x.begin() + (i + 1) * t.d);
      auto& c = counts[key];
      c.resize(static_cast<std::size_t>(labels), 0);
      ++c[static_cast<std::size_t>(t.y[static_cast<std::size_t>(i)])];
    }
  }
  std::vector<std::int64_t> predict(const TrainSet& t) const {
    std::vector<std::int64_t> out;
    for (std::int64_t i = 0; i < t.n; ++i) {
      const auto it = counts.find(std::vector<float>(t.x.begin() + i * t.d, t.x.begin() + (i + 1) * t.d));
      std::int64_t best = 0;
      if (it != counts.end())
        for (std::size_t y = 1; y < it->second.size(); ++y)
          if (it->second[y] > it->second[static_cast<std::size_t>(best)]) best = static_cast<std::int64_t>(y);
      out.push_back(best);
    }
    return out;
  }
};

}  // namespace aca::data::testing
