#include "sim/run_context.hpp"

#include <limits>

#include "config/limits.hpp"
#include "learn/model_limits.hpp"

namespace aca::sim {

RunContext plan_run(const config::Scenario& scenario) {
  RunContext ctx{simulation_spec(scenario), make_world(scenario), {}};
  // The model is built at the first fit; its size is known now, from the architecture and the data's dimension.
  learn::check_model_limits(scenario.root().sub("platform"), ctx.world.dataset->train(),
                          config::limits(scenario.root()).model_parameters);
  ctx.loop.alpha.assign(ctx.collectives(), {});
  ctx.loop.success.assign(ctx.collectives(), 0.0);
  ctx.loop.epsilon = std::numeric_limits<double>::infinity();
  return ctx;
}

}  // namespace aca::sim
