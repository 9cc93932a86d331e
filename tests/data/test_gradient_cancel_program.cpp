#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "config/scenario.hpp"
#include "data/dataset.hpp"
#include "data/gradient_cancel.hpp"
#include "data/gradient_cancel_program.hpp"
#include "numerics/linear_program.hpp"

using namespace aca;
using namespace aca::data;

namespace {

// Σ share·g over the plan's points, checked independently of the program: it must equal −t·r.
std::vector<double> plan_mean_gradient(const CancelMix& mix, const std::vector<double>& theta) {
  std::vector<double> sum(theta.size(), 0.0);
  for (const MixPoint& p : mix.points) {
    const auto g = logistic_member_gradient(p.x, p.label, theta);
    for (std::size_t i = 0; i < g.size(); ++i) sum[i] += p.share * g[i];
  }
  return sum;
}

void require_valid_combination(const CancelMix& mix, const std::vector<double>& r, const std::vector<double>& theta,
                               double lo, double hi) {
  double total = 0;
  for (const MixPoint& p : mix.points) {
    total += p.share;
    CHECK(p.share > 0);
    CHECK((p.label == 0 || p.label == 1));
    for (double v : p.x) CHECK((v >= lo - 1e-12 && v <= hi + 1e-12));
  }
  CHECK(total == Approx(1.0).epsilon(1e-9));
  CHECK(mix.points.size() <= theta.size() + 2);  // a vertex of the program: at most (d + 1) + 2 rows
  const auto mean = plan_mean_gradient(mix, theta);
  for (std::size_t i = 0; i < r.size(); ++i) CHECK(mean[i] == Approx(-mix.t * r[i]).margin(1e-9));
}

// Largest c·g over a fine grid of the box (both labels): the support function h(c) of the member gradients,
// approached from below. d = 2 only.
double grid_support(const std::vector<double>& c, const std::vector<double>& theta, double lo, double hi, int n) {
  double best = -1e300;
  for (int i = 0; i <= n; ++i)
    for (int j = 0; j <= n; ++j)
      for (int label : {0, 1}) {
        const std::vector<double> x{lo + (hi - lo) * i / n, lo + (hi - lo) * j / n};
        const auto g = logistic_member_gradient(x, label, theta);
        best = std::max(best, c[0] * g[0] + c[1] * g[1] + c[2] * g[2]);
      }
  return best;
}

// The same program with every grid point of the box as a column, solved in one go (no pricing): its optimum is a
// lower bound on t_max that approaches it as the grid refines. d = 2 only.
double grid_program(const std::vector<double>& r, const std::vector<double>& theta, double lo, double hi, int n) {
  const int cols = 2 * (n + 1) * (n + 1);
  Eigen::MatrixXd A = Eigen::MatrixXd::Zero(4, cols + 1);
  int k = 0;
  for (int i = 0; i <= n; ++i)
    for (int j = 0; j <= n; ++j)
      for (int label : {0, 1}) {
        const auto g = logistic_member_gradient({lo + (hi - lo) * i / n, lo + (hi - lo) * j / n}, label, theta);
        A(0, k) = g[0], A(1, k) = g[1], A(2, k) = g[2], A(3, k) = 1.0;
        ++k;
      }
  A(0, cols) = r[0], A(1, cols) = r[1], A(2, cols) = r[2];
  Eigen::VectorXd b = Eigen::VectorXd::Zero(4), c = Eigen::VectorXd::Zero(cols + 1);
  b(3) = 1.0;
  c(cols) = 1.0;
  const auto s = numerics::solve_lp(A, b, c);
  REQUIRE(s.status == numerics::LpStatus::optimal);
  return s.value;
}

}  // namespace

TEST_CASE("the best cancelling combination reaches the known optimum when every member gradient lies in a cube",
          "[gradient_cancel]") {
  // θ = 0: σ = ½ everywhere, so a member's gradient is β·(x1, x2, 1) with β = ±½, and over the box [−1, 1]² the
  // hull of all member gradients is exactly the cube [−½, ½]³ (its corners are ±½·(±1, ±1, 1)). Hence
  // t_max = 1 / (2‖r‖_∞): for r = (0.3, 0.2, 0.1), t_max = 5/3, on a face of the cube (three corners needed).
  const std::vector<double> theta{0, 0, 0}, r{0.3, 0.2, 0.1};
  const CancelMix mix = best_logistic_mix(r, theta, -1, 1, 100.0);
  INFO("t = " << mix.t << ", upper " << mix.t_upper << ", rounds " << mix.rounds);
  CHECK(mix.t == Approx(5.0 / 3.0).epsilon(1e-9));
  CHECK(mix.t_upper == Approx(5.0 / 3.0).epsilon(1e-6));
  require_valid_combination(mix, r, theta, -1, 1);
  // The certificate: c·g ≤ bound for every member gradient (the cube's face x = ½ ⇒ c ∝ (1, 0, 0)), c·(−r) ≥ 1.
  CHECK(-(mix.normal[0] * r[0] + mix.normal[1] * r[1] + mix.normal[2] * r[2]) >= 1 - 1e-9);
  CHECK(grid_support(mix.normal, theta, -1, 1, 20) <= mix.bound + 1e-9);
  // A cap below t_max is reached exactly.
  const CancelMix capped = best_logistic_mix(r, theta, -1, 1, 1.0);
  CHECK(capped.t == Approx(1.0));
  require_valid_combination(capped, r, theta, -1, 1);
}

TEST_CASE("the plan's t_best is the program's optimum where the two-point construction falls short",
          "[gradient_cancel]") {
  // The cube example through plan_logistic_cancel: the rest (1,000 rows) has mean gradient r = (0.3, 0.2, 0.1).
  // 500 members need t = 2 > 5/3: infeasible, best t = 5/3; 700 members need t = 10/7 < 5/3: feasible.
  const std::vector<double> theta{0, 0, 0};
  const std::vector<double> rest_sum{300, 200, 100};
  const GradientCancelPlan out = plan_logistic_cancel(rest_sum, 1000, 500, theta, -1, 1);
  CHECK_FALSE(out.feasible);
  CHECK(out.t_best == Approx(5.0 / 3.0).epsilon(1e-9));
  CHECK_THAT(out.message, Catch::Contains("best attainable"));
  // After rounding to whole members the residual is what the best t leaves: 1 − t_best / t_required.
  CHECK(out.residual == Approx(1 - (5.0 / 3.0) / 2.0).margin(0.01));
  const GradientCancelPlan in = plan_logistic_cancel(rest_sum, 1000, 700, theta, -1, 1);
  INFO(in.message);
  CHECK(in.feasible);
  CHECK(in.t_best == Approx(1000.0 / 700.0));
  CHECK(in.residual < 0.01);
  for (const auto& p : in.points)
    for (float v : p.x) CHECK(std::abs(v) <= 1.0f);
}

TEST_CASE("validation 6's far target: the best combination reaches t >= 0.105, matching a brute-force grid",
          "[gradient_cancel]") {
  // The data of scenarios/validation/06_gradient_cancel.toml (two 2-D Gaussian classes, separation 2, 2,000
  // training points, seed 606) and its far target θ* = [1.42, −1.54, 0] with reported points in [−3, 3]. The rest
  // is the data without the first 800 rows (α = 40 %). The program's t is certified from both sides without it:
  // below by the plan itself (Σ share·g = −t·r, recomputed here), above by the grid support function along the
  // program's dual direction; and a program over a 41 × 41 grid of the box (no pricing) gets no more than it.
  const config::Scenario s =
      config::load_scenario(std::string(ACASIM_SOURCE_DIR) + "/scenarios/validation/06_gradient_cancel.toml");
  const auto ds = make_dataset(s.root(), std::filesystem::path(ACASIM_SOURCE_DIR) / "scenarios/validation", 606);
  const TrainSet& tr = ds->train();
  REQUIRE(tr.d == 2);
  const std::vector<double> theta{1.42, -1.54, 0.0};
  const std::int64_t members = 800, n_rest = tr.n - members;
  const auto rest_sum = logistic_gradient_sum(tr.x.data() + members * 2, tr.y.data() + members, n_rest, 2, theta);
  std::vector<double> r = rest_sum;
  for (double& v : r) v /= static_cast<double>(n_rest);
  const CancelMix mix = best_logistic_mix(r, theta, -3, 3, 1e9);
  const double grid_t = grid_program(r, theta, -3, 3, 40);
  const double c_minus_r = -(mix.normal[0] * r[0] + mix.normal[1] * r[1] + mix.normal[2] * r[2]);
  const double brute_upper = grid_support(mix.normal, theta, -3, 3, 600) / c_minus_r;
  INFO("program t = " << mix.t << " (dual bound " << mix.t_upper << ", " << mix.points.size() << " points, "
                      << mix.rounds << " rounds); grid program " << grid_t << "; grid support bound " << brute_upper);
  require_valid_combination(mix, r, theta, -3, 3);
  CHECK(mix.t >= 0.105);
  CHECK(mix.t >= grid_t - 1e-9);
  CHECK(mix.t <= brute_upper * (1 + 1e-4));
  CHECK(mix.t_upper <= mix.t * (1 + 1e-6));
  // The engine's plan for 800 members (t_required = 1.5) reports that optimum as its best t.
  const GradientCancelPlan plan = plan_logistic_cancel(rest_sum, n_rest, members, theta, -3, 3);
  CHECK_FALSE(plan.feasible);
  CHECK(plan.t_best == Approx(mix.t).epsilon(1e-9));
}
