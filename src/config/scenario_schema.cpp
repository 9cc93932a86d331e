#include "config/schema.hpp"
#include "config/sections/sections.hpp"

namespace aca::config {

const Schema& scenario_schema() {
  // Built on first use and never modified afterwards: immutable shared state, not global mutable state.
  static const Schema schema = [] {
    Schema s;
    sections::declare_simulation(s);
    sections::declare_population(s);
    sections::declare_decision(s);
    sections::declare_data(s);
    sections::declare_collective(s);
    sections::declare_platform(s);
    sections::declare_analysis(s);
    sections::declare_sweep(s);
    sections::declare_limits(s);
    return s;
  }();
  return schema;
}

}  // namespace aca::config
