#include <catch2/catch.hpp>

#include <cmath>

#include <boost/random/normal_distribution.hpp>

#include "data/assemble.hpp"
#include "data/gradient_cancel.hpp"
#include "util/rng.hpp"

using namespace aca;
using namespace aca::data;

namespace {
// Two Gaussian blobs in R^2 with labels 0 / 1 (means ∓1 on the first axis).
TrainSet blobs(std::int64_t n, std::uint64_t seed) {
  util::Engine rng = util::make_stream(seed, util::streams::data);
  boost::random::normal_distribution<double> z;
  TrainSet t;
  t.n = n;
  t.d = 2;
  t.num_classes = 2;
  for (std::int64_t i = 0; i < n; ++i) {
    const int y = static_cast<int>(i % 2);
    t.x.push_back(static_cast<float>((y ? 1.0 : -1.0) + z(rng)));
    t.x.push_back(static_cast<float>(z(rng)));
    t.y.push_back(y);
  }
  return t;
}

double norm(const std::vector<double>& v) {
  double s = 0;
  for (double e : v) s += e * e;
  return std::sqrt(s);
}

CollectiveSpec cancel(const std::string& model, std::vector<double> theta, double lo = -1e30, double hi = 1e30) {
  CollectiveSpec c;
  c.strategy = Strategy::gradient_cancel;
  c.gradient_cancel.model = model;
  c.gradient_cancel.theta = std::move(theta);
  c.gradient_cancel.lower = lo;
  c.gradient_cancel.upper = hi;
  return c;
}
}  // namespace

TEST_CASE("logistic gradient cancelling makes θ* stationary on the assembled data when feasible", "[gradient_cancel]") {
  const std::int64_t n = 4000;
  const TrainSet base = blobs(n, 1);
  const std::vector<double> theta{0.3, 1.0, 0.2};  // a rotated boundary the clean data does not prefer
  std::vector<std::int32_t> m(static_cast<std::size_t>(n), -1);
  for (std::size_t i = 0; i < 2000; ++i) m[i] = 0;  // α = 0.5, t = 1
  const Assembly a = assemble_from(base, {cancel("logistic", theta)}, m, 1, 3);
  const GradientCancelPlan& plan = a.plans[0];
  INFO(plan.message);
  REQUIRE(plan.feasible);
  REQUIRE(plan.t_required == Approx(1.0));
  REQUIRE(plan.points.size() == 1);  // unbounded features: the one-location construction suffices
  const std::vector<double> before = logistic_gradient_sum(base.x.data(), base.y.data(), n, 2, theta);
  const std::vector<double> after = logistic_gradient_sum(a.train.x.data(), a.train.y.data(), n, 2, theta);
  // Rounding the label split to whole members leaves at most one member's gradient (|γ| ≤ 1, ‖x̃‖) of error.
  const auto& x = plan.points[0].x;
  const double one_member = std::sqrt(1.0 + x[0] * x[0] + x[1] * x[1]);
  REQUIRE(norm(after) <= one_member * 1.0001);
  REQUIRE(norm(after) < 0.05 * norm(before));
  const std::vector<double> rest = logistic_gradient_sum(base.x.data() + 2000 * 2, base.y.data() + 2000, 2000, 2, theta);
  REQUIRE(plan.residual == Approx(norm(after) / norm(rest)).epsilon(1e-3));
}

TEST_CASE("logistic gradient cancelling uses two locations when the one-location point leaves the bounds",
          "[gradient_cancel]") {
  const std::int64_t n = 4000;
  const TrainSet base = blobs(n, 5);
  const std::vector<double> theta{0.3, 1.0, 0.2};
  std::vector<std::int32_t> m(static_cast<std::size_t>(n), -1);
  for (std::size_t i = 0; i < 2000; ++i) m[i] = 0;
  const std::vector<double> rest = logistic_gradient_sum(base.x.data() + 2000 * 2, base.y.data() + 2000, 2000, 2, theta);
  const double far = std::max(std::abs(rest[0] / rest[2]), std::abs(rest[1] / rest[2]));
  INFO("one-location point at distance " << far);
  REQUIRE(far > 0.2);
  const double bound = far / 2;  // excludes the one-location point
  const Assembly a = assemble_from(base, {cancel("logistic", theta, -bound, bound)}, m, 1, 3);
  const GradientCancelPlan& plan = a.plans[0];
  INFO(plan.message);
  REQUIRE(plan.feasible);
  REQUIRE(plan.points.size() == 2);
  for (const auto& p : plan.points)
    for (float v : p.x) REQUIRE(std::abs(v) <= bound * (1 + 1e-6));
  const std::vector<double> after = logistic_gradient_sum(a.train.x.data(), a.train.y.data(), n, 2, theta);
  REQUIRE(norm(after) < 0.05 * norm(rest));
  REQUIRE(plan.residual == Approx(norm(after) / norm(rest)).epsilon(1e-3));
}

TEST_CASE("logistic gradient cancelling reports infeasibility and the best attainable t", "[gradient_cancel]") {
  const std::int64_t n = 4000;
  const TrainSet base = blobs(n, 2);
  const std::vector<double> theta{0.3, 1.0, 0.2};
  std::vector<std::int32_t> m(static_cast<std::size_t>(n), -1);
  for (std::size_t i = 0; i < 40; ++i) m[i] = 0;  // 40 members must cancel 3960 points: t = 99
  const Assembly small = assemble_from(base, {cancel("logistic", theta, -5, 5)}, m, 1, 3);
  const GradientCancelPlan& plan = small.plans[0];
  REQUIRE_FALSE(plan.feasible);
  REQUIRE(plan.t_required == Approx(99.0));
  REQUIRE(plan.t_best > 0);
  REQUIRE(plan.t_best < plan.t_required);
  REQUIRE_THAT(plan.message, Catch::Contains("best attainable"));
  // At the best t the members cancel the share t_best / t_required of the rest's gradient.
  const std::vector<double> rest = logistic_gradient_sum(base.x.data() + 40 * 2, base.y.data() + 40, n - 40, 2, theta);
  const std::vector<double> after = logistic_gradient_sum(small.train.x.data(), small.train.y.data(), n, 2, theta);
  REQUIRE(norm(after) / norm(rest) == Approx(1 - plan.t_best / plan.t_required).margin(0.03));
  // Bounds that pin every feature to one value cannot cancel a gradient with a feature part: nothing is
  // reachable, and the members keep their points.
  const Assembly pinned = assemble_from(base, {cancel("logistic", theta, 0.5, 0.5)}, m, 1, 3);
  REQUIRE_FALSE(pinned.plans[0].feasible);
  REQUIRE(pinned.plans[0].t_best == 0.0);
  REQUIRE(pinned.plans[0].points.empty());
  REQUIRE(pinned.train.x == base.x);
  REQUIRE(pinned.train.y == base.y);
}

TEST_CASE("least-squares gradient cancelling is exact within any bounds that leave the features room", "[gradient_cancel]") {
  const std::int64_t n = 1000;
  const TrainSet base = blobs(n, 3);
  const std::vector<double> theta{2.0, -1.0, 0.5};
  std::vector<std::int32_t> m(static_cast<std::size_t>(n), -1);
  for (std::size_t i = 0; i < 10; ++i) m[i] = 0;  // α = 1 %: t = 99
  const Assembly a = assemble_from(base, {cancel("linear", theta)}, m, 1, 3);
  REQUIRE(a.plans[0].feasible);
  REQUIRE(a.plans[0].t_best == Approx(99.0));
  // Tight bounds force the two-location construction, which stays exact for least squares.
  const Assembly b = assemble_from(base, {cancel("linear", theta, -0.01, 0.01)}, m, 1, 3);
  REQUIRE(b.plans[0].feasible);
  const std::vector<double> after_b = linear_gradient_sum(b.train.x.data(), b.train.response.data(), n, 2, theta);
  std::vector<float> resp_b(base.y.begin(), base.y.end());
  REQUIRE(norm(after_b) < 1e-3 * norm(linear_gradient_sum(base.x.data(), resp_b.data(), n, 2, theta)));
  REQUIRE(a.train.response.size() == static_cast<std::size_t>(n));
  std::vector<float> resp(base.y.begin(), base.y.end());
  const std::vector<double> before = linear_gradient_sum(base.x.data(), resp.data(), n, 2, theta);
  const std::vector<double> after = linear_gradient_sum(a.train.x.data(), a.train.response.data(), n, 2, theta);
  REQUIRE(norm(after) < 1e-3 * norm(before));
}

TEST_CASE("gradient cancelling with logistic needs binary labels", "[gradient_cancel]") {
  TrainSet t = blobs(10, 4);
  t.num_classes = 3;
  REQUIRE_THROWS_WITH(assemble_from(t, {cancel("logistic", {0, 0, 0})}, std::vector<std::int32_t>(10, 0), 1, 1),
                      Catch::Contains("needs binary labels"));
}

TEST_CASE("least-squares gradient cancelling with one member is infeasible where it needs two reported points",
          "[gradient_cancel]") {
  const std::int64_t n = 1000;
  const TrainSet base = blobs(n, 6);
  const std::vector<double> theta{2.0, -1.0, 0.5};
  std::vector<std::int32_t> one(static_cast<std::size_t>(n), -1), two = one;
  one[0] = 0;
  two[0] = two[1] = 0;
  std::vector<float> resp(base.y.begin(), base.y.end());
  // Tight bounds exclude the one-location point (the rest's mean gradient direction), so the plan needs two.
  const Assembly a1 = assemble_from(base, {cancel("linear", theta, -0.01, 0.01)}, one, 1, 3);
  INFO(a1.plans[0].message);
  CHECK_FALSE(a1.plans[0].feasible);
  CHECK_THAT(a1.plans[0].message, Catch::Contains("only 1 member rows"));
  CHECK(a1.plans[0].residual > 0.1);
  // Two members suffice: each reports one of the two points, with the response that gives its coefficient.
  const Assembly a2 = assemble_from(base, {cancel("linear", theta, -0.01, 0.01)}, two, 1, 3);
  REQUIRE(a2.plans[0].feasible);
  REQUIRE(a2.plans[0].points.size() == 2);
  for (const auto& p : a2.plans[0].points) CHECK(p.members == 1);
  const auto after = linear_gradient_sum(a2.train.x.data(), a2.train.response.data(), n, 2, theta);
  CHECK(norm(after) < 1e-3 * norm(linear_gradient_sum(base.x.data(), resp.data(), n, 2, theta)));
}
