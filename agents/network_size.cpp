#include <algorithm>
#include <cmath>
#include <string>

#include "agents/network.hpp"
#include "config/limits.hpp"

namespace aca::agents {

namespace {

[[noreturn]] void refuse(config::Diagnostic d) {
  config::Diagnostics all;
  all.add(std::move(d));
  throw config::ScenarioError(std::move(all));
}

// Boost's PLOD draws each agent's degree as clamp(⌊β·x^−α⌋, 1, n − 1) with x uniform on 0 … n − 1 (x = 0 gives
// 1), then pairs up degree stubs: about half the degree sum becomes edges. Summed exactly over the x where
// β·x^−α ≥ 1, up to 10^6 terms, and by the integral of the smooth tail beyond.
double plod_edges(double n, double alpha, double beta) {
  const double cap = n - 1.0;
  const double last = std::min(n - 1.0, std::floor(std::pow(beta, 1.0 / alpha)));  // beyond it: degree 1
  const double exact = std::min(last, 1e6);
  double sum = n - std::max(0.0, last);  // x = 0 and every x past `last` have degree 1
  for (double x = 1; x <= exact; ++x) sum += std::min(cap, std::floor(beta * std::pow(x, -alpha)));
  if (last > exact) {
    // ∫ β·x^−α dx from `exact` to `last` (the terms there are far below the cap).
    sum += alpha == 1.0 ? beta * std::log(last / exact)
                        : beta * (std::pow(last, 1.0 - alpha) - std::pow(exact, 1.0 - alpha)) / (1.0 - alpha);
  }
  return sum / 2.0;
}

}  // namespace

double expected_edges(const config::View& v, std::size_t nodes) {
  const std::string kind = v.string("kind");
  const double n = static_cast<double>(nodes);
  if (kind == "erdos_renyi") return n <= 1 ? 0.0 : std::min(1.0, v.real("mean_degree") / (n - 1.0)) * n * (n - 1.0) / 2.0;
  if (kind == "watts_strogatz") return n * static_cast<double>(v.integer("k")) / 2.0;
  if (kind == "barabasi_albert") {
    const double m = static_cast<double>(v.integer("m"));
    return m * (m + 1.0) / 2.0 + std::max(0.0, n - m - 1.0) * m;
  }
  if (kind == "power_law") return plod_edges(n, v.real("alpha"), v.real("beta"));
  if (kind == "lattice") return n * static_cast<double>(std::max<std::size_t>(1, v.integers("dims").size()));
  return 0.0;  // complete (nothing stored) and edgelist (counted while read)
}

void check_network_size(const config::View& v, std::size_t nodes, std::int64_t max_edges) {
  const double edges = expected_edges(v, nodes);
  const std::string kind = v.string("kind");
  const char* key = kind == "erdos_renyi" ? "mean_degree" : kind == "watts_strogatz" ? "k"
                  : kind == "barabasi_albert" ? "m" : kind == "power_law" ? "beta" : "kind";
  if (edges > static_cast<double>(max_edges))
    refuse(v.diag(
        key, "population.network: " + kind + " on population.size = " + std::to_string(nodes) + " agents has " +
                 config::count_text(edges) + " edges, " +
                 config::over_limit("network_edges", max_edges,
                                    key == std::string("kind") ? "lower population.size"
                                        : "lower population.network." + std::string(key) + " or population.size")));
  if (kind != "watts_strogatz" || v.real("rewire") == 0.0) return;
  // Boost rewires an edge by drawing targets until one falls outside the ring window of k + 1 agents: with k
  // close to the population that is n / (n − k − 1) draws per edge (forever at k = n − 1).
  const double k = static_cast<double>(v.integer("k")), n = static_cast<double>(nodes);
  const std::string head = "population.network: watts_strogatz with k = " + std::to_string(v.integer("k")) +
                           " on population.size = " + std::to_string(nodes) + " and rewire > 0 ";
  const std::string fix = "; keep k well below population.size (at most half of it) or set rewire = 0";
  if (n - k - 1.0 <= 0.0)
    refuse(v.diag("k", head + "leaves no agent outside an agent's k + 1 ring neighbours to rewire to, so the "
                              "graph would never be built" + fix));
  const double draws = edges * v.real("rewire") * n / (n - k - 1.0);
  if (draws > 20.0 * static_cast<double>(max_edges))
    refuse(v.diag("k", head + "leaves " + std::to_string(static_cast<long long>(n - k - 1.0)) +
                           " agent(s) outside each ring window to rewire to, so building the graph takes " +
                           config::count_text(draws) + " random draws" + fix));
}

}  // namespace aca::agents
