#include "config/sections/sections.hpp"

namespace aca::config::sections {

void declare_decision(Schema& s) {
  s.table("decision", "How agents choose whether (and which collective) to join each round.");
  s.key("decision.rule", Kind::string)
      .label("decision rule").value_names({"best response", "logit", "threshold", "imitation"}).def("logit")
      .choices({"best_response", "logit", "threshold", "imitation"})
      .doc("best_response: highest expected payoff; logit: quantal response; threshold: Granovetter; "
           "imitation: copy a better-off neighbour.");
  s.key("decision.temperature", Kind::real)
      .label("logit temperature").unit("payoff units").symbol("T").def(0.05).above(0)
      .doc("Logit temperature (payoff units): → 0 is best response, large values make choices uniform; also the "
           "temperature of the imitation rule's Fermi function.");
  s.key("decision.expectations", Kind::string)
      .label("expectations").value_names({"myopic", "adaptive", "rational"}).def("myopic")
      .choices({"myopic", "adaptive", "rational"})
      .doc("Success an agent plans with: last round's, exponentially smoothed, or the response curve's "
           "prediction at the resulting α.");
  s.key("decision.smoothing", Kind::real).label("expectation smoothing weight").def(0.5).range(0, 1)
      .doc("Adaptive expectations: weight of the newest observation.");
  s.key("decision.revision", Kind::string)
      .label("revision order").def("synchronous").choices({"synchronous", "asynchronous"})
      .doc("synchronous: everyone revises at once; asynchronous: random sequential order.");
  s.key("decision.switching_cost", Kind::real).label("switching cost").unit("payoff units").def(0.0).at_least(0)
      .doc("Cost paid when an agent changes option.");
  s.key("decision.share", Kind::string)
      .label("participation share observed").def("global").choices({"global", "neighbours"})
      .doc("Participation share an agent looks at: the whole population's, or its network neighbours' (threshold "
           "rule; logit/best_response then plan with S_k at that share from the response curve).");
  s.key("decision.threshold_source", Kind::string).label("threshold source").def("given").choices({"given", "cost"})
      .doc("threshold rule: τ_i from population.threshold, or derived τ_i = S⁻¹(c_i/u_i) from the success curve.");

  s.check([](const View& root, Diagnostics& out) {
    const View d = root.sub("decision");
    if (d.string("expectations") == "rational" && d.string("rule") != "logit" && d.string("rule") != "best_response")
      out.add(d.diag("expectations", "expectations = \"rational\" needs rule = \"logit\" or \"best_response\""));
  });
}

}  // namespace aca::config::sections
