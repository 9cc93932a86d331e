#pragma once
// Small collection helpers shared by `acasim analyze` and `acasim report` (internal to aca_analysis).
#include <algorithm>
#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace aca::analysis {

/// Appends `x` to `v` unless it is already there (keeps first-seen order).
inline void push_unique(std::vector<std::string>& v, const std::string& x) {
  if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
}

/// The texts `text(item)` of `items` joined by `separator`.
template <class Range, class Text>
std::string join(const Range& items, const std::string& separator, Text text) {
  std::string s;
  // Tests the text so far, not the position: an empty first text takes no separator after it.
  for (const auto& item : items) s += (s.empty() ? "" : separator) + text(item);
  return s;
}

/// Calls `f(i, j)` for every ordered pair i ≠ j of 0 … n−1, i major.
template <class F>
void for_each_ordered_pair(std::size_t n, F f) {
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j)
      if (i != j) f(i, j);
}

/// Values grouped by a string key, groups in the order their keys were first seen.
template <class T>
class FirstSeenGroups {
 public:
  /// Appends `value` to the group of `key`, opening the group when the key is new.
  void add(const std::string& key, T value) {
    const auto [it, fresh] = index_.emplace(key, groups_.size());
    if (fresh) groups_.push_back({key, {}});
    groups_[it->second].second.push_back(std::move(value));
  }
  /// The (key, values) groups in first-seen order.
  const std::vector<std::pair<std::string, std::vector<T>>>& groups() const { return groups_; }

 private:
  std::map<std::string, std::size_t> index_;
  std::vector<std::pair<std::string, std::vector<T>>> groups_;
};

}  // namespace aca::analysis
