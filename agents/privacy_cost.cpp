#include "agents/privacy_cost.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace aca::agents {

double PrivacyCost::operator()(double epsilon) const {
  // !(ε > 0) also catches NaN: an unknown ε must not create a cost out of nothing.
  const double e = !(epsilon > 0) ? 0.0 : std::min(epsilon, epsilon_cap);
  if (form == "linear") return e;
  if (form == "saturating") return -std::expm1(-e);
  throw std::invalid_argument("unknown privacy_cost form `" + form + "`");
}

}  // namespace aca::agents
