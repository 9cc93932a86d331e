// The least-squares platform model (platform.model.kind = "linear") against the normal equations.
#include <catch2/catch.hpp>

#include <Eigen/Dense>
#include <cmath>
#include <sstream>

#include "data/linear_regression.hpp"
#include "learn/learner.hpp"
#include "support/least_squares.hpp"

using namespace aca;
using namespace aca::learn;

namespace {

data::TrainSet regression(std::int64_t n, double noise, std::uint64_t seed) {
  data::LinearRegressionParams p;
  p.dim = 3;
  p.theta = {1.5, -2.0, 0.25, 0.7};
  p.noise = noise;
  util::Engine rng = util::make_stream(seed, util::streams::data);
  return data::sample_linear_regression(p, n, rng);
}

// The design's second-moment matrix A = X̃ᵀX̃/n and c = X̃ᵀr/n, in double: least squares solves Aθ = c.
struct Normal {
  Eigen::MatrixXd A;
  Eigen::VectorXd c;
};
Normal normal_equations(const data::TrainSet& s) {
  const auto [X, r] = least_squares_design(s);
  return {X.transpose() * X / static_cast<double>(s.n), X.transpose() * r / static_cast<double>(s.n)};
}

Eigen::VectorXd as_vector(const std::vector<double>& v) { return Eigen::Map<const Eigen::VectorXd>(v.data(), v.size()); }

// Full-batch gradient descent θ ← θ − η(Aθ − c) contracts the error by ρ = max_i |1 − ηλ_i(A)| per step; the init
// is U(±1/√d) per coordinate, so ‖θ_0 − θ_ls‖ ≤ ‖θ_ls‖ + √(d+1)/√d. Float32 arithmetic adds an error of order
// 1e-7·cond(A)·‖θ_ls‖; 1e-4 allows for it with a wide margin.
double gd_tolerance(const Normal& ne, const Eigen::VectorXd& ls, double lr, int steps) {
  const Eigen::VectorXd lambda = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(ne.A).eigenvalues();
  const double rho = std::max(std::abs(1 - lr * lambda.minCoeff()), std::abs(1 - lr * lambda.maxCoeff()));
  const double d = static_cast<double>(ls.size() - 1);
  return std::pow(rho, steps) * (ls.norm() + std::sqrt((d + 1) / d)) + 1e-4;
}

LearnerSpec full_batch(const std::string& learner, std::int64_t n) {
  LearnerSpec s;
  s.learner = learner;
  s.threads = 1;
  s.model.kind = "linear";
  s.epochs = 200;
  s.batch_size = n;
  s.learning_rate = 0.5;
  return s;
}

}  // namespace

TEST_CASE("sgd on the linear model converges to the normal-equations least-squares solution", "[learn][linear]") {
  const auto train = regression(500, 0.5, 1);
  const Normal ne = normal_equations(train);
  const Eigen::VectorXd ls = ne.A.ldlt().solve(ne.c);
  auto l = make_learner(full_batch("sgd", train.n));
  auto rng = util::make_stream(1, util::streams::learner);
  const FitReport rep = l->fit(train, rng);
  CHECK(rep.steps == 200);
  const Eigen::VectorXd theta = as_vector(l->convex_theta());
  REQUIRE(theta.size() == 4);
  const double tol = gd_tolerance(ne, ls, 0.5, 200);
  INFO("‖θ̂ − θ_ls‖ = " << (theta - ls).norm() << ", tolerance " << tol);
  CHECK((theta - ls).norm() < tol);
  CHECK(tol < 2e-4);  // the contraction term is negligible after 200 steps: the check is at float precision
  // The reported training loss is the mean ½ squared residual at θ̂.
  double loss = 0;
  for (std::int64_t i = 0; i < train.n; ++i) {
    double z = theta(3);
    for (int j = 0; j < 3; ++j) z += theta(j) * train.x[static_cast<std::size_t>(i * 3 + j)];
    loss += 0.5 * std::pow(z - train.response[static_cast<std::size_t>(i)], 2);
  }
  CHECK(rep.train_loss == Approx(loss / train.n).epsilon(1e-4));
  // And the least-squares loss at θ_ls is its noise floor ½σ² (within sampling error).
  CHECK(rep.train_loss == Approx(0.125).epsilon(0.15));
}

TEST_CASE("without responses the linear model fits the labels as numbers", "[learn][linear]") {
  auto train = regression(400, 0.5, 2);
  const data::TrainSet with = train;
  train.response.clear();
  auto as_numbers = train;
  as_numbers.response.assign(train.y.begin(), train.y.end());
  auto a = make_learner(full_batch("sgd", train.n)), b = make_learner(full_batch("sgd", train.n));
  auto r1 = util::make_stream(3, util::streams::learner), r2 = util::make_stream(3, util::streams::learner);
  a->fit(train, r1);
  b->fit(as_numbers, r2);
  CHECK(a->convex_theta() == b->convex_theta());
  const Normal ne = normal_equations(as_numbers);
  CHECK((as_vector(a->convex_theta()) - ne.A.ldlt().solve(ne.c)).norm() < gd_tolerance(ne, ne.A.ldlt().solve(ne.c), 0.5, 200));
  // A response column of the wrong length is refused.
  auto bad = with;
  bad.response.pop_back();
  CHECK_THROWS_AS(a->fit(bad, r1), std::invalid_argument);
}

TEST_CASE("minibatch sgd on noise-free responses converges to the true theta, where every example's gradient "
          "vanishes",
          "[learn][linear]") {
  const auto train = regression(1000, 0.0, 4);
  auto spec = full_batch("sgd", 50);
  spec.epochs = 30;
  spec.learning_rate = 0.1;
  auto l = make_learner(spec);
  auto rng = util::make_stream(4, util::streams::learner);
  l->fit(train, rng);
  const Eigen::VectorXd truth = as_vector({1.5, -2.0, 0.25, 0.7});
  // Each minibatch step contracts E‖θ − θ_true‖² by about 1 − 2ηλ_min ≈ 0.8 (λ ≈ 1 for x ~ N(0, I)); 600 steps
  // leave nothing but float32 rounding of the responses (~1e-7 relative).
  CHECK((as_vector(l->convex_theta()) - truth).norm() < 1e-4);
}

TEST_CASE("dp_sgd on the linear model with q = 1, no effective clipping and tiny noise is gradient descent: it "
          "reaches the least-squares solution",
          "[learn][linear][dpsgd]") {
  const auto train = regression(500, 0.5, 5);
  const Normal ne = normal_equations(train);
  const Eigen::VectorXd ls = ne.A.ldlt().solve(ne.c);
  auto spec = full_batch("dp_sgd", train.n);
  spec.privacy.noise_multiplier = 1e-6;
  spec.privacy.clip = 1e4;  // per-example gradients |θ·x̃ − r|·‖x̃‖ stay far below this along the path
  auto l = make_learner(spec);
  auto rng = util::make_stream(5, util::streams::learner);
  const FitReport rep = l->fit(train, rng);
  CHECK(rep.privacy.is_private);
  CHECK(rep.privacy.sample_rate == 1.0);
  // Noise per coordinate and step σC/n = 2e-5; its stationary effect on θ is below 1e-4 as well.
  const double tol = gd_tolerance(ne, ls, 0.5, 200) + 1e-4;
  const Eigen::VectorXd theta = as_vector(l->convex_theta());
  INFO("‖θ̂ − θ_ls‖ = " << (theta - ls).norm() << ", tolerance " << tol);
  CHECK((theta - ls).norm() < tol);
}

TEST_CASE("dp_sgd with a binding clip norm on the linear model stops where the clipped gradients cancel",
          "[learn][linear][dpsgd]") {
  const auto train = regression(500, 0.5, 6);
  const Normal ne = normal_equations(train);
  const Eigen::VectorXd ls = ne.A.ldlt().solve(ne.c);
  auto spec = full_batch("dp_sgd", train.n);
  spec.epochs = 2000;
  spec.learning_rate = 0.5;
  spec.privacy.noise_multiplier = 1e-9;
  spec.privacy.clip = 0.5;
  auto l = make_learner(spec);
  auto rng = util::make_stream(6, util::streams::learner);
  l->fit(train, rng);
  const Eigen::VectorXd theta = as_vector(l->convex_theta());
  // Fixed point of clipped GD: Σ_i min(1, C/‖g_i‖) g_i = 0 with g_i = (θ·x̃_i − r_i) x̃_i (clipping reweights
  // the residuals, so it is not θ_ls).
  Eigen::VectorXd sum = Eigen::VectorXd::Zero(4), unclipped = Eigen::VectorXd::Zero(4);
  int clipped = 0;
  for (std::int64_t i = 0; i < train.n; ++i) {
    Eigen::VectorXd xt(4);
    for (int j = 0; j < 3; ++j) xt(j) = train.x[static_cast<std::size_t>(i * 3 + j)];
    xt(3) = 1;
    const Eigen::VectorXd g = (theta.dot(xt) - train.response[static_cast<std::size_t>(i)]) * xt;
    const double c = std::min(1.0, 0.5 / (g.norm() + 1e-6));
    clipped += c < 1;
    sum += c * g;
    unclipped += g;
  }
  INFO("clipped " << clipped << " of 500; ‖mean clipped gradient‖ = " << sum.norm() / 500
                  << "; ‖mean gradient‖ = " << unclipped.norm() / 500 << "; ‖θ̂ − θ_ls‖ = " << (theta - ls).norm());
  CHECK(clipped > 50);
  CHECK(sum.norm() / 500 < 1e-4);
  CHECK(unclipped.norm() / 500 > 10 * sum.norm() / 500);
}

TEST_CASE("the linear model predicts the label nearest theta.x (threshold 1/2 for 0/1 labels)", "[learn][linear]") {
  const auto train = regression(400, 0.5, 7);
  auto l = make_learner(full_batch("sgd", train.n));
  CHECK_THROWS_AS(l->convex_theta(), std::logic_error);
  auto rng = util::make_stream(7, util::streams::learner);
  l->fit(train, rng);
  const auto theta = l->convex_theta();
  const auto pred = l->predict(train);
  std::int64_t agree = 0;
  for (std::int64_t i = 0; i < train.n; ++i) {
    double z = theta[3];
    for (int j = 0; j < 3; ++j) z += theta[static_cast<std::size_t>(j)] * train.x[static_cast<std::size_t>(i * 3 + j)];
    CHECK(pred[static_cast<std::size_t>(i)] == (z > 0.5 ? 1 : 0));
    agree += pred[static_cast<std::size_t>(i)] == train.y[static_cast<std::size_t>(i)];
  }
  // Labels are 1[r > ½] with r = θ·x̃ + noise: most agree with the noise-free prediction.
  CHECK(agree > 0.8 * train.n);
  // Three labels: predictions are clamped to 0 … 2.
  auto three = train;
  three.num_classes = 3;
  l->fit(three, rng);
  for (auto p : l->predict(three)) CHECK((p >= 0 && p <= 2));
}

TEST_CASE("a checkpointed linear model predicts and reports theta as before", "[learn][linear]") {
  const auto train = regression(300, 0.5, 8);
  auto l = make_learner(full_batch("sgd", train.n));
  auto rng = util::make_stream(8, util::streams::learner);
  l->fit(train, rng);
  std::stringstream buf;
  l->save(buf);
  auto twin = make_learner(full_batch("sgd", train.n));
  twin->load(buf);
  CHECK(twin->convex_theta() == l->convex_theta());
  CHECK(twin->predict(train) == l->predict(train));
}

TEST_CASE("learners that do not train the linear model refuse it", "[learn][linear]") {
  auto spec = full_batch("gdro", 10);
  CHECK_THROWS_AS(make_learner(spec), std::invalid_argument);
  auto mlp = full_batch("sgd", 10);
  mlp.model.kind = "mlp";
  mlp.model.hidden = {4};
  auto l = make_learner(mlp);
  const auto train = regression(50, 0.5, 9);
  auto rng = util::make_stream(9, util::streams::learner);
  l->fit(train, rng);
  CHECK_THROWS_AS(l->convex_theta(), std::logic_error);
}
