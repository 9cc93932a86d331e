#include "sim/world.hpp"

#include <stdexcept>
#include <string>

namespace aca::sim {

World make_world(const config::Scenario& scenario) {
  const config::View root = scenario.root();
  World w{scenario};
  w.seed = static_cast<std::uint64_t>(root.sub("simulation").integer("seed"));
  w.mode = root.sub("simulation").string("mode");
  w.threads = static_cast<int>(root.sub("simulation").integer("threads"));
  w.population = agents::make_population(root, w.seed, scenario.base_dir());
  w.dynamics = std::make_unique<agents::Dynamics>(agents::decision_spec(root.sub("decision")), w.seed);
  w.dataset = data::make_dataset(root, scenario.base_dir(), w.seed);
  w.collectives = data::read_collectives(root, *w.dataset);
  w.points_per_agent = root.sub("data").integer("points_per_agent");
  if (agents::uses_label_beneficiaries(w.population)) {
    // "label:Y" beneficiaries: each agent's label is that of its own first training row.
    const data::TrainSet& train = w.dataset->train();
    for (const auto& who : w.population.beneficiaries) {
      const std::int64_t y = agents::beneficiary_label(who);
      if (y >= train.num_classes)
        throw std::runtime_error("population.beneficiaries: \"" + who + "\" is not a label of the data (" +
                                 root.sub("data").string("source") + " has labels 0.." +
                                 std::to_string(train.num_classes - 1) + ")");
    }
    std::vector<std::int64_t> labels(w.population.size());
    if (train.y.size() < labels.size() * static_cast<std::size_t>(w.points_per_agent))
      throw std::runtime_error("population.beneficiaries: label:Y needs a label for every agent's training rows");
    for (std::size_t i = 0; i < labels.size(); ++i)
      labels[i] = train.y[i * static_cast<std::size_t>(w.points_per_agent)];
    agents::set_agent_labels(w.population, labels);
  }
  w.learner_spec = learn::learner_spec(root.sub("platform"), w.threads);
  w.learner = learn::make_learner(w.learner_spec);
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
