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

namespace {

// The scenario's network table for `size` agents and the given [population.network] lines.
struct NetworkCase {
  config::Scenario scenario;
  config::View view() const { return scenario.root().sub("population").sub("network"); }
};

NetworkCase network_case(std::size_t size, const std::string& lines) {
  return {test::scenario("[population]\nsize = " + std::to_string(size) + "\n[population.network]\n" + lines +
                         "\n[[collective]]\n")};
}

}  // namespace

TEST_CASE("the edge estimate made before building matches the graph each generator builds", "[agents][network]") {
  const std::size_t n = 2000;
  struct Expect {
    std::string lines;
    double low, high;  // generated edges / estimate
  };
  const Expect cases[] = {
      {"kind = \"watts_strogatz\"\nk = 10\nrewire = 0", 1.0, 1.0},  // exact on the ring
      {"kind = \"watts_strogatz\"\nk = 10", 0.99, 1.0},             // rewiring may draw an existing edge
      {"kind = \"barabasi_albert\"\nm = 5", 1.0, 1.0},              // exact: m distinct links per newcomer
      {"kind = \"erdos_renyi\"\nmean_degree = 10", 0.95, 1.05},     // expected value, ±5 standard deviations
      {"kind = \"lattice\"", 1.0, 1.0},
      {"kind = \"lattice\"\ndims = [40, 50]", 1.0, 1.0},
      {"kind = \"power_law\"", 0.6, 1.0},  // stubs paired at random; self-loops and duplicates dropped
      {"kind = \"power_law\"\nalpha = 1.5\nbeta = 500", 0.6, 1.0},
  };
  for (const auto& c : cases) {
    INFO(c.lines);
    const NetworkCase nc = network_case(n, c.lines);
    util::Engine engine = util::make_stream(5, "network");
    const Network net = make_network(nc.view(), n, engine);
    const double built = static_cast<double>(net.col.size()) / 2.0, estimate = expected_edges(nc.view(), n);
    CHECK(built >= c.low * estimate);
    CHECK(built <= c.high * estimate);
  }
}

TEST_CASE("a network above the edge limit is refused at its key before it is built", "[agents][network]") {
  const auto refused = [](std::size_t n, const std::string& lines, std::int64_t limit) -> std::string {
    const NetworkCase nc = network_case(n, lines);
    try {
      check_network_size(nc.view(), n, limit);
    } catch (const config::ScenarioError& e) {
      REQUIRE(e.diagnostics().size() == 1);
      return e.diagnostics().items()[0].key + ": " + e.diagnostics().items()[0].message;
    }
    return "";
  };
  CHECK_THAT(refused(100000, "kind = \"watts_strogatz\"\nk = 99998", 50'000'000),
             Catch::StartsWith("population.network.k: ") && Catch::Contains("limits.network_edges"));
  CHECK_THAT(refused(1001, "kind = \"watts_strogatz\"\nk = 1000", 50'000'000), Catch::Contains("never be built"));
  CHECK(refused(1001, "kind = \"watts_strogatz\"\nk = 1000\nrewire = 0", 50'000'000).empty());  // a plain ring
  CHECK_THAT(refused(1000000, "kind = \"erdos_renyi\"\nmean_degree = 500", 50'000'000),
             Catch::StartsWith("population.network.mean_degree: "));
  CHECK_THAT(refused(2000, "kind = \"barabasi_albert\"\nm = 5", 9984), Catch::StartsWith("population.network.m: "));
  CHECK(refused(2000, "kind = \"barabasi_albert\"\nm = 5", 9985).empty());  // 15 + 1994 · 5 edges
  CHECK(refused(10000000, "kind = \"complete\"", 1).empty());  // mean field: nothing stored
}

TEST_CASE("an edge list is read only from a regular file and only up to the edge limit", "[agents][network]") {
  REQUIRE_THROWS_WITH(read_edgelist("/dev/zero", 5), Catch::Contains("not a regular file"));
  REQUIRE_THROWS_WITH(read_edgelist(AGENTS_FIXTURES, 5), Catch::Contains("is a folder"));
  REQUIRE_THROWS_WITH(read_edgelist(AGENTS_FIXTURES "/square.edges", 5, 2),
                      Catch::Contains("more than 2 edges") && Catch::Contains("limits.network_edges"));
  CHECK(read_edgelist(AGENTS_FIXTURES "/square.edges", 5).col.size() > 0);
}
