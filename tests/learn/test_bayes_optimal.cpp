#include <catch2/catch.hpp>

#include "support/categorical.hpp"

#include <algorithm>

#include <boost/random/uniform_01.hpp>
#include <cmath>
#include <vector>

#include "data/assemble.hpp"
#include "data/categorical.hpp"
#include "data/categorical_theory.hpp"
#include "data/signal.hpp"
#include "data/theory_bounds.hpp"
#include "config/scenario.hpp"
#include "learn/learner.hpp"

using namespace aca;
using namespace aca::learn;

namespace {

// Integer masses m(x, y) on x = (x0, x1) ∈ {0,1,2} × {0,1}, 3 labels (the exact-argmax test's table).
const int masses[3][2][3] = {{{5, 1, 1}, {1, 6, 2}}, {{2, 2, 7}, {3, 3, 1}}, {{0, 4, 1}, {4, 4, 4}}};

data::TrainSet mass_set() {
  data::TrainSet s;
  s.d = 2;
  s.num_classes = 3;
  s.categories = {3, 2};
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 2; ++b)
      for (int y = 0; y < 3; ++y)
        for (int k = 0; k < masses[a][b][y]; ++k) {
          s.x.push_back(static_cast<float>(a));
          s.x.push_back(static_cast<float>(b));
          s.y.push_back(y);
        }
  s.n = static_cast<std::int64_t>(s.y.size());
  return s;
}

std::int64_t argmax_smallest(const std::vector<double>& v) {
  std::int64_t best = 0;
  for (std::size_t c = 1; c < v.size(); ++c)
    if (v[c] > v[static_cast<std::size_t>(best)]) best = static_cast<std::int64_t>(c);
  return best;
}

std::unique_ptr<Learner> counting(double eps) {
  LearnerSpec spec;
  spec.learner = "bayes_optimal";
  spec.threads = 1;
  spec.epsilon_suboptimal = eps;
  return make_learner(spec);
}

}  // namespace

TEST_CASE("bayes_optimal equals the argmax of the exact conditional on a known finite distribution",
          "[learn][learner][bayes]") {
  // P(y|x) ∝ masses(x, y) (mass_set()).
  // Exact argmax with ties to the smallest label: (1,1) ties 0/1 → 0, (2,1) ties all → 0.
  const std::int64_t expect[3][2] = {{0, 1}, {2, 0}, {1, 0}};
  LearnerSpec spec;
  spec.learner = "bayes_optimal";
  spec.threads = 1;
  auto rng = util::make_stream(1, util::streams::learner);

  SECTION("trained on the exact masses") {
    const data::TrainSet s = mass_set();
    auto l = make_learner(spec);
    l->fit(s, rng);
    for (int a = 0; a < 3; ++a)
      for (int b = 0; b < 2; ++b) CHECK(l->predict({float(a), float(b)}, 1)[0] == expect[a][b]);
  }
  SECTION("trained on a large sample, where margins dwarf sampling noise") {
    const int m2[3][2][3] = {{{5, 1, 1}, {1, 6, 2}}, {{2, 2, 7}, {3, 2, 1}}, {{0, 4, 1}, {5, 4, 3}}};
    const std::int64_t expect2[3][2] = {{0, 1}, {2, 0}, {1, 0}};
    std::vector<double> cdf;
    double total = 0;
    for (int a = 0; a < 3; ++a)
      for (int b = 0; b < 2; ++b)
        for (int y = 0; y < 3; ++y) cdf.push_back(total += m2[a][b][y]);
    auto drng = util::make_stream(2, util::streams::data);
    boost::random::uniform_01<double> u;
    data::TrainSet s;
    s.n = 200000;
    s.d = 2;
    s.num_classes = 3;
    s.categories = {3, 2};
    for (std::int64_t i = 0; i < s.n; ++i) {
      const int cell = static_cast<int>(std::upper_bound(cdf.begin(), cdf.end(), u(drng) * total) - cdf.begin());
      s.x.push_back(cell / 6);
      s.x.push_back((cell / 3) % 2);
      s.y.push_back(cell % 3);
    }
    auto l = make_learner(spec);
    l->fit(s, rng);
    for (int a = 0; a < 3; ++a)
      for (int b = 0; b < 2; ++b) CHECK(l->predict({float(a), float(b)}, 1)[0] == expect2[a][b]);
  }
  SECTION("an unseen feature vector gets the overall majority label") {
    data::TrainSet s;
    s.n = 3;
    s.d = 1;
    s.num_classes = 3;
    s.categories = {4};
    s.x = {0, 1, 1};
    s.y = {0, 2, 2};
    auto l = make_learner(spec);
    l->fit(s, rng);
    CHECK(l->predict({3.f}, 1)[0] == 2);
    CHECK_THROWS_AS(l->predict({4.f}, 1), std::invalid_argument);
  }
}

TEST_CASE("an epsilon-suboptimal counting learner is Bayes-optimal for an explicit Q within its TV budget, flipping "
          "the cheapest cells first",
          "[learn][bayes]") {
  const data::TrainSet s = mass_set();
  const double total = static_cast<double>(s.n);
  // Flip cost of each cell from the table itself: (top − runner-up)/2 in probability.
  struct Cell {
    int a, b;
    double cost;
    std::int64_t top, runner;
  };
  std::vector<Cell> cells;
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 2; ++b) {
      std::vector<double> p(masses[a][b], masses[a][b] + 3);
      const std::int64_t top = argmax_smallest(p);
      std::vector<double> rest = p;
      rest[static_cast<std::size_t>(top)] = -1;
      const std::int64_t runner = argmax_smallest(rest);
      cells.push_back({a, b, (p[top] - p[runner]) / (2 * total), top, runner});
    }
  std::stable_sort(cells.begin(), cells.end(), [](const Cell& x, const Cell& y) { return x.cost < y.cost; });
  // Costs in units of 1/(2·total): cells (1,1) and (2,1) tie (0), then (2,0) 3, (0,0) 4, (1,0) 5, (0,1) 4.
  for (double eps : {0.0, 1e-9, 0.05, 0.1, 0.2, 0.5}) {
    INFO("epsilon " << eps);
    auto l = counting(eps);
    auto rng = util::make_stream(1, util::streams::learner);
    const FitReport r = l->fit(s, rng);
    // Expected: the longest cheapest-first prefix (cell order as the learner's ties: by cell index a·2 + b)
    // whose total stays below ε.
    std::vector<Cell> order = cells;
    std::stable_sort(order.begin(), order.end(), [](const Cell& x, const Cell& y) {
      return x.cost != y.cost ? x.cost < y.cost : x.a * 2 + x.b < y.a * 2 + y.b;
    });
    double used = 0;
    std::size_t k = 0;
    while (k < order.size() && used + order[k].cost < eps) used += order[k++].cost;
    CHECK(r.flipped_cells == static_cast<std::int64_t>(k));
    CHECK(r.suboptimality == Approx(used).margin(1e-15));
    CHECK(r.suboptimality < eps + (eps == 0.0 ? 1e-300 : 0.0));
    // Q: move cost + η from (x, top) to (x, runner) at each flipped cell; its argmax must be the learner's
    // prediction everywhere, and TV(P̂, Q) = Σ (cost + η) must stay below ε.
    const double eta = k ? (eps - used) / (2.0 * static_cast<double>(k)) : 0.0;
    double tv = 0;
    for (std::size_t i = 0; i < order.size(); ++i) {
      const Cell& c = order[i];
      std::vector<double> q(3);
      for (int y = 0; y < 3; ++y) q[static_cast<std::size_t>(y)] = masses[c.a][c.b][y] / total;
      if (i < k) {
        q[static_cast<std::size_t>(c.top)] -= c.cost + eta;
        q[static_cast<std::size_t>(c.runner)] += c.cost + eta;
        tv += c.cost + eta;
      }
      INFO("cell (" << c.a << ", " << c.b << ")");
      CHECK(l->predict({static_cast<float>(c.a), static_cast<float>(c.b)}, 1)[0] == argmax_smallest(q));
      CHECK(l->predict({static_cast<float>(c.a), static_cast<float>(c.b)}, 1)[0] == (i < k ? c.runner : c.top));
    }
    if (eps > 0) CHECK(tv < eps);
  }
}

TEST_CASE("epsilon_suboptimal outside 0 <= eps < 1 or with another learner is refused with the allowed range", "[learn][bayes]") {
  CHECK_THROWS_WITH(counting(1.0), Catch::Contains("[0, 1)"));
  CHECK_THROWS_WITH(counting(-0.1), Catch::Contains("[0, 1)"));
  const std::string base = "[simulation]\nseed = 1\n[data]\nsource = \"categorical\"\n[[collective]]\ntarget = 0\n"
                           "[collective.signal]\nkind = \"assign\"\nfeatures = [0]\nvalues = [0.0]\n[platform]\n";
  CHECK_NOTHROW(config::parse_scenario(base + "learner = \"bayes_optimal\"\nepsilon_suboptimal = 0.01\n", "s.toml"));
  CHECK_THROWS_WITH(config::parse_scenario(base + "learner = \"sgd\"\nepsilon_suboptimal = 0.01\n", "s.toml"),
                    Catch::Contains("epsilon_suboptimal applies to learner = \"bayes_optimal\" only"));
  CHECK_THROWS_WITH(config::parse_scenario(base + "learner = \"bayes_optimal\"\nepsilon_suboptimal = 1.5\n", "s.toml"),
                    Catch::Contains("epsilon_suboptimal"));
}

// Under the joint-TV reading of ε-suboptimality (literature §1: Bayes-optimal for some Q with TV(P_α, Q) ≤ ε), turning
// a signal cell x away from y* means moving half its margin, P_α(x, y*) − P_α(x, y) ≥ α·P*(x) − (1−α)·Δ0·P0(x), so
// the cells F a budget ε can turn satisfy α·P*(F) ≤ 2ε + (1−α)·Δ0·P0(F) ≤ 2ε + (1−α)·Δ0·ξ, whence
// S ≥ 1 − ((1−α)/α)·Δ0·ξ − 2ε/α. The seed's −ε/(1−ε) term is smaller than 2ε/α for α < 2(1−ε), and the
// cheapest-first learner shows that it does not hold under this reading (docs/validation.md, section 1).
TEST_CASE("a feature-label collective against an epsilon-suboptimal learner keeps 1 - ((1-a)/a) D0 xi - 2 eps/a, "
          "while the seed's eps/(1-eps) form fails under joint total variation",
          "[learn][bayes][theory]") {
  data::CategoricalParams q = aca::testing::categorical_grid(0.02, 0.5, 0.1);
  q.delta_levels = 4;
  const data::CollectiveSpec c = aca::testing::signal_collective(q, data::Strategy::feature_label);
  const std::int64_t N = 200000, n_test = 20000;
  util::Engine drng = util::make_stream(2023, util::streams::data);
  const data::CategoricalDataset ds(q, N, n_test, drng);
  // α = 0.09: ((1−α)/α)·Δ0·ξ = 0.10, so the seed's bound is informative (≈ 0.9 − ε/(1−ε)).
  const double alpha = 0.09;
  std::vector<std::int32_t> membership(static_cast<std::size_t>(N), -1);
  for (std::size_t i = 0; i < static_cast<std::size_t>(alpha * static_cast<double>(N)); ++i) membership[i] = 0;
  const data::Assembly a = data::assemble_from(ds.train(), {c}, membership, 1, 5);
  const data::TrainSet test = data::with_signal(c.signal, ds.test());
  const data::CategoricalTheory th = data::categorical_theory(ds.model(), c, a.alpha[0]);
  // Hoeffding on the test sample at 1e-6 (the derived bound is far from tight here: 0.68 against 0.78 at ε = 0.01).
  const double tol = std::sqrt(std::log(2.0 / 1e-6) / (2.0 * static_cast<double>(n_test)));
  double exact = 0;
  int seed_form_broken = 0;
  for (double eps : {0.0, 0.002, 0.005, 0.01, 0.02, 0.05}) {
    auto l = counting(eps);
    auto rng = util::make_stream(3, util::streams::learner);
    const FitReport r = l->fit(a.train, rng);
    std::int64_t hit = 0;
    for (auto y : l->predict(test)) hit += y == c.target;
    const double s = static_cast<double>(hit) / static_cast<double>(n_test);
    const double derived = data::feature_label_bound(a.alpha[0], th.xi, th.delta0) - 2.0 * eps / a.alpha[0];
    const double seed_form = data::feature_label_bound(a.alpha[0], th.xi, th.delta0, eps);
    INFO("epsilon " << eps << ": success " << s << ", derived bound " << derived << ", seed's form " << seed_form
                    << ", flipped " << r.flipped_cells << ", TV used " << r.suboptimality);
    CHECK(r.suboptimality < eps + 1e-300);
    CHECK(s >= derived - tol);
    if (eps == 0.0) {
      exact = s;
      CHECK(seed_form > 0.85);  // informative
    }
    seed_form_broken += s < seed_form - tol;
  }
  CHECK(exact >= 0.95);
  CHECK(seed_form_broken >= 2);  // at ε = 0.01 and above (measured: 0.78 against 0.89 at ε = 0.01)
}
