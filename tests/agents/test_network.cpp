#include <catch2/catch.hpp>

#include <algorithm>

#include "agents/network.hpp"
#include "helpers.hpp"

using namespace aca;
using namespace aca::agents;

namespace {

// Dense adjacency rebuilt from the CSR, checked to be a simple undirected graph.
std::vector<std::vector<int>> dense(const Network& net) {
  const std::size_t n = net.nodes;
  std::vector<std::vector<int>> a(n, std::vector<int>(n, 0));
  REQUIRE(net.row_ptr.size() == n + 1);
  for (std::size_t i = 0; i < n; ++i)
    for (auto p = net.row_ptr[i]; p < net.row_ptr[i + 1]; ++p) {
      const auto j = static_cast<std::size_t>(net.col[static_cast<std::size_t>(p)]);
      REQUIRE(j != i);
      REQUIRE(a[i][j] == 0);
      a[i][j] = 1;
    }
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) REQUIRE(a[i][j] == a[j][i]);
  return a;
}

// The CSR shares against a brute-force count over all pairs, for a choice vector with two collectives.
void check_shares(const Network& net) {
  const auto a = dense(net);
  const std::size_t n = net.nodes;
  std::vector<std::int32_t> choice(n);
  for (std::size_t i = 0; i < n; ++i) choice[i] = static_cast<std::int32_t>(i % 3) - 1;
  for (int K : {1, 2}) {
    std::vector<std::int32_t> c = choice;
    if (K == 1) std::replace(c.begin(), c.end(), 1, 0);
    std::vector<double> shares;
    neighbour_shares(net, c, K, shares, 1);
    std::vector<double> shares2;
    neighbour_shares(net, c, K, shares2, 2);
    REQUIRE(shares == shares2);
    for (std::size_t i = 0; i < n; ++i) {
      int deg = 0;
      std::vector<int> in(static_cast<std::size_t>(K), 0);
      for (std::size_t j = 0; j < n; ++j)
        if (a[i][j]) {
          ++deg;
          if (c[j] >= 0) ++in[static_cast<std::size_t>(c[j])];
        }
      for (int k = 0; k < K; ++k)
        REQUIRE(shares[i * static_cast<std::size_t>(K) + static_cast<std::size_t>(k)] ==
                (deg ? static_cast<double>(in[static_cast<std::size_t>(k)]) / deg : 0.0));
    }
  }
}

}  // namespace

TEST_CASE("network shares equal brute-force neighbour counts for every generator", "[agents][network]") {
  util::Engine e = util::make_stream(11, "network");
  SECTION("erdos_renyi") { check_shares(erdos_renyi(60, 6.0, e)); }
  SECTION("watts_strogatz") { check_shares(watts_strogatz(60, 6, 0.2, e)); }
  SECTION("barabasi_albert") { check_shares(barabasi_albert(60, 3, e)); }
  SECTION("power_law") { check_shares(power_law(60, 2.0, 20.0, e)); }
  SECTION("lattice 1-D and 2-D") {
    check_shares(lattice({30}));
    check_shares(lattice({6, 10}));
  }
  SECTION("edgelist") { check_shares(read_edgelist(AGENTS_FIXTURES "/square.edges", 5)); }
}

TEST_CASE("generators have their defining structure", "[agents][network]") {
  util::Engine e = util::make_stream(12, "network");
  const Network ring = watts_strogatz(50, 4, 0.0, e);  // no rewiring: the ring lattice itself
  for (std::size_t i = 0; i < 50; ++i) {
    REQUIRE(ring.degree(i) == 4);
    for (auto p = ring.row_ptr[i]; p < ring.row_ptr[i + 1]; ++p) {
      const long d = std::labs(static_cast<long>(ring.col[static_cast<std::size_t>(p)]) - static_cast<long>(i));
      REQUIRE(std::min(d, 50 - d) <= 2);
    }
  }
  const Network torus = lattice({5, 7});
  for (std::size_t i = 0; i < 35; ++i) REQUIRE(torus.degree(i) == 4);
  // Barabási–Albert: a clique of m + 1 seeds, then m links per newcomer.
  const Network ba = barabasi_albert(200, 3, e);
  REQUIRE(ba.col.size() == 2 * (3 * 4 / 2 + (200 - 4) * 3));
  // Erdős–Rényi: the edge count is Binomial(n(n−1)/2, p); mean degree 8 ± 5 standard errors.
  const Network er = erdos_renyi(2000, 8.0, e);
  const double mean_degree = static_cast<double>(er.col.size()) / 2000;
  REQUIRE(std::abs(mean_degree - 8.0) < 5 * 2 * std::sqrt(2000 * 1999 / 2 * (8.0 / 1999)) / 2000);
  const Network sq = read_edgelist(AGENTS_FIXTURES "/square.edges", 5);
  REQUIRE(sq.degree(0) == 3);
  REQUIRE(sq.degree(4) == 0);
  REQUIRE_THROWS_AS(read_edgelist(AGENTS_FIXTURES "/square.edges", 3), std::runtime_error);
}

TEST_CASE("the scenario's network is drawn from the network stream and is reproducible", "[agents][network]") {
  const std::string toml = "[population]\nsize = 300\n[population.network]\nkind = \"watts_strogatz\"\nk = 6\n"
                           "[[collective]]\n";
  const Population a = test::population(toml, 3), b = test::population(toml, 3), c = test::population(toml, 4);
  REQUIRE(a.network.kind == "watts_strogatz");
  REQUIRE(a.network.col == b.network.col);
  REQUIRE(a.network.col != c.network.col);
  const Population l = test::population("[population]\nsize = 12\n[population.network]\nkind = \"lattice\"\n"
                                        "dims = [3, 4]\n[[collective]]\n");
  REQUIRE(l.network.degree(0) == 4);
}
