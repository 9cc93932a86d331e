#include "agents/decision_rule.hpp"

#include <stdexcept>

namespace aca::agents {

std::unique_ptr<DecisionRule> make_decision_rule(const std::string& name) {
  if (name == "best_response") return std::make_unique<BestResponse>();
  if (name == "logit") return std::make_unique<Logit>();
  if (name == "threshold") return std::make_unique<Threshold>();
  if (name == "imitation") return std::make_unique<Imitation>();
  throw std::invalid_argument("unknown decision rule `" + name + "`");
}

}  // namespace aca::agents
