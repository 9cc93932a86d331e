#include "data/collective_spec.hpp"

#include <algorithm>
#include <stdexcept>

#include "config/scenario.hpp"
#include "data/dataset.hpp"

namespace aca::data {

std::string strategy_name(Strategy s) {
  switch (s) {
    case Strategy::feature_label: return "feature_label";
    case Strategy::feature_only: return "feature_only";
    case Strategy::erasure: return "erasure";
    case Strategy::gradient_cancel: return "gradient_cancel";
  }
  return "?";
}

std::vector<std::int64_t> target_labels(const CollectiveSpec& c) {
  return c.targets.empty() ? std::vector<std::int64_t>{c.target} : c.targets;
}

std::vector<CollectiveSpec> read_collectives(const config::View& root, const Dataset& data) {
  std::vector<CollectiveSpec> out;
  for (const auto& c : root.elements("collective")) {
    CollectiveSpec k;
    k.name = c.string("name");
    if (k.name.empty()) k.name = "c" + std::to_string(out.size());
    const std::string s = c.string("strategy");
    k.strategy = s == "feature_only" ? Strategy::feature_only
                 : s == "erasure" ? Strategy::erasure
                 : s == "gradient_cancel" ? Strategy::gradient_cancel
                                          : Strategy::feature_label;
    k.target = c.integer("target");
    k.targets = c.integers("targets");
    if (!k.targets.empty()) k.target = k.targets.front();
    for (auto t : target_labels(k))
      if (t >= data.train().num_classes)
        throw std::runtime_error(c.path() + ".target: " + std::to_string(t) + " is not a label of the " +
                                 data.kind() + " data (" + std::to_string(data.train().num_classes) + " labels)");
    k.coordination_noise = c.real("coordination_noise");
    if (k.strategy != Strategy::gradient_cancel) k.signal = read_signal(c, data);
    const config::View gc = c.sub("gradient_cancel");
    k.gradient_cancel.model = gc.string("model");
    k.gradient_cancel.theta = gc.reals("theta");
    k.gradient_cancel.lower = gc.real("lower");
    k.gradient_cancel.upper = gc.real("upper");
    if (k.strategy == Strategy::gradient_cancel &&
        k.gradient_cancel.theta.size() != static_cast<std::size_t>(data.train().d + 1))
      throw std::runtime_error(c.path() + ".gradient_cancel.theta: needs d + 1 = " + std::to_string(data.train().d + 1) +
                               " entries (weights then intercept), got " + std::to_string(k.gradient_cancel.theta.size()));
    out.push_back(std::move(k));
  }
  return out;
}

}  // namespace aca::data
