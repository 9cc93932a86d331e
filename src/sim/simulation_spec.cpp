#include "sim/simulation_spec.hpp"

#include <algorithm>
#include <cmath>

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
  // Each agent's draw is Bernoulli(p_i), so α's noise has variance Σ p_i(1 − p_i)/n² ≤ 1/(4n).
  const std::string rule = root.sub("decision").string("rule");
  const double n = static_cast<double>(root.sub("population").integer("size"));
  s.sampling_noise = rule == "logit" || rule == "imitation" ? 0.5 / std::sqrt(n) : 0.0;
  s.convergence_tolerance_set = sim.has("convergence_tolerance");
  s.convergence_tolerance = s.convergence_tolerance_set ? sim.real("convergence_tolerance")
                                                        : default_convergence_tolerance(s.sampling_noise);
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

double default_convergence_tolerance(double sampling_noise) { return std::max(1e-3, sampling_noise); }

}  // namespace aca::sim
