// LibTorch first: c10 defines a CHECK macro (a fatal assertion) that would otherwise replace Catch's.
#include <ATen/CPUGeneratorImpl.h>

#include "learn/net.hpp"
#include "learn/per_example.hpp"
#undef CHECK

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

using namespace aca::learn;

namespace {

struct Case {
  ModelSpec spec;
  std::vector<std::int64_t> shape;
  std::int64_t d;
};

Case model(const std::string& kind) {
  Case c;
  c.spec.kind = kind;
  c.spec.hidden = {32, 16};
  if (kind == "cnn") {
    c.shape = {1, 12, 12};
    c.d = 144;
  } else {
    c.d = 20;
  }
  return c;
}

double max_rel_diff(const at::Tensor& a, const at::Tensor& b) {
  return ((a - b).abs().max() / b.abs().max().clamp_min(1e-12)).item<double>();
}

}  // namespace

TEST_CASE("fast per-example norms and clipped sums equal the per-example loop to 1e-5 (logistic, MLP, CNN)",
          "[learn][dpsgd]") {
  for (const std::string kind : {"logistic", "mlp", "cnn"}) {
    INFO(kind);
    const Case c = model(kind);
    at::Generator gen = at::detail::createCPUGenerator(42);
    const Net net = make_net(c.spec, c.shape, c.d, 5, gen, at::kDouble);
    const std::int64_t b = 24;
    const at::Tensor x = at::randn({b, c.d}, gen, at::TensorOptions().dtype(at::kDouble));
    const at::Tensor y = at::randint(0, 5, {b}, gen, at::TensorOptions().dtype(at::kLong));
    const at::Tensor w = at::rand({b}, gen, at::TensorOptions().dtype(at::kDouble)) + 0.5;
    const auto unclipped = clipped_gradient_sum_loop(net, x, y, w, std::numeric_limits<double>::infinity());
    // A clip norm at the median norm clips half the examples, so both branches of the clip are exercised.
    const double clip = unclipped.norms.median().item<double>();
    for (double C : {clip, std::numeric_limits<double>::infinity()}) {
      INFO("clip " << C);
      const auto fast = clipped_gradient_sum(net, x, y, w, C);
      const auto slow = clipped_gradient_sum_loop(net, x, y, w, C);
      CHECK(max_rel_diff(fast.norms, slow.norms) < 1e-5);
      REQUIRE(fast.sum.size() == slow.sum.size());
      for (std::size_t k = 0; k < fast.sum.size(); ++k) {
        REQUIRE(fast.sum[k].sizes() == slow.sum[k].sizes());
        CHECK(max_rel_diff(fast.sum[k], slow.sum[k]) < 1e-5);
      }
    }
    // After clipping to C, each example's contribution has norm ≤ C: the clipped sum has norm ≤ B·C.
    const auto clipped = clipped_gradient_sum(net, x, y, w, clip);
    double sq = 0;
    for (const auto& g : clipped.sum) sq += g.pow(2).sum().item<double>();
    CHECK(std::sqrt(sq) <= b * clip * (1 + 1e-9));
  }
}

TEST_CASE("with sigma = 0 and C = infinity the DP-SGD update equals the SGD update on the same batch",
          "[learn][dpsgd]") {
  for (const std::string kind : {"logistic", "mlp", "cnn"}) {
    INFO(kind);
    const Case c = model(kind);
    at::Generator g1 = at::detail::createCPUGenerator(7), g2 = at::detail::createCPUGenerator(7);
    const Net sgd = make_net(c.spec, c.shape, c.d, 4, g1);
    const Net dp = make_net(c.spec, c.shape, c.d, 4, g2);
    at::Generator data = at::detail::createCPUGenerator(8);
    const std::int64_t b = 32;
    const at::Tensor x = at::randn({b, c.d}, data);
    const at::Tensor y = at::randint(0, 4, {b}, data, at::TensorOptions().dtype(at::kLong));
    SgdState s1, s2;
    for (int step = 0; step < 3; ++step) {  // several steps, so momentum and weight decay take part too
      sgd_step(sgd.parameters(), mean_gradient(sgd, x, y, at::Tensor()), 0.05, 0.9, 1e-3, s1);
      const auto sum = clipped_gradient_sum(dp, x, y, at::Tensor(), std::numeric_limits<double>::infinity()).sum;
      GaussianNoise noise(9);
      sgd_step(dp.parameters(), noisy_gradient(sum, 0.0, std::numeric_limits<double>::infinity(), b, noise), 0.05,
               0.9, 1e-3, s2);
    }
    const auto p1 = sgd.parameters(), p2 = dp.parameters();
    for (std::size_t k = 0; k < p1.size(); ++k) CHECK(at::allclose(p1[k], p2[k], 1e-5, 1e-6));
  }
}

TEST_CASE("the added noise has mean 0 and standard deviation sigma*C within 5 standard errors", "[learn][dpsgd]") {
  const double sigma = 1.3, clip = 0.7, normaliser = 4.0;
  std::vector<at::Tensor> sum{at::zeros({300, 400}), at::zeros({1000})};
  GaussianNoise gen(123);
  const auto noisy = noisy_gradient(sum, sigma, clip, normaliser, gen);
  const at::Tensor all = at::cat({noisy[0].flatten(), noisy[1]}) * normaliser;
  const double n = static_cast<double>(all.numel());
  const double sd = sigma * clip;
  const double mean = all.mean().item<double>();
  const double s = all.to(at::kDouble).std().item<double>();
  CHECK(std::abs(mean) < 5 * sd / std::sqrt(n));
  // The sample standard deviation of n normals has standard error ≈ sd/sqrt(2n).
  CHECK(std::abs(s - sd) < 5 * sd / std::sqrt(2 * n));
  // Later draws differ (the draws really come from the stream).
  const auto again = noisy_gradient(sum, sigma, clip, normaliser, gen);
  CHECK_FALSE(at::equal(again[0], noisy[0]));
}

TEST_CASE("linear model: per-example gradient norms are |theta.x - r|·‖x~‖ and the fast clipped sum equals the loop",
          "[learn][dpsgd][linear]") {
  ModelSpec spec;
  spec.kind = "linear";
  at::Generator gen = at::detail::createCPUGenerator(9);
  const std::int64_t b = 30, d = 6;
  const Net net = make_net(spec, {}, d, 2, gen, at::kDouble);
  REQUIRE(net.loss == Loss::squared);
  const auto opts = at::TensorOptions().dtype(at::kDouble);
  const at::Tensor x = at::randn({b, d}, gen, opts), r = at::randn({b}, gen, opts) * 3;
  const at::Tensor w = at::rand({b}, gen, opts) + 0.5;
  const at::Tensor rho = (net.forward(x).squeeze(1) - r).detach();
  const at::Tensor expected = w * rho.abs() * (x.pow(2).sum(1) + 1).sqrt();
  const auto unclipped = clipped_gradient_sum(net, x, r, w, std::numeric_limits<double>::infinity());
  CHECK(max_rel_diff(unclipped.norms, expected) < 1e-12);
  const double clip = unclipped.norms.median().item<double>();
  for (double C : {clip, std::numeric_limits<double>::infinity()}) {
    INFO("clip " << C);
    const auto fast = clipped_gradient_sum(net, x, r, w, C);
    const auto slow = clipped_gradient_sum_loop(net, x, r, w, C);
    CHECK(max_rel_diff(fast.norms, slow.norms) < 1e-10);
    REQUIRE(fast.sum.size() == 2);
    for (std::size_t k = 0; k < 2; ++k) CHECK(max_rel_diff(fast.sum[k], slow.sum[k]) < 1e-10);
  }
  // The unclipped sum is Σ_i w_i ρ_i x̃_i, the least-squares gradient.
  CHECK(max_rel_diff(unclipped.sum[0].squeeze(0), ((w * rho).unsqueeze(1) * x).sum(0)) < 1e-12);
  CHECK(max_rel_diff(unclipped.sum[1], (w * rho).sum().reshape({1})) < 1e-12);
}
