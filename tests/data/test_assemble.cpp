#include <catch2/catch.hpp>

#include <cmath>

#include "data/assemble.hpp"
#include "data/categorical.hpp"
#include "data/signal.hpp"

using namespace aca;
using namespace aca::data;

namespace {
// 3 categorical features of cardinality 4, labels 0..2, rows i = (i mod 4, (i/4) mod 4, (i/16) mod 4), y = i mod 3.
TrainSet categorical_base(std::int64_t n) {
  TrainSet t;
  t.n = n;
  t.d = 3;
  t.num_classes = 3;
  t.categories = {4, 4, 4};
  for (std::int64_t i = 0; i < n; ++i) {
    t.x.push_back(static_cast<float>(i % 4));
    t.x.push_back(static_cast<float>((i / 4) % 4));
    t.x.push_back(static_cast<float>((i / 16) % 4));
    t.y.push_back(i % 3);
  }
  return t;
}

CollectiveSpec assign(Strategy s, std::int64_t target, std::vector<std::int64_t> f, std::vector<float> v) {
  CollectiveSpec c;
  c.strategy = s;
  c.target = target;
  c.signal.kind = SignalKind::assign;
  c.signal.features = std::move(f);
  c.signal.values = std::move(v);
  return c;
}

std::vector<float> row(const TrainSet& t, std::int64_t i) {
  return std::vector<float>(t.x.begin() + i * t.d, t.x.begin() + (i + 1) * t.d);
}
}  // namespace

TEST_CASE("feature_only leaves points with y ≠ y* unchanged and signals those with y = y*", "[assemble]") {
  const TrainSet base = categorical_base(60);
  const CollectiveSpec c = assign(Strategy::feature_only, 1, {0, 2}, {3, 3});
  const std::vector<std::int32_t> everyone(60, 0);
  const Assembly a = assemble_from(base, {c}, everyone, 1, 9);
  for (std::int64_t i = 0; i < 60; ++i) {
    REQUIRE(a.train.y[static_cast<std::size_t>(i)] == base.y[static_cast<std::size_t>(i)]);
    if (base.y[static_cast<std::size_t>(i)] != 1) {
      REQUIRE(row(a.train, i) == row(base, i));
    } else {
      REQUIRE(row(a.train, i) == std::vector<float>{3, base.x[static_cast<std::size_t>(i * 3 + 1)], 3});
    }
  }
}

TEST_CASE("feature_label rewrites only members' points, with the signal and the target label", "[assemble]") {
  const TrainSet base = categorical_base(40);
  const CollectiveSpec c = assign(Strategy::feature_label, 2, {1}, {0});
  std::vector<std::int32_t> m(20, -1);  // 20 agents × 2 points
  m[3] = 0;
  m[7] = 0;
  const Assembly a = assemble_from(base, {c}, m, 2, 9);
  REQUIRE(a.member_rows == std::vector<std::int64_t>{4});
  REQUIRE(a.alpha[0] == Approx(0.1));
  for (std::int64_t i = 0; i < 40; ++i) {
    const bool member = i / 2 == 3 || i / 2 == 7;
    REQUIRE(a.row_collective[static_cast<std::size_t>(i)] == (member ? 0 : -1));
    if (member) {
      REQUIRE(a.train.y[static_cast<std::size_t>(i)] == 2);
      REQUIRE(a.train.x[static_cast<std::size_t>(i * 3 + 1)] == 0.0f);
    } else {
      REQUIRE(row(a.train, i) == row(base, i));
      REQUIRE(a.train.y[static_cast<std::size_t>(i)] == base.y[static_cast<std::size_t>(i)]);
    }
  }
}

TEST_CASE("erasure reports (g(x), y): signal planted, labels kept", "[assemble]") {
  const TrainSet base = categorical_base(12);
  const Assembly a = assemble_from(base, {assign(Strategy::erasure, 0, {2}, {1})}, std::vector<std::int32_t>(12, 0), 1, 1);
  REQUIRE(a.train.y == base.y);
  for (std::int64_t i = 0; i < 12; ++i) REQUIRE(a.train.x[static_cast<std::size_t>(i * 3 + 2)] == 1.0f);
}

TEST_CASE("a membership vector of the wrong size or with bad entries is rejected", "[assemble]") {
  const TrainSet base = categorical_base(10);
  const std::vector<CollectiveSpec> cols{assign(Strategy::feature_label, 0, {0}, {1})};
  REQUIRE_THROWS_WITH(assemble_from(base, cols, std::vector<std::int32_t>(9, -1), 1, 1),
                      Catch::Contains("membership vector has 9 entries, the population has 10 agents"));
  std::vector<std::int32_t> m(10, -1);
  m[4] = 1;
  REQUIRE_THROWS_WITH(assemble_from(base, cols, m, 1, 1), Catch::Contains("membership[4] = 1"));
  m[4] = -2;
  REQUIRE_THROWS_AS(assemble_from(base, cols, m, 1, 1), std::invalid_argument);
}

TEST_CASE("several collectives rewrite their own members' points with their own signals", "[assemble]") {
  const TrainSet base = categorical_base(30);
  const std::vector<CollectiveSpec> cols{assign(Strategy::feature_label, 0, {0}, {3}),
                                         assign(Strategy::feature_label, 1, {0, 1}, {2, 2})};
  std::vector<std::int32_t> m(30, -1);
  for (int i = 0; i < 5; ++i) m[static_cast<std::size_t>(i)] = 0;
  for (int i = 5; i < 15; ++i) m[static_cast<std::size_t>(i)] = 1;
  const Assembly a = assemble_from(base, cols, m, 1, 1);
  REQUIRE(a.member_rows == std::vector<std::int64_t>{5, 10});
  for (int i = 0; i < 5; ++i) {
    REQUIRE(a.train.x[static_cast<std::size_t>(i * 3)] == 3.0f);
    REQUIRE(a.train.y[static_cast<std::size_t>(i)] == 0);
  }
  for (int i = 5; i < 15; ++i) {
    REQUIRE(row(a.train, i)[0] == 2.0f);
    REQUIRE(row(a.train, i)[1] == 2.0f);
    REQUIRE(a.train.y[static_cast<std::size_t>(i)] == 1);
  }
}

TEST_CASE("assembly is deterministic and coordination noise perturbs the expected share", "[assemble]") {
  const std::int64_t n = 20000;
  const TrainSet base = categorical_base(n);
  CollectiveSpec c = assign(Strategy::feature_label, 0, {0, 1}, {1, 2});
  c.coordination_noise = 0.3;
  const std::vector<std::int32_t> m(static_cast<std::size_t>(n), 0);
  const Assembly a = assemble_from(base, {c}, m, 1, 77);
  const Assembly b = assemble_from(base, {c}, m, 1, 77);
  const Assembly other = assemble_from(base, {c}, m, 1, 78);
  REQUIRE(a.train.x == b.train.x);
  REQUIRE(a.train.x != other.train.x);
  std::int64_t perturbed = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    const auto r = row(a.train, i);
    const bool agreed = r[0] == 1.0f && r[1] == 2.0f;
    // A perturbed point differs in exactly one assigned feature, and keeps categories valid.
    if (!agreed) {
      ++perturbed;
      REQUIRE(((r[0] == 1.0f) != (r[1] == 2.0f)));
      REQUIRE(r[0] >= 0.0f);
      REQUIRE(r[1] <= 3.0f);
    }
  }
  const double tol = std::sqrt(std::log(2.0 / 1e-6) / (2.0 * static_cast<double>(n)));
  REQUIRE(std::abs(static_cast<double>(perturbed) / static_cast<double>(n) - 0.3) <= tol);
}

TEST_CASE("a patch signal writes a square of pixels and must fit the image", "[assemble][signal]") {
  TrainSet img;
  img.n = 2;
  img.d = 36;
  img.shape = {1, 6, 6};
  img.num_classes = 10;
  img.x.assign(72, 0.0f);
  img.y = {3, 4};
  Signal g;
  g.kind = SignalKind::patch;
  g.size = 2;
  g.row = 3;
  g.col = 1;
  g.value = 1.0f;
  check_signal(g, img, "test");
  const TrainSet s = with_signal(g, img);
  float total = 0;
  for (float v : s.x) total += v;
  REQUIRE(total == 8.0f);
  REQUIRE(s.x[3 * 6 + 1] == 1.0f);
  REQUIRE(s.x[4 * 6 + 2] == 1.0f);
  REQUIRE(s.x[36 + 4 * 6 + 2] == 1.0f);
  g.col = 5;
  REQUIRE_THROWS_WITH(check_signal(g, img, "collective[0].signal"),
                      Catch::Contains("collective[0].signal: patch of size 2 at [3, 5] does not fit a 6×6 image"));
  Signal a;
  a.kind = SignalKind::assign;
  a.features = {0};
  a.values = {1};
  REQUIRE_THROWS_WITH(check_signal(a, img, "s"), Catch::Contains("needs categorical data"));
}

TEST_CASE("feature_set and feature_offset signals change only their features", "[signal]") {
  TrainSet t;
  t.n = 1;
  t.d = 4;
  t.x = {1, 2, 3, 4};
  t.y = {0};
  Signal set;
  set.kind = SignalKind::feature_set;
  set.features = {1, 3};
  set.values = {-5, 9};
  REQUIRE(with_signal(set, t).x == std::vector<float>{1, -5, 3, 9});
  Signal off;
  off.kind = SignalKind::feature_offset;
  off.features = {2};
  off.offset = {0.5f};
  REQUIRE(with_signal(off, t).x == std::vector<float>{1, 2, 3.5f, 4});
  off.features.clear();
  off.offset = {1, 1, 1, 1};
  REQUIRE(with_signal(off, t).x == std::vector<float>{2, 3, 4, 5});
  off.offset = {1, 1};
  REQUIRE_THROWS_WITH(check_signal(off, t, "s"), Catch::Contains("offset has 2 entries, expected 4"));
}

TEST_CASE("a collective with several targets spreads feature_label points over them and feature_only covers each",
          "[assemble]") {
  const TrainSet base = categorical_base(30);
  CollectiveSpec fl = assign(Strategy::feature_label, 0, {0}, {3});
  fl.targets = {1, 2};
  const Assembly a = assemble_from(base, {fl}, std::vector<std::int32_t>(30, 0), 1, 1);
  std::int64_t ones = 0, twos = 0;
  for (auto y : a.train.y) ones += y == 1, twos += y == 2;
  REQUIRE(ones == 15);
  REQUIRE(twos == 15);
  CollectiveSpec fo = assign(Strategy::feature_only, 0, {0}, {3});
  fo.targets = {0, 2};
  const Assembly b = assemble_from(base, {fo}, std::vector<std::int32_t>(30, 0), 1, 1);
  for (std::int64_t i = 0; i < 30; ++i) {
    const bool signalled = base.y[static_cast<std::size_t>(i)] != 1;
    REQUIRE((b.train.x[static_cast<std::size_t>(i * 3)] == 3.0f) == (signalled || base.x[static_cast<std::size_t>(i * 3)] == 3.0f));
  }
}
