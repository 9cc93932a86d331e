#include "sim/simulation_spec.hpp"

namespace aca::sim {

SimulationSpec simulation_spec(const config::Scenario& scenario) {
  const config::View root = scenario.root();
  const config::View sim = root.sub("simulation");
  SimulationSpec s;
  s.mode = sim.string("mode");
  s.seed = static_cast<std::uint64_t>(sim.integer("seed"));
  s.threads = static_cast<int>(sim.integer("threads"));
  s.rounds = static_cast<long>(sim.integer("rounds"));
  s.retrain_every = static_cast<long>(root.sub("platform").integer("retrain_every"));
  s.convergence_tolerance = sim.real("convergence_tolerance");
  s.convergence_window = static_cast<long>(sim.integer("convergence_window"));
  s.stop_on_convergence = sim.string("stop_when") == "converged";
  s.target_success = root.sub("analysis").real("target_success");
  // The same rule as data::read_collectives, which names the world's collectives.
  for (const auto& c : root.elements("collective")) {
    const std::string name = c.string("name");
    s.collectives.push_back(name.empty() ? "c" + std::to_string(s.collectives.size()) : name);
  }
  return s;
}

}  // namespace aca::sim
