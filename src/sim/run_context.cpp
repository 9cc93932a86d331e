#include "sim/run_context.hpp"

#include <limits>

namespace aca::sim {

RunContext plan_run(const config::Scenario& scenario) {
  RunContext ctx{simulation_spec(scenario), make_world(scenario), {}};
  ctx.loop.alpha.assign(ctx.collectives(), {});
  ctx.loop.success.assign(ctx.collectives(), 0.0);
  ctx.loop.epsilon = std::numeric_limits<double>::infinity();
  return ctx;
}

}  // namespace aca::sim
