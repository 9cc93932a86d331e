#pragma once
// The agents' social network, stored once as CSR (row pointers + neighbour ids) so that neighbourhood
// participation shares are one sparse matrix–vector product per round.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "config/limits.hpp"
#include "config/scenario.hpp"
#include "util/rng.hpp"

namespace aca::agents {

/// Undirected simple graph in CSR form; `complete` means mean field (no explicit edges are stored).
struct Network {
  std::string kind = "complete";        ///< generator that produced it
  std::size_t nodes = 0;                ///< number of agents
  std::vector<std::int64_t> row_ptr;    ///< nodes + 1 offsets into `col` (empty when complete)
  std::vector<std::int32_t> col;        ///< neighbour ids, sorted within each row, no self-loops or duplicates

  /// True for the mean-field network (everyone sees the global share).
  bool complete() const { return kind == "complete"; }
  /// Degree of agent i (nodes − 1 when complete).
  std::int64_t degree(std::size_t i) const {
    return complete() ? static_cast<std::int64_t>(nodes) - 1 : row_ptr[i + 1] - row_ptr[i];
  }
  /// Bytes held by the CSR arrays.
  std::size_t bytes() const { return row_ptr.capacity() * sizeof(std::int64_t) + col.capacity() * sizeof(std::int32_t); }
};

/// An undirected edge between two agent ids (32 bits: populations stay below 2^31 agents).
using Edge = std::pair<std::int32_t, std::int32_t>;

/// The CSR of the undirected graph with these edges (either orientation; self-loops and duplicates dropped).
/// Throws std::invalid_argument for more than 2^31 − 1 agents.
Network network_from_edges(std::size_t nodes, std::vector<Edge> edges, std::string kind);

/// Generates the network `[population.network]` declares for `nodes` agents, drawing from `engine`
/// (the scenario's `network` stream). Relative edge-list files resolve against `base_dir`. Throws
/// config::ScenarioError at `population.network.file` for an unreadable, malformed or out-of-range edge list or
/// one with more than `max_edges` edges (call check_network_size first for the generated kinds).
Network make_network(const config::View& network, std::size_t nodes, util::Engine& engine,
                     const std::filesystem::path& base_dir = ".", std::int64_t max_edges = config::Limits{}.network_edges);

/// Edges the generator of `[population.network]` makes for `nodes` agents, from the settings alone (the expected
/// number for random graphs; 0 for complete, which stores none, and edgelist, whose edges are counted as read).
double expected_edges(const config::View& network, std::size_t nodes);

/// Throws config::ScenarioError at the key responsible when the network would have more than `max_edges` edges,
/// or when building a watts_strogatz graph would take more than 20·max_edges random draws (k close to `nodes`).
void check_network_size(const config::View& network, std::size_t nodes, std::int64_t max_edges);

/// Generators, one per kind (exposed for tests and for the engine's own graphs).
Network erdos_renyi(std::size_t nodes, double mean_degree, util::Engine& engine);
Network watts_strogatz(std::size_t nodes, std::size_t k, double rewire, util::Engine& engine);
Network barabasi_albert(std::size_t nodes, std::size_t m, util::Engine& engine);
Network power_law(std::size_t nodes, double alpha, double beta, util::Engine& engine);
Network lattice(const std::vector<std::int64_t>& dims);
/// Reads a file of `i j` lines; throws std::runtime_error naming the file (and line) when it is not a readable
/// regular file, a line is malformed or out of range, or it holds more than `max_edges` edges.
Network read_edgelist(const std::filesystem::path& file, std::size_t nodes, std::int64_t max_edges = config::Limits{}.network_edges);

/// Rows [lo, hi) of the neighbourhood shares: out[i·K + k] = fraction of agent i's neighbours whose choice is k.
void neighbour_share_rows(const Network& net, const std::int32_t* choice, int K, double* out, std::size_t lo,
                          std::size_t hi);

/// One collective, rows [lo, hi): out[i] = fraction of agent i's neighbours with member[j] = 1 (member is a 0/1
/// byte per agent: a quarter of the cache footprint of the choices, which matters for the rewired long links).
void member_share_rows(const Network& net, const std::vector<std::uint8_t>& member, double* out, std::size_t lo,
                       std::size_t hi);

/// Neighbourhood shares: out[i·K + k] = fraction of agent i's neighbours in collective k (0 for isolated agents),
/// from `choice` (−1 or 0..K−1). One CSR pass (the matrix–vector products A·1[choice = k] / deg), parallel over rows.
void neighbour_shares(const Network& net, const std::vector<std::int32_t>& choice, int K, std::vector<double>& out,
                      int threads = 0);

}  // namespace aca::agents
