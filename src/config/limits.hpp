#pragma once
// Size limits that keep a scenario from asking for more memory or time than a machine has: checked from the
// settings before anything is built, raised by the user through the `[limits]` table.
#include <cstdint>
#include <string>

#include "config/scenario.hpp"

namespace aca::config {

/// The limits a run works under: the `[limits]` keys where given, else these defaults.
struct Limits {
  std::int64_t network_edges = 50'000'000;      ///< edges of the social network (about 1 GB while it is built)
  std::int64_t model_parameters = 100'000'000;  ///< weights and biases of one platform model (0.4 GB per copy)
  std::int64_t data_values = 500'000'000;       ///< training and test rows × features (2 GB of floats)
};

/// The limits of a validated scenario (`root` is its root table).
Limits limits(const View& root);

/// A count for a message: exact below 10^6, else "about 5.0 × 10^9".
std::string count_text(double n);

/// The end of a limit message: "above the limit of N (limits.<key>); <fix>, or raise limits.<key> in a [limits]
/// table if this machine has the memory" (N exact).
std::string over_limit(const std::string& key, std::int64_t limit, const std::string& fix);

}  // namespace aca::config
