#pragma once
// Everything one simulated world owns: the agents, the data, the platform learner and the random streams.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "agents/dynamics.hpp"
#include "agents/population.hpp"
#include "config/scenario.hpp"
#include "data/collective_spec.hpp"
#include "data/dataset.hpp"
#include "learn/learner.hpp"
#include "util/rng.hpp"

namespace aca::sim {

/// The state of a run, built once from the scenario; the round loop mutates the population, the learner and
/// the learner stream.
struct World {
  config::Scenario scenario;                       ///< the validated scenario
  std::uint64_t seed = 0;                          ///< simulation.seed
  std::string mode;                                ///< learned, response_curve or theory
  int threads = 0;                                 ///< simulation.threads (0 = one per core)
  agents::Population population;                   ///< agents' types and membership
  std::unique_ptr<agents::Dynamics> dynamics;      ///< decision rule and expectations
  std::unique_ptr<data::Dataset> dataset;          ///< train / test data
  std::vector<data::CollectiveSpec> collectives;   ///< one per [[collective]]
  std::int64_t points_per_agent = 1;               ///< data.points_per_agent
  learn::LearnerSpec learner_spec;                 ///< [platform] as plain values
  std::unique_ptr<learn::Learner> learner;         ///< the platform (learned mode)
  util::Engine learner_rng;                        ///< the learner stream
};

/// Builds the world of a validated scenario (population, data, collectives, learner).
World make_world(const config::Scenario& scenario);

/// The collectives' names as recorded in outputs ("c<k>" for unnamed ones).
std::vector<std::string> collective_names(const World& w);

}  // namespace aca::sim
