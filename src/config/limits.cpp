#include "config/limits.hpp"

#include <cmath>
#include <cstdio>

namespace aca::config {

Limits limits(const View& root) {
  Limits l;
  const View v = root.sub("limits");
  if (v.has("network_edges")) l.network_edges = v.integer("network_edges");
  if (v.has("model_parameters")) l.model_parameters = v.integer("model_parameters");
  if (v.has("data_values")) l.data_values = v.integer("data_values");
  return l;
}

std::string count_text(double n) {
  if (!std::isfinite(n)) return "more than 10^308";
  if (n < 1e6) return std::to_string(static_cast<std::int64_t>(std::llround(n)));
  const int e = static_cast<int>(std::floor(std::log10(n)));
  char buf[64];
  std::snprintf(buf, sizeof buf, "about %.1f × 10^%d", n / std::pow(10.0, e), e);
  return buf;
}

std::string over_limit(const std::string& key, std::int64_t limit, const std::string& fix) {
  return "above the limit of " + std::to_string(limit) + " (limits." + key + "); " + fix +
         ", or raise limits." + key + " in a [limits] table if this machine has the memory";
}

}  // namespace aca::config
