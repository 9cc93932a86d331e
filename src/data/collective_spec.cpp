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

namespace {

// The checks that need the data (its labels and width); a mistake found here is still the scenario's.
void check_against_data(const config::View& c, const CollectiveSpec& k, const Dataset& data, config::Diagnostics& out) {
  const TrainSet& t = data.train();
  for (auto y : target_labels(k))
    if (y >= t.num_classes) {
      const std::string key = k.targets.empty() ? "target" : "targets";
      out.add(c.diag(key, "`" + c.path() + "." + key + "`: " + std::to_string(y) + " is not a label of the " +
                              data.kind() + " data (labels 0 … " + std::to_string(t.num_classes - 1) + ")"));
      break;
    }
  if (k.strategy != Strategy::gradient_cancel) return;
  const config::View gc = c.sub("gradient_cancel");
  if (k.gradient_cancel.theta.size() != static_cast<std::size_t>(t.d + 1))
    out.add(gc.diag("theta", "`" + gc.path() + ".theta` needs d + 1 = " + std::to_string(t.d + 1) +
                                 " entries (weights then intercept) for the " + std::to_string(t.d) +
                                 " features of the data, got " + std::to_string(k.gradient_cancel.theta.size())));
  if (k.gradient_cancel.model == "logistic" && t.num_classes != 2)
    out.add(gc.diag("model", "`" + gc.path() + ".model` = \"logistic\" needs binary labels, the " + data.kind() +
                                 " data has " + std::to_string(t.num_classes) + " (use model = \"linear\")"));
}

}  // namespace

std::vector<CollectiveSpec> read_collectives(const config::View& root, const Dataset& data) {
  std::vector<CollectiveSpec> out;
  config::Diagnostics problems;
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
    k.coordination_noise = c.real("coordination_noise");
    const config::View gc = c.sub("gradient_cancel");
    k.gradient_cancel.model = gc.string("model");
    k.gradient_cancel.theta = gc.reals("theta");
    k.gradient_cancel.lower = gc.real("lower");
    k.gradient_cancel.upper = gc.real("upper");
    check_against_data(c, k, data, problems);
    if (k.strategy != Strategy::gradient_cancel) {
      try {
        k.signal = read_signal(c, data);
      } catch (const config::ScenarioError& e) {
        for (const auto& d : e.diagnostics().items()) problems.add(d);
      }
    }
    out.push_back(std::move(k));
  }
  if (!problems.empty()) throw config::ScenarioError(std::move(problems));
  return out;
}

}  // namespace aca::data
