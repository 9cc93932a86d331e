#include <stdexcept>

#include "learn/learner.hpp"

namespace aca::learn {

void Learner::save(std::ostream&) const {
  throw std::logic_error(name() + ": this learner cannot be checkpointed (no save())");
}

void Learner::load(std::istream&) {
  throw std::logic_error(name() + ": this learner cannot be checkpointed (no load())");
}

}  // namespace aca::learn
