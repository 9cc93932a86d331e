#include "agents/network.hpp"

#include <algorithm>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/erdos_renyi_generator.hpp>
#include <boost/graph/plod_generator.hpp>
#include <boost/graph/small_world_generator.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include "agents/parallel.hpp"

namespace aca::agents {

namespace {

// Only the generators' edge iterators are used: the graph type fixes their vertex and size types.
using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;

template <class It>
std::vector<Edge> collect(It first, It last) {
  std::vector<Edge> e;
  for (; first != last; ++first)
    e.emplace_back(static_cast<std::int32_t>(first->first), static_cast<std::int32_t>(first->second));
  return e;
}

}  // namespace

Network network_from_edges(std::size_t nodes, std::vector<Edge> edges, std::string kind) {
  if (nodes > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))
    throw std::invalid_argument("networks are limited to 2^31 − 1 agents");
  Network net;
  net.kind = std::move(kind);
  net.nodes = nodes;
  // Counting sort into rows (both orientations), then sort + dedupe each short row in place: peak memory is the
  // edge list plus the CSR, with no global sort of all arcs.
  net.row_ptr.assign(nodes + 1, 0);
  for (const auto& [a, b] : edges)
    if (a != b) {
      ++net.row_ptr[static_cast<std::size_t>(a) + 1];
      ++net.row_ptr[static_cast<std::size_t>(b) + 1];
    }
  for (std::size_t i = 0; i < nodes; ++i) net.row_ptr[i + 1] += net.row_ptr[i];
  net.col.resize(static_cast<std::size_t>(net.row_ptr[nodes]));
  {
    std::vector<std::int64_t> fill(net.row_ptr.begin(), net.row_ptr.end() - 1);
    for (const auto& [a, b] : edges)
      if (a != b) {
        net.col[static_cast<std::size_t>(fill[static_cast<std::size_t>(a)]++)] = b;
        net.col[static_cast<std::size_t>(fill[static_cast<std::size_t>(b)]++)] = a;
      }
  }
  edges.clear();
  edges.shrink_to_fit();
  std::int64_t w = 0;
  for (std::size_t i = 0; i < nodes; ++i) {
    const auto first = net.col.begin() + net.row_ptr[i], last = net.col.begin() + net.row_ptr[i + 1];
    std::sort(first, last);
    const auto end = std::unique(first, last);
    const std::int64_t start = w;
    for (auto it = first; it != end; ++it) net.col[static_cast<std::size_t>(w++)] = *it;
    net.row_ptr[i] = start;
  }
  net.row_ptr[nodes] = w;
  net.col.resize(static_cast<std::size_t>(w));
  net.col.shrink_to_fit();
  return net;
}

Network erdos_renyi(std::size_t nodes, double mean_degree, util::Engine& engine) {
  const double p = nodes > 1 ? std::min(1.0, mean_degree / static_cast<double>(nodes - 1)) : 0.0;
  // The sorted generator skips geometrically over absent pairs: O(edges), not O(n²).
  using It = boost::sorted_erdos_renyi_iterator<util::Engine, Graph>;
  return network_from_edges(nodes, collect(It(engine, nodes, p, false), It()), "erdos_renyi");
}

Network watts_strogatz(std::size_t nodes, std::size_t k, double rewire, util::Engine& engine) {
  if (k % 2 != 0 || k >= nodes) throw std::invalid_argument("watts_strogatz needs an even k below the number of agents");
  using It = boost::small_world_iterator<util::Engine, Graph>;
  return network_from_edges(nodes, collect(It(engine, nodes, k, rewire, false), It()), "watts_strogatz");
}

Network barabasi_albert(std::size_t nodes, std::size_t m, util::Engine& engine) {
  // Boost.Graph has no preferential-attachment generator; this is the standard one: a clique of m + 1 seeds,
  // then each newcomer links to m distinct agents drawn with probability proportional to degree (sampling
  // uniformly from the list of arc endpoints).
  if (m + 1 > nodes) throw std::invalid_argument("barabasi_albert needs more agents than m");
  std::vector<Edge> edges;
  std::vector<std::int32_t> ends;
  for (std::size_t a = 0; a <= m; ++a)
    for (std::size_t b = a + 1; b <= m; ++b) {
      edges.emplace_back(static_cast<std::int32_t>(a), static_cast<std::int32_t>(b));
      ends.push_back(static_cast<std::int32_t>(a));
      ends.push_back(static_cast<std::int32_t>(b));
    }
  std::vector<std::int32_t> picked;
  // Who picked each agent last: an O(1) duplicate test (a search of `picked` made large m quadratic per agent).
  std::vector<std::int32_t> picked_by(nodes, -1);
  for (std::size_t v = m + 1; v < nodes; ++v) {
    picked.clear();
    boost::random::uniform_int_distribution<std::size_t> pick(0, ends.size() - 1);
    while (picked.size() < m) {
      const std::int32_t t = ends[pick(engine)];
      if (picked_by[static_cast<std::size_t>(t)] != static_cast<std::int32_t>(v)) {
        picked_by[static_cast<std::size_t>(t)] = static_cast<std::int32_t>(v);
        picked.push_back(t);
      }
    }
    for (const std::int32_t t : picked) {
      edges.emplace_back(static_cast<std::int32_t>(v), t);
      ends.push_back(static_cast<std::int32_t>(v));
      ends.push_back(t);
    }
  }
  return network_from_edges(nodes, std::move(edges), "barabasi_albert");
}

Network power_law(std::size_t nodes, double alpha, double beta, util::Engine& engine) {
  using It = boost::plod_iterator<util::Engine, Graph>;
  return network_from_edges(nodes, collect(It(engine, nodes, alpha, beta, false), It()), "power_law");
}

Network lattice(const std::vector<std::int64_t>& dims) {
  // Periodic grid: a ring in 1-D, a torus in 2-D (von Neumann neighbourhood: the 2·d axis neighbours). Written out
  // directly: Boost's grid_graph reads past its wrap flags when enumerating edges (GCC 12 flags it).
  if (dims.empty() || dims.size() > 2) throw std::invalid_argument("lattice needs 1 or 2 dimensions");
  const std::int64_t w = dims[0], h = dims.size() == 2 ? dims[1] : 1;
  std::vector<Edge> edges;
  edges.reserve(static_cast<std::size_t>(2 * w * h));
  for (std::int64_t y = 0; y < h; ++y)
    for (std::int64_t x = 0; x < w; ++x) {
      const std::int64_t v = y * w + x;
      edges.emplace_back(static_cast<std::int32_t>(v), static_cast<std::int32_t>(y * w + (x + 1) % w));
      if (dims.size() == 2) edges.emplace_back(static_cast<std::int32_t>(v), static_cast<std::int32_t>(((y + 1) % h) * w + x));
    }
  return network_from_edges(static_cast<std::size_t>(w * h), std::move(edges), "lattice");
}

Network read_edgelist(const std::filesystem::path& file, std::size_t nodes, std::int64_t max_edges) {
  // A device or FIFO would never end (or block): only regular files are read, line by line with a bounded line.
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec))
    throw std::runtime_error(file.string() + (std::filesystem::is_directory(file, ec) ? " is a folder, not an edge list"
                             : std::filesystem::exists(file, ec) ? " is not a regular file (a device, pipe or socket)"
                                                                  : ": cannot read the edge list (does it exist?)"));
  std::ifstream in(file);
  if (!in) throw std::runtime_error(file.string() + ": cannot read the edge list");
  const auto where = [&](long row) { return file.string() + " line " + std::to_string(row) + ": "; };
  std::vector<Edge> edges;
  char buf[4096];
  for (long row = 1; in.getline(buf, sizeof buf) || in.gcount() > 0; ++row) {
    if (in.fail() && !in.eof()) throw std::runtime_error(where(row) + "a line longer than 4095 characters");
    std::string line(buf);
    const auto hash = line.find('#');
    if (hash != std::string::npos) line.erase(hash);
    std::replace(line.begin(), line.end(), ',', ' ');
    std::istringstream ss(line);
    std::int64_t a = 0, b = 0;
    if (!(ss >> a)) continue;  // blank or comment line
    std::string rest;
    if (!(ss >> b) || (ss >> rest)) throw std::runtime_error(where(row) + "expected two agent ids");
    if (a < 0 || b < 0 || a >= static_cast<std::int64_t>(nodes) || b >= static_cast<std::int64_t>(nodes))
      throw std::runtime_error(where(row) + "agent id out of range [0, " + std::to_string(nodes) + ")");
    if (static_cast<std::int64_t>(edges.size()) >= max_edges)
      throw std::runtime_error(where(row) + "more than " + config::count_text(static_cast<double>(max_edges)) +
                               " edges, " + config::over_limit("network_edges", max_edges, "use a smaller network"));
    edges.emplace_back(static_cast<std::int32_t>(a), static_cast<std::int32_t>(b));
  }
  if (in.bad()) throw std::runtime_error(file.string() + ": read error in the edge list");
  return network_from_edges(nodes, std::move(edges), "edgelist");
}

Network make_network(const config::View& v, std::size_t nodes, util::Engine& engine,
                     const std::filesystem::path& base_dir, std::int64_t max_edges) {
  const std::string kind = v.string("kind");
  if (kind == "complete") {
    Network net;
    net.nodes = nodes;
    return net;
  }
  if (kind == "erdos_renyi") return erdos_renyi(nodes, v.real("mean_degree"), engine);
  if (kind == "watts_strogatz") return watts_strogatz(nodes, static_cast<std::size_t>(v.integer("k")), v.real("rewire"), engine);
  if (kind == "barabasi_albert") return barabasi_albert(nodes, static_cast<std::size_t>(v.integer("m")), engine);
  if (kind == "power_law") return power_law(nodes, v.real("alpha"), v.real("beta"), engine);
  if (kind == "lattice") {
    auto dims = v.integers("dims");
    if (dims.empty()) dims = {static_cast<std::int64_t>(nodes)};
    return lattice(dims);
  }
  if (kind == "edgelist") {
    const std::filesystem::path f(v.string("file"));
    try {
      return read_edgelist(f.is_absolute() ? f : base_dir / f, nodes, max_edges);
    } catch (const std::runtime_error& e) {
      config::Diagnostics d;
      d.add(v.diag("file", std::string("population.network.file: ") + e.what()));
      throw config::ScenarioError(std::move(d));
    }
  }
  throw std::logic_error("unknown network kind " + kind);
}

void neighbour_share_rows(const Network& net, const std::int32_t* choice, int K, double* out, std::size_t lo,
                          std::size_t hi) {
  const std::int64_t* rp = net.row_ptr.data();
  const std::int32_t* col = net.col.data();
  for (std::size_t i = lo; i < hi; ++i) {
    double* row = out + i * static_cast<std::size_t>(K);
    std::fill(row, row + K, 0.0);
    for (std::int64_t p = rp[i]; p < rp[i + 1]; ++p) {
      const std::int32_t k = choice[col[p]];
      if (k >= 0) row[k] += 1.0;
    }
    const std::int64_t deg = rp[i + 1] - rp[i];
    if (deg > 0)
      for (int k = 0; k < K; ++k) row[k] /= static_cast<double>(deg);
  }
}

void member_share_rows(const Network& net, const std::vector<std::uint8_t>& member, double* out, std::size_t lo,
                       std::size_t hi) {
  // A plain scalar loop on purpose: an AVX-512 gather version measured 2x slower on this machine's Sapphire Rapids
  // (gathers are microcoded under the Downfall mitigation), and rows of ~10 entries leave little to vectorise.
  if (member.size() < net.nodes) throw std::logic_error("member_share_rows: one byte per agent needed");
  const std::int64_t* __restrict rp = net.row_ptr.data();
  const std::int32_t* __restrict col = net.col.data();
  const std::uint8_t* __restrict m = member.data();
  for (std::size_t i = lo; i < hi; ++i) {
    std::int32_t in = 0;
    const std::int64_t a = rp[i], b = rp[i + 1];
    for (std::int64_t p = a; p < b; ++p) in += m[col[p]];
    out[i] = b > a ? static_cast<double>(in) / static_cast<double>(b - a) : 0.0;
  }
}

void neighbour_shares(const Network& net, const std::vector<std::int32_t>& choice, int K, std::vector<double>& out,
                      int threads) {
  if (net.complete()) throw std::logic_error("neighbour_shares on the complete network: use the global share");
  const std::size_t n = net.nodes;
  out.assign(n * static_cast<std::size_t>(K), 0.0);
  const std::size_t block = 8192, nb = (n + block - 1) / block;
  if (K == 1) {
    std::vector<std::uint8_t> member(n, 0);
    for (std::size_t i = 0; i < n; ++i) member[i] = choice[i] == 0;
#pragma omp parallel for schedule(static) num_threads(thread_count(threads))
    for (std::size_t b = 0; b < nb; ++b) member_share_rows(net, member, out.data(), b * block, std::min(n, (b + 1) * block));
    return;
  }
#pragma omp parallel for schedule(static) num_threads(thread_count(threads))
  for (std::size_t b = 0; b < nb; ++b)
    neighbour_share_rows(net, choice.data(), K, out.data(), b * block, std::min(n, (b + 1) * block));
}

}  // namespace aca::agents
