#include "config/sections/sections.hpp"

namespace aca::config::sections {

void declare_decision(Schema& s) {
  s.table("decision", "How agents choose whether (and which collective) to join each round.");
  s.key("decision.rule", Kind::string).def("logit").choices({"best_response", "logit", "threshold", "imitation"})
      .doc("best_response: highest expected payoff; logit: quantal response; threshold: Granovetter; "
           "imitation: copy a better-off neighbour.");
  s.key("decision.temperature", Kind::real).def(0.05).above(0)
      .doc("Logit temperature (payoff units): → 0 is best response, large values make choices uniform.");
  s.key("decision.expectations", Kind::string).def("myopic").choices({"myopic", "adaptive", "rational"})
      .doc("Success an agent plans with: last round's, exponentially smoothed, or the response curve's "
           "prediction at the resulting α.");
  s.key("decision.smoothing", Kind::real).def(0.5).range(0, 1)
      .doc("Adaptive expectations: weight of the newest observation.");
  s.key("decision.revision", Kind::string).def("synchronous").choices({"synchronous", "asynchronous"})
      .doc("synchronous: everyone revises at once; asynchronous: random sequential order.");
  s.key("decision.switching_cost", Kind::real).def(0.0).at_least(0)
      .doc("Cost paid when an agent changes option.");
}

}  // namespace aca::config::sections
