#include <cmath>

#include "config/scenario.hpp"
#include "learn/learner.hpp"

namespace aca::learn {

LearnerSpec learner_spec(const config::View& platform, int threads) {
  LearnerSpec s;
  s.learner = platform.string("learner");
  s.device = platform.string("device");
  s.epochs = static_cast<int>(platform.integer("epochs"));
  s.batch_size = platform.integer("batch_size");
  s.learning_rate = platform.real("learning_rate");
  s.momentum = platform.real("momentum");
  s.weight_decay = platform.real("weight_decay");
  s.threads = threads;
  s.epsilon_suboptimal = platform.real("epsilon_suboptimal");
  const config::View m = platform.sub("model");
  s.model.kind = m.string("kind");
  s.model.hidden = m.integers("hidden");
  s.model.warm_start = m.boolean("warm_start");
  const config::View p = platform.sub("privacy");
  if (p.has("noise_multiplier")) s.privacy.noise_multiplier = p.real("noise_multiplier");
  if (p.has("target_epsilon")) s.privacy.target_epsilon = p.real("target_epsilon");
  // ε = ∞ promises nothing, so no noise and no clipping are owed: the non-private baseline of the DP literature
  // (literature §3) is plain SGD with the same hyperparameters, which also reports ε = ∞ to the agents.
  if (s.learner == "dp_sgd" && s.privacy.target_epsilon && std::isinf(*s.privacy.target_epsilon)) s.learner = "sgd";
  s.privacy.delta = p.real("delta");
  s.privacy.clip = p.real("clip");
  s.privacy.accountant = p.string("accountant");
  s.privacy.sampling = p.string("sampling");
  const config::View g = platform.sub("gdro");
  s.gdro.eta_q = g.real("eta_q");
  s.gdro.adjustment = g.real("adjustment");
  s.gdro.groups = g.string("groups");
  return s;
}

}  // namespace aca::learn
