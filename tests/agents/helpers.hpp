#pragma once
// Shared helpers of the agents tests: populations from TOML snippets.
#include <string>

#include "agents/dynamics.hpp"
#include "agents/population.hpp"
#include "config/scenario.hpp"

/// Fixtures of the agents tests.
#define AGENTS_FIXTURES ACASIM_SOURCE_DIR "/tests/agents/fixtures"

namespace aca::agents::test {

/// The scenario parsed from TOML text (validated against the real schema).
inline config::Scenario scenario(const std::string& toml) { return config::parse_scenario(toml, "test.toml"); }

/// The population a TOML snippet declares.
inline Population population(const std::string& toml, std::uint64_t seed = 1) {
  const config::Scenario s = scenario(toml);
  return make_population(s.root(), seed, AGENTS_FIXTURES);
}

/// The decision dynamics a TOML snippet declares.
inline Dynamics dynamics(const std::string& toml, std::uint64_t seed = 1) {
  const config::Scenario s = scenario(toml);
  return Dynamics(decision_spec(s.root().sub("decision")), seed);
}

/// One round with constant observed success.
inline RoundResult round(Dynamics& d, Population& p, long t, std::vector<double> success, int threads = 1,
                         std::vector<SuccessCurve> curves = {}) {
  RoundInput in;
  in.observed_success = std::move(success);
  in.round = t;
  in.curves = std::move(curves);
  return d.step(p, in, threads);
}

}  // namespace aca::agents::test
