#include "config/sections/sections.hpp"

namespace aca::config::sections {

void declare_population(Schema& s) {
  s.table("population", "The agents: how many, and how their types (benefit, costs, inertia) are distributed.");
  s.key("population.size", Kind::integer).def(1000).range(1, 1e8).doc("Number of agents.");
  s.key("population.benefit", Kind::distribution).def(1.0).doc(
      "u_i: what an agent gains per unit of its collective's success S_k.");
  s.key("population.participation_cost", Kind::distribution).def(0.1).at_least(0).doc(
      "c_i: cost per round of being a member (effort, risk).");
  s.key("population.privacy_sensitivity", Kind::distribution).def(0.0).at_least(0).doc(
      "κ_i: cost per unit of privacy_cost(ε) an agent bears when its data is used by the platform.");
  s.key("population.inertia", Kind::distribution).def(0.0).range(0, 1).doc(
      "Probability that an agent does not revise its choice in a round.");
  s.key("population.initial_members", Kind::integer_list).def(std::vector<std::int64_t>{}).at_least(0).doc(
      "Seed members of each collective at round 0 (one count per [[collective]], in order).");
}

}  // namespace aca::config::sections
