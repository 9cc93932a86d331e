#include "config/sections/sections.hpp"

namespace aca::config::sections {

void declare_platform(Schema& s) {
  s.table("platform", "The platform's learner: what it trains on the (partly rewritten) data.");
  s.key("platform.learner", Kind::string)
      .label("learner").value_names({"ERM (SGD)", "DP-SGD", "Group DRO", "Bayes-optimal"}).def("sgd")
      .choices({"sgd", "dp_sgd", "gdro", "bayes_optimal"})
      .doc("sgd: ERM by minibatch SGD; dp_sgd: differentially private SGD; gdro: Group DRO; "
           "bayes_optimal: counting learner for categorical data.");
  s.key("platform.device", Kind::string)
      .label("training device").def("cpu").choices({"cpu", "cuda"}).doc("Where training runs.");
  s.key("platform.retrain_every", Kind::integer)
      .label("retraining interval").unit("rounds").def(1).range(1, 1e6)
      .doc("Retrain the model every this many rounds.");
  s.key("platform.epochs", Kind::integer)
      .label("training epochs").unit("passes").def(5).range(1, 1e5).doc("Passes over the training data per fit.");
  s.key("platform.batch_size", Kind::integer).label("batch size").unit("points").symbol("B").def(256).range(1, 1e7)
      .doc("Minibatch size (expected batch size under Poisson sampling).");
  s.key("platform.learning_rate", Kind::real)
      .label("learning rate").symbol("η").def(0.1).above(0).doc("SGD step size.");
  s.key("platform.momentum", Kind::real).label("momentum").def(0.0).range(0, 1).below(1).doc("SGD momentum.");
  s.key("platform.weight_decay", Kind::real).label("weight decay").def(0.0).at_least(0).doc("L2 weight decay.");
  s.key("platform.epsilon_suboptimal", Kind::real)
      .label("learner suboptimality").unit("total variation").def(0.0).at_least(0).below(1)
      .doc("bayes_optimal only: total-variation budget ε of an adversarially ε-suboptimal learner, Bayes-optimal for "
           "a distribution Q with TV(P̂, Q) ≤ ε that flips its least-confident cells first (0: exactly Bayes-optimal).");
  s.key("platform.ensemble_size", Kind::integer).label("ensemble size").unit("trainings").def(32).range(1, 1e6)
      .doc("At most this many independent trainings (response-curve grid points and replicates, constructiveness fits) "
           "fitted together as one batched ensemble, for sgd/dp_sgd/gdro with logistic or MLP models; 1 turns batching "
           "off. Results equal one-by-one fits up to rounding (docs/ensembles.md).");

  s.table("platform.model", "The model class.");
  s.key("platform.model.kind", Kind::string)
      .label("model").value_names({"logistic regression", "MLP", "CNN", "linear least squares"}).def("logistic")
      .choices({"logistic", "mlp", "cnn", "linear"})
      .doc("logistic regression, MLP (ReLU), a small CNN for 28×28 images, or linear: least squares "
           "½(θ·x̃ − r)² on the data's real responses r (the labels as numbers when it has none), trained by sgd or "
           "dp_sgd; it predicts the label nearest θ·x̃.");
  s.key("platform.model.hidden", Kind::integer_list)
      .label("hidden layer sizes").unit("units").def(std::vector<std::int64_t>{256}).range(1, 1e6)
      .doc("MLP hidden layer sizes.");
  s.key("platform.model.warm_start", Kind::boolean).label("warm start").def(false)
      .doc("Continue from last round's weights instead of refitting from a seeded initialisation.");

  s.table("platform.privacy", "DP-SGD settings (learner = \"dp_sgd\"): give noise_multiplier or target_epsilon.");
  s.key("platform.privacy.noise_multiplier", Kind::real)
      .label("noise multiplier").unit("× clip norm").symbol("σ").above(0)
      .doc("σ: noise std as a multiple of the clip norm.");
  s.key("platform.privacy.target_epsilon", Kind::real).label("privacy budget").symbol("ε").above(0).or_infinity("no DP")
      .doc("Privacy budget ε per fit; σ is calibrated to reach it (instead of noise_multiplier). inf (TOML's +∞; "
           "also as a sweep value) is non-private training: learner = \"dp_sgd\" then trains as \"sgd\" with the "
           "same hyperparameters (no clipping, no noise), and members' privacy cost is that of ε = ∞, i.e. of "
           "population.epsilon_cap.");
  s.key("platform.privacy.delta", Kind::real)
      .label("privacy failure probability").symbol("δ").def(1e-5).above(0).below(1).doc("δ of the (ε, δ) guarantee.");
  s.key("platform.privacy.clip", Kind::real)
      .label("clipping norm").symbol("C").def(1.0).above(0).doc("C: per-example gradient clipping norm.");
  s.key("platform.privacy.accountant", Kind::string).label("privacy accountant").def("rdp").choices({"rdp", "prv"})
      .doc("Privacy accountant that turns (q, σ, steps) into ε.");
  s.key("platform.privacy.sampling", Kind::string)
      .label("batch sampling").def("poisson").choices({"poisson", "shuffle"})
      .doc("poisson: the accountant's assumption; shuffle: fixed-size batches (the reported ε then does not hold).");

  s.table("platform.gdro", "Group DRO settings (learner = \"gdro\").");
  s.key("platform.gdro.eta_q", Kind::real)
      .label("group-weight step size").symbol("η_q").def(0.01).above(0)
      .doc("Step size of the multiplicative group-weight update.");
  s.key("platform.gdro.adjustment", Kind::real).label("generalisation adjustment").symbol("C").def(0.0).at_least(0)
      .doc("Generalisation adjustment C: adds C/sqrt(n_g) to each group's loss.");
  s.key("platform.gdro.groups", Kind::string)
      .label("Group DRO groups").def("data").choices({"data", "collective_vs_rest"})
      .doc("Groups from the dataset's group column, or members of any collective vs the rest.");

  s.check([](const View& root, Diagnostics& out) {
    const View m = root.sub("platform").sub("model");
    const std::string learner = root.sub("platform").string("learner");
    if (m.string("kind") == "linear" && learner != "sgd" && learner != "dp_sgd")
      out.add(m.diag("kind", "kind = \"linear\" (least squares) is trained by learner = \"sgd\" or \"dp_sgd\", not \"" +
                                 learner + "\""));
  });

  s.check([](const View& root, Diagnostics& out) {
    const View p = root.sub("platform");
    if (p.real("epsilon_suboptimal") > 0 && p.string("learner") != "bayes_optimal")
      out.add(p.diag("epsilon_suboptimal", "epsilon_suboptimal applies to learner = \"bayes_optimal\" only, not \"" +
                                               p.string("learner") + "\""));
  });

  s.check([](const View& root, Diagnostics& out) {
    const View p = root.sub("platform");
    if (p.string("learner") != "dp_sgd") return;
    const View priv = p.sub("privacy");
    const bool sigma = priv.has("noise_multiplier"), eps = priv.has("target_epsilon");
    if (sigma == eps)
      out.add(priv.diag(sigma ? "target_epsilon" : "noise_multiplier",
                        "learner = \"dp_sgd\" needs exactly one of `platform.privacy.noise_multiplier` and "
                        "`platform.privacy.target_epsilon`"));
  });
}

}  // namespace aca::config::sections
