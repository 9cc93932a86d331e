#include <catch2/catch.hpp>

#include "support/categorical.hpp"

#include <cmath>

#include "config/scenario.hpp"
#include "data/assemble.hpp"
#include "data/categorical.hpp"
#include "data/categorical_theory.hpp"
#include "data/dataset.hpp"

using namespace aca;
using namespace aca::data;

namespace {
CategoricalParams small_params() {
  CategoricalParams p;
  p.features = 4;
  p.cardinality = 3;
  p.labels = 3;
  p.xi = 0.2;
  p.delta0 = 0.5;
  p.p = 0.1;
  p.delta_levels = 4;
  p.signal_features = {0, 2};
  p.signal_values = {1, 2};
  p.target = 1;
  return p;
}


// Calls fn on every point of the feature space.
template <class Fn>
void for_all(const CategoricalParams& p, Fn fn) {
  std::vector<int> x(static_cast<std::size_t>(p.features), 0);
  for (;;) {
    fn(x);
    std::size_t i = 0;
    for (; i < x.size(); ++i) {
      if (++x[i] < p.cardinality) break;
      x[i] = 0;
    }
    if (i == x.size()) return;
  }
}
}  // namespace

TEST_CASE("categorical P0 is a distribution that realises the requested ξ, Δ0 and p", "[categorical]") {
  for (double noise : {0.0, 0.3}) {
    CategoricalParams p = small_params();
    p.label_noise = noise;
    const CategoricalModel m(p);
    double total = 0.0, signal_mass = 0.0, max_gap = 0.0, min_target = 1.0;
    for_all(p, [&](const std::vector<int>& x) {
      double cond = 0.0, best = 0.0;
      for (int y = 0; y < p.labels; ++y) cond += m.p_y_given_x(x, y), best = std::max(best, m.p_y_given_x(x, y));
      REQUIRE(cond == Approx(1.0).margin(1e-12));
      total += m.p_x(x);
      min_target = std::min(min_target, m.p_y_given_x(x, p.target));
      if (m.in_signal_set(x)) signal_mass += m.p_x(x), max_gap = std::max(max_gap, best - m.p_y_given_x(x, p.target));
    });
    REQUIRE(total == Approx(1.0).margin(1e-12));
    REQUIRE(signal_mass == Approx(p.xi).margin(1e-12));
    REQUIRE(max_gap == Approx((1 - noise) * p.delta0).margin(1e-12));
    REQUIRE(m.delta0() == Approx(max_gap).margin(1e-12));
    REQUIRE(m.p_min() == Approx(min_target).margin(1e-12));
    // The theory module measures the same quantities from the tabulated signal set.
    const CategoricalTheory th = categorical_theory(m, aca::testing::signal_collective(p, Strategy::feature_label), 0.1);
    REQUIRE(th.xi == Approx(p.xi).margin(1e-12));
    REQUIRE(th.delta0 == Approx(max_gap).margin(1e-12));
    REQUIRE(th.p == Approx(min_target).margin(1e-12));
  }
}

TEST_CASE("categorical samples hit X* with frequency ξ within a Hoeffding tolerance", "[categorical]") {
  const CategoricalParams p = small_params();
  util::Engine rng = util::make_stream(7, util::streams::data);
  const CategoricalDataset ds(p, 40000, 1000, rng);
  REQUIRE(ds.train().n == 40000);
  REQUIRE(ds.test().n == 1000);
  REQUIRE(ds.train().categories == std::vector<std::int64_t>(4, 3));
  std::int64_t in = 0, target = 0;
  std::vector<int> x(4);
  for (std::int64_t i = 0; i < ds.train().n; ++i) {
    for (int j = 0; j < 4; ++j) x[static_cast<std::size_t>(j)] = static_cast<int>(ds.train().x[static_cast<std::size_t>(i * 4 + j)]);
    in += ds.model().in_signal_set(x);
    target += ds.train().y[static_cast<std::size_t>(i)] == p.target;
  }
  // Hoeffding at 1e-6: |mean − ξ| ≤ sqrt(log(2/1e-6)/(2n)).
  const double tol = std::sqrt(std::log(2.0 / 1e-6) / (2.0 * 40000));
  REQUIRE(std::abs(static_cast<double>(in) / 40000 - p.xi) <= tol);
  // The exact target share, summed over the space, must match too.
  double exact_target = 0.0;
  for_all(p, [&](const std::vector<int>& u) { exact_target += ds.model().p_xy(u, p.target); });
  REQUIRE(std::abs(static_cast<double>(target) / 40000 - exact_target) <= tol);
}

TEST_CASE("inconsistent categorical parameters are rejected with the reason", "[categorical]") {
  CategoricalParams p = small_params();
  p.p = 0.3;
  p.delta0 = 0.5;
  REQUIRE_THROWS_WITH(CategoricalModel(p), Catch::Contains("2·p + delta0 ≤ 1"));
  p = small_params();
  p.signal_values = {1, 3};
  REQUIRE_THROWS_WITH(CategoricalModel(p), Catch::Contains("signal value 3"));
  p = small_params();
  p.target = 3;
  REQUIRE_THROWS_WITH(CategoricalModel(p), Catch::Contains("target 3"));
}

TEST_CASE("make_dataset builds the categorical data around the first collective, seeded", "[categorical][dataset]") {
  const std::string text = R"(
[population]
size = 500
[data]
source = "categorical"
points_per_agent = 2
test_size = 300
[data.categorical]
features = 5
cardinality = 3
labels = 3
xi = 0.1
delta0 = 0.4
[[collective]]
target = 2
signal = { features = [1, 3], values = [2, 0] }
)";
  const config::Scenario s = config::parse_scenario(text, "cat.toml");
  const auto a = make_dataset(s.root(), ".", 11);
  const auto b = make_dataset(s.root(), ".", 11);
  const auto c = make_dataset(s.root(), ".", 12);
  REQUIRE(a->kind() == "categorical");
  REQUIRE(a->train().n == 1000);
  REQUIRE(a->test().n == 300);
  REQUIRE(a->train().x == b->train().x);
  REQUIRE(a->test().y == b->test().y);
  REQUIRE(a->train().x != c->train().x);
  const CategoricalModel* m = a->categorical();
  REQUIRE(m != nullptr);
  REQUIRE(m->params().target == 2);
  REQUIRE(m->params().signal_features == std::vector<int>{1, 3});
  REQUIRE(m->params().signal_values == std::vector<int>{2, 0});
}

TEST_CASE("the schema rejects 2p + Δ0 > 1 and a target beyond the labels", "[categorical][schema]") {
  auto problems = [](const std::string& text) {
    try {
      config::parse_scenario(text, "s.toml");
    } catch (const config::ScenarioError& e) {
      return e.diagnostics().format();
    }
    return std::string();
  };
  REQUIRE_THAT(problems("[data.categorical]\np = 0.4\ndelta0 = 0.5\n"), Catch::Contains("2·p + delta0 ≤ 1"));
  REQUIRE_THAT(problems("[data.categorical]\nlabels = 3\n[[collective]]\ntarget = 3\n"),
               Catch::Contains("target = 3 but the dataset has 3 labels"));
  REQUIRE(problems("[data.categorical]\nlabels = 3\n[[collective]]\ntarget = 2\n").empty());
}

TEST_CASE("the schema rejects a categorical signal that names missing features or categories", "[categorical][schema]") {
  auto problems = [](const std::string& text) {
    try {
      config::parse_scenario(text, "s.toml");
    } catch (const config::ScenarioError& e) {
      return e.diagnostics().format();
    }
    return std::string();
  };
  const std::string head = "[data.categorical]\nfeatures = 3\ncardinality = 2\n[[collective]]\n";
  REQUIRE_THAT(problems(head + "signal = { features = [3], values = [0] }\n"),
               Catch::Contains("signal feature 3 is not one of the 3 categorical features"));
  REQUIRE_THAT(problems(head + "signal = { features = [0], values = [2] }\n"),
               Catch::Contains("assign values must be category codes in 0 … 1"));
  REQUIRE_THAT(problems(head + "signal = { features = [0, 1, 2], values = [0, 0, 0] }\n"),
               Catch::Contains("leave at least one categorical feature free"));
  REQUIRE_THAT(problems(head + "signal = { kind = \"patch\" }\n"), Catch::Contains("signal kind = \"assign\""));
}

TEST_CASE("the theory_tipping scenario yields its categorical data, members and theory", "[categorical][dataset]") {
  const config::Scenario s = config::load_scenario(std::string(ACASIM_SOURCE_DIR) + "/scenarios/theory_tipping.toml");
  const auto ds = make_dataset(s.root(), s.base_dir(), 2023);
  REQUIRE(ds->train().n == 2000);
  const CategoricalModel* m = ds->categorical();
  REQUIRE(m != nullptr);
  REQUIRE(m->xi() == Approx(0.01));
  REQUIRE(m->delta0() == Approx(0.5));
  const std::vector<CollectiveSpec> cols = read_collectives(s.root(), *ds);
  REQUIRE(cols.size() == 1);
  const CollectiveSpec& c = cols[0];
  REQUIRE(c.signal.kind == SignalKind::assign);  // "auto" on categorical data
  REQUIRE(c.target == 1);
  std::vector<std::int32_t> membership(2000, -1);
  for (std::size_t i = 0; i < 100; ++i) membership[i] = 0;
  const Assembly a = assemble_train_set(*ds, cols, membership, 2000, 1, 2023);
  REQUIRE(a.alpha[0] == Approx(0.05));
  const CategoricalTheory th = categorical_theory(*m, c, 0.05);
  REQUIRE(th.xi == Approx(0.01));
  REQUIRE(th.delta0 == Approx(0.5));
  REQUIRE(th.feature_label_bound == Approx(1 - 0.95 / 0.05 * 0.5 * 0.01));
  REQUIRE(th.exact_success >= th.feature_label_bound);
}
