// Family `agents`: logit join decisions per second at 10^6 agents, in the mean field and on a Watts–Strogatz
// k = 10 small world (neighbourhood shares by the CSR product each round), and memory per agent.
#include <cmath>
#include <ctime>

#include "agents/dynamics.hpp"
#include "agents/population.hpp"
#include "bench/bench.hpp"
#include "config/scenario.hpp"

namespace aca::bench {

namespace {

// CPU seconds of the calling thread: on a shared machine the single-thread rate per CPU-second is the figure other
// processes disturb least.
double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

// Agent decisions per second over `rounds` full rounds of Dynamics::step (payoffs, shares, decisions, counting);
// with `cpu_time`, per second of the calling thread's CPU time (meaningful for threads = 1 only).
double decisions_per_s(agents::Population& pop, agents::Dynamics& dyn, const agents::SuccessCurve& curve, int threads,
                       int rounds, bool cpu_time = false) {
  agents::RoundInput in;
  in.curves = {curve};
  in.epsilon = 1.0;
  const auto run = [&](long t) {
    in.round = t;
    in.observed_success = {curve(agents::shares(pop)[0])};
    dyn.step(pop, in, threads);
  };
  run(0);  // warm-up: first touch of the scratch buffers
  const auto clock = [&] { return cpu_time ? thread_cpu_seconds() : now_seconds(); };
  const double t0 = clock();
  for (int r = 1; r <= rounds; ++r) run(r);
  return static_cast<double>(pop.size()) * rounds / (clock() - t0);
}

}  // namespace

void bench_agents(Figures& f) {
  const std::string common = R"(
[population]
size = 1000000
benefit = { dist = "lognormal", mu = 0, sigma = 0.5 }
participation_cost = { dist = "uniform", low = 0, high = 0.5 }
privacy_sensitivity = 0.01
inertia = 0.1
initial_members = [100000]
[decision]
rule = "logit"
temperature = 0.05
[[collective]]
)";
  const agents::SuccessCurve curve = agents::SuccessCurve::tabulate([](double a) { return std::sqrt(a); });
  const int rounds = 20;

  const config::Scenario mf = config::parse_scenario(common, "bench_agents_meanfield.toml");
  agents::Population pop = agents::make_population(mf.root(), 1);
  agents::Dynamics dyn(agents::decision_spec(mf.root().sub("decision")), 1);
  f.add("agents_meanfield_decisions_per_s", decisions_per_s(pop, dyn, curve, 0, rounds));
  f.add("agents_meanfield_decisions_per_s_1thread", decisions_per_s(pop, dyn, curve, 1, rounds));
  f.add("agents_meanfield_decisions_per_cpu_s_1thread", decisions_per_s(pop, dyn, curve, 1, rounds, true));
  f.add("agents_meanfield_bytes_per_agent", static_cast<double>(pop.bytes()) / static_cast<double>(pop.size()));

  const config::Scenario ws = config::parse_scenario(
      common + "\n[population.network]\nkind = \"watts_strogatz\"\nk = 10\nrewire = 0.1\n", "bench_agents_network.toml",
      {config::parse_override("decision.share=neighbours")});
  const double g0 = now_seconds();
  agents::Population net = agents::make_population(ws.root(), 1);
  f.add("agents_network_build_s", now_seconds() - g0);
  agents::Dynamics ndyn(agents::decision_spec(ws.root().sub("decision")), 1);
  f.add("agents_network_decisions_per_s", decisions_per_s(net, ndyn, curve, 0, rounds));
  f.add("agents_network_decisions_per_s_1thread", decisions_per_s(net, ndyn, curve, 1, rounds));
  f.add("agents_network_decisions_per_cpu_s_1thread", decisions_per_s(net, ndyn, curve, 1, rounds, true));
  f.add("agents_bytes_per_agent", static_cast<double>(net.bytes()) / static_cast<double>(net.size()));
}

}  // namespace aca::bench
