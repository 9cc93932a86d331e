#include "sim/world.hpp"

#include <stdexcept>
#include <string>

#include "sim/plan_checks.hpp"

namespace aca::sim {

namespace {

[[noreturn]] void refuse(config::Diagnostic d) {
  config::Diagnostics all;
  all.add(std::move(d));
  throw config::ScenarioError(std::move(all));
}

// "label:Y" beneficiaries: each agent's label is that of its own first training row.
void give_agents_labels(World& w, const config::View& root) {
  const data::TrainSet& train = w.dataset->train();
  const config::View pop = root.sub("population");
  for (const auto& who : w.population.beneficiaries) {
    const std::int64_t y = agents::beneficiary_label(who);
    if (y >= train.num_classes)
      refuse(pop.diag("beneficiaries", "`population.beneficiaries`: \"" + who + "\" is not a label of the data (" +
                                           root.sub("data").string("source") + " has labels 0 … " +
                                           std::to_string(train.num_classes - 1) + ")"));
  }
  std::vector<std::int64_t> labels(w.population.size());
  for (std::size_t i = 0; i < labels.size(); ++i) labels[i] = train.y[i * static_cast<std::size_t>(w.points_per_agent)];
  agents::set_agent_labels(w.population, labels);
}

}  // namespace

World make_world(const config::Scenario& scenario) {
  const config::View root = scenario.root();
  // Every default is valid on its own, so a file without [[collective]] (empty, or only comments) would pass the
  // schema: there is nothing to simulate.
  if (root.elements("collective").empty())
    refuse(root.diag("collective", "the scenario has no [[collective]]: declare at least one (see scenarios/quickstart.toml)"));
  World w{scenario};
  w.seed = static_cast<std::uint64_t>(root.sub("simulation").integer("seed"));
  w.mode = root.sub("simulation").string("mode");
  w.threads = static_cast<int>(root.sub("simulation").integer("threads"));
  w.population = agents::make_population(root, w.seed, scenario.base_dir());
  w.dynamics = std::make_unique<agents::Dynamics>(agents::decision_spec(root.sub("decision")), w.seed);
  w.dataset = data::make_dataset(root, scenario.base_dir(), w.seed);
  w.collectives = data::read_collectives(root, *w.dataset);
  w.points_per_agent = root.sub("data").integer("points_per_agent");
  // make_dataset guarantees population.size × points_per_agent training rows.
  if (agents::uses_label_beneficiaries(w.population)) give_agents_labels(w, root);
  w.learner_spec = learn::learner_spec(root.sub("platform"), w.threads);
  check_plan(w);
  try {
    w.learner = learn::make_learner(w.learner_spec);
  } catch (const std::runtime_error& e) {
    // check_plan covers the modes that train; theory mode still makes the (unused) learner, e.g. on "cuda".
    refuse(root.sub("platform").diag("device", "`platform.device`: " + std::string(e.what())));
  }
  w.learner_rng = util::make_stream(w.seed, util::streams::learner);
  return w;
}

std::vector<std::string> collective_names(const World& w) {
  std::vector<std::string> names;
  for (std::size_t k = 0; k < w.collectives.size(); ++k)
    names.push_back(w.collectives[k].name.empty() ? "c" + std::to_string(k) : w.collectives[k].name);
  return names;
}

}  // namespace aca::sim
