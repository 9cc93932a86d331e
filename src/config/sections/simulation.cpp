#include <set>
#include <string>

#include "config/sections/sections.hpp"

namespace aca::config::sections {

void declare_simulation(Schema& s) {
  s.table("simulation", "How the rounds of the social dynamics are run.");
  s.key("simulation.name", Kind::string)
      .label("scenario name").def("").doc("Free-text name of the scenario, copied into outputs.");
  s.key("simulation.seed", Kind::integer).label("seed").def(1).range(0, 9.007199254740992e15)
      .doc("Scenario seed; every random stream (population, data, learner, decisions, evaluation) derives from it.");
  s.key("simulation.rounds", Kind::integer)
      .label("rounds").symbol("T").def(50).range(1, 1e7).doc("Number of rounds (epochs of the social dynamics).");
  s.key("simulation.mode", Kind::string)
      .label("simulation mode").value_names({"learned", "response curve", "theory"}).def("learned")
      .choices({"learned", "response_curve", "theory"})
      .doc("learned: train the platform every round; response_curve: train on an α grid once, then run the "
           "dynamics on the fitted S(α); theory: S(α) from the closed-form bounds.");
  s.key("simulation.stop_when", Kind::string).label("stopping rule").def("never").choices({"never", "converged"})
      .doc("Stop early once participation has converged (see convergence_tolerance/window).");
  s.key("simulation.convergence_tolerance", Kind::real).label("convergence tolerance").above(0)
      .doc("Participation is converged when every α_k moves less than this for convergence_window rounds. Default: "
           "0.001, or, with a stochastic rule (logit, imitation), the sampling noise of α, max(0.001, 1/(2·√size)) "
           "for population.size agents (√(p(1−p)/n) ≤ 1/(2√n)).");
  s.key("simulation.convergence_window", Kind::integer).label("convergence window").unit("rounds").def(5).range(1, 1e6)
      .doc("Rounds α must stay within tolerance to count as converged.");
  s.key("simulation.threads", Kind::integer).label("threads").def(1).range(0, 1024)
      .doc("Threads for training and agent decisions (0 = one per core). More help on an otherwise idle machine (MLP, CNN, "
           "batched response curves); keep 1 on a busy one. Sweeps force 1 per point.");

  s.table("response_curve", "Estimating S_k(α) by real trainings on an α grid (mode = \"response_curve\").");
  s.key("response_curve.alphas", Kind::real_list).label("collective sizes trained").unit("share").symbol("α")
      .def(std::vector<double>{0.0, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5})
      .range(0, 1).doc("Collective sizes α at which the platform is trained to measure success (at least two different "
                       "values: the curve is fitted between them).");
  s.key("response_curve.replicates", Kind::integer).label("trainings per collective size").def(3).range(1, 1000)
      .doc("Independent trainings per α (they give the uncertainty band).");

  s.check([](const View& root, Diagnostics& out) {
    if (root.sub("simulation").string("mode") != "response_curve") return;
    // The curve is fitted between the grid's α values; one value (or none) leaves nothing to fit between.
    std::set<double> distinct;
    for (double a : root.sub("response_curve").reals("alphas")) distinct.insert(a);
    if (distinct.size() < 2)
      out.add(root.sub("response_curve").diag(
          "alphas", "mode = \"response_curve\" needs `response_curve.alphas` with at least two different α values "
                    "(the curve S(α) is fitted between them), got " + std::to_string(distinct.size())));
  });
}

}  // namespace aca::config::sections
