#include "sim/plan_checks.hpp"

#include <cmath>
#include <string>

#include "data/categorical.hpp"
#include "data/categorical_theory.hpp"
#include "learn/learner_requirements.hpp"
#include "run_folder/metrics_names.hpp"

namespace aca::sim {

namespace {

// Rational expectations, cost-derived thresholds and neighbour shares on a network plan with S_k(α), which only the
// curve modes estimate; learned mode measures S_k round by round and has no curve to plan with.
void check_decision(const World& w, config::Diagnostics& out) {
  const agents::DecisionSpec& d = w.dynamics->spec();
  if (w.mode != "learned" || !agents::needs_curves(d, w.population.network.complete())) return;
  const config::View decision = w.scenario.root().sub("decision");
  const std::string fix = " plans with the success curve S(α), which mode = \"learned\" does not estimate: use "
                          "simulation.mode = \"response_curve\" or \"theory\"";
  if (d.expectations == "rational")
    out.add(decision.diag("expectations", "`decision.expectations` = \"rational\"" + fix +
                                              ", or expectations = \"myopic\" or \"adaptive\""));
  else if (d.threshold_source == "cost")
    out.add(decision.diag("threshold_source", "`decision.threshold_source` = \"cost\"" + fix +
                                                  ", or threshold_source = \"given\""));
  else
    out.add(decision.diag("share", "`decision.share` = \"neighbours\" with rule = \"" + d.rule + "\" on a network" +
                                       fix + ", or share = \"global\""));
}

// The platform's convex θ is compared with θ*: a logistic platform has one only for two labels.
void check_gradient_cancel(const World& w, config::Diagnostics& out) {
  const config::View model = w.scenario.root().sub("platform").sub("model");
  for (std::size_t k = 0; k < w.collectives.size(); ++k)
    if (w.collectives[k].strategy == data::Strategy::gradient_cancel && w.learner_spec.model.kind == "logistic" &&
        w.dataset->train().num_classes != 2) {
      out.add(model.diag("kind", "`platform.model.kind` = \"logistic\": collective[" + std::to_string(k) +
                                     "] uses strategy = \"gradient_cancel\", measured on the platform's convex θ, "
                                     "which a logistic model has only for 2 labels (the data has " +
                                     std::to_string(w.dataset->train().num_classes) + "): use kind = \"linear\""));
      return;
    }
}

// bayes_optimal counts cells of category codes: a signal that writes anything else into a row leaves the table.
void check_counting_signals(const World& w, config::Diagnostics& out) {
  const data::TrainSet& t = w.dataset->train();
  if (w.learner_spec.learner != "bayes_optimal" || t.categories.empty()) return;
  const auto cols = w.scenario.root().elements("collective");
  for (std::size_t k = 0; k < w.collectives.size(); ++k) {
    const data::Signal& g = w.collectives[k].signal;
    if (w.collectives[k].strategy == data::Strategy::gradient_cancel) continue;
    const config::View sig = cols[k].sub("signal");
    if (g.kind == data::SignalKind::feature_offset) {
      out.add(sig.diag("kind", "`" + sig.path() + ".kind` = \"feature_offset\" moves categorical features off "
                               "their category codes, which learner = \"bayes_optimal\" counts: use kind = \"assign\""));
      continue;
    }
    for (std::size_t i = 0; i < g.features.size() && i < g.values.size(); ++i) {
      const double v = g.values[i];
      const auto card = t.categories[static_cast<std::size_t>(g.features[i])];
      if (v != std::floor(v) || v < 0 || v >= static_cast<double>(card)) {
        out.add(sig.diag("values", "`" + sig.path() + ".values`: " + std::to_string(v) + " is not a category code of feature " +
                                       std::to_string(g.features[i]) + " (0 … " + std::to_string(card - 1) +
                                       "), which learner = \"bayes_optimal\" needs"));
        break;
      }
    }
  }
}

}  // namespace

config::Diagnostics theory_problems(const World& w) {
  const config::View root = w.scenario.root();
  config::Diagnostics d;
  const data::CategoricalModel* model = w.dataset->categorical();
  if (!model) {
    d.add(root.sub("data").diag("source", "mode = \"theory\" needs `data.source` = \"categorical\" (the closed-form "
                                           "bounds need the exact distribution)"));
    return d;
  }
  const auto cols = root.elements("collective");
  for (std::size_t k = 0; k < w.collectives.size(); ++k) {
    const data::CollectiveSpec& c = w.collectives[k];
    if (c.strategy != data::Strategy::feature_label && c.strategy != data::Strategy::feature_only)
      d.add(cols[k].diag("strategy", "`" + cols[k].path() + ".strategy` = \"" + data::strategy_name(c.strategy) +
                                         "\": mode = \"theory\" has closed forms for feature_label and feature_only only"));
    else if (c.signal.kind != data::SignalKind::assign)
      d.add(cols[k].sub("signal").diag("kind", "`" + cols[k].path() + ".signal.kind`: mode = \"theory\" needs an assign "
                                                  "signal (kind = \"assign\" or \"auto\")"));
    else if (c.targets.size() > 1)
      d.add(cols[k].diag("targets", "mode = \"theory\" covers one target label per collective, `" + cols[k].path() +
                                        ".targets` has " + std::to_string(c.targets.size())));
  }
  if (model->space_size() > data::max_exact_theory_cells)
    d.add(root.sub("data").sub("categorical").diag(
        "features", "`data.categorical.features`: mode = \"theory\" enumerates the feature space, so "
                    "cardinality^features must stay at most 2^24 (16777216)"));
  return d;
}

// metrics.csv names the platform-wide rows' collective run_folder::platform_collective: a collective of that name
// would be read back as the platform.
void check_collective_names(const World& w, config::Diagnostics& out) {
  const auto cols = w.scenario.root().elements("collective");
  for (const auto& c : cols)
    if (c.has("name") && c.string("name") == run_folder::platform_collective)
      out.add(c.diag("name", "`" + c.path() + ".name` = \"" + std::string(run_folder::platform_collective) +
                                 "\" is reserved for the platform-wide rows of metrics.csv: choose another name"));
}

void check_plan(const World& w) {
  config::Diagnostics out;
  check_decision(w, out);
  check_collective_names(w, out);
  if (w.mode == "theory") {
    const config::Diagnostics theory = theory_problems(w);
    for (const auto& d : theory.items()) out.add(d);
  } else {
    // Only the modes that train need what the learner needs.
    const std::int64_t rows = static_cast<std::int64_t>(w.population.size()) * w.points_per_agent;
    learn::check_learner_requirements(w.scenario.root().sub("platform"), w.learner_spec, w.dataset->train(), rows, out);
    check_gradient_cancel(w, out);
    check_counting_signals(w, out);
  }
  if (!out.empty()) throw config::ScenarioError(std::move(out));
}

}  // namespace aca::sim
