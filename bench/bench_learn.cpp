// Family `learn`: training-step throughput of SGD and DP-SGD on Fashion-MNIST-shaped random inputs (CPU), and
// the speed-up of the per-example identities over the per-example loop they replace. Threads: LibTorch's
// default (OMP_NUM_THREADS when set, else one per core); the figure `threads` says which.
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>

#include <functional>

#include "bench/bench.hpp"
#include "learn/net.hpp"
#include "learn/per_example.hpp"
#include "learn/poisson_sampling.hpp"
#include "learn/torch_learner.hpp"

namespace aca::bench {

namespace {

using namespace aca::learn;

constexpr std::int64_t n_rows = 60000, width = 784, batch = 256, classes = 10;

// Seconds per call of `step` after two warm-up calls, over at least `min_s` seconds and `min_calls` calls.
double seconds_per(const std::function<void()>& step, double min_s, int min_calls) {
  for (int i = 0; i < 2; ++i) step();
  int calls = 0;
  const double t0 = now_seconds();
  double t = t0;
  while (calls < min_calls || t - t0 < min_s) {
    step();
    ++calls;
    t = now_seconds();
  }
  return (t - t0) / calls;
}

struct StepTimes {
  double sgd = 0, dp = 0, dp_loop = 0;
};

// One SGD step (shuffled fixed batch) and one DP-SGD step (Poisson batch, clipping, noise) on the same model and
// data, batch gathering included in both; optionally the DP step with the per-example loop oracle.
StepTimes time_steps(const ModelSpec& model, const std::vector<std::int64_t>& shape, bool with_loop) {
  at::Generator gen = at::detail::createCPUGenerator(1);
  TensorSet data;
  data.n = n_rows;
  data.x = at::rand({n_rows, width}, gen);  // pixel intensities in [0, 1), as Fashion-MNIST after scaling
  data.y = at::randint(0, classes, {n_rows}, gen, at::TensorOptions().dtype(at::kLong));
  const Net net = make_net(model, shape, width, classes, gen);
  const auto params = net.parameters();
  auto rng = util::make_stream(1, util::streams::learner);
  const auto perm = random_permutation(n_rows, rng);
  const double q = static_cast<double>(batch) / n_rows;
  std::int64_t cursor = 0;
  SgdState s1, s2, s3;
  StepTimes out;
  out.sgd = seconds_per(
      [&] {
        if (cursor + batch > n_rows) cursor = 0;
        const TensorSet b = rows(data, {perm.begin() + cursor, perm.begin() + cursor + batch});
        cursor += batch;
        sgd_step(params, mean_gradient(net, b.x, b.y, b.w), 0.01, 0.0, 0.0, s1);
      },
      1.5, 10);
  out.dp = seconds_per(
      [&] {
        const TensorSet b = rows(data, poisson_sample(n_rows, q, rng));
        const auto sum = clipped_gradient_sum(net, b.x, b.y, b.w, 1.0).sum;
        sgd_step(params, noisy_gradient(sum, 1.0, 1.0, q * n_rows, gen), 0.01, 0.0, 0.0, s2);
      },
      1.5, 10);
  if (with_loop)
    out.dp_loop = seconds_per(
        [&] {
          const TensorSet b = rows(data, poisson_sample(n_rows, q, rng));
          const auto sum = clipped_gradient_sum_loop(net, b.x, b.y, b.w, 1.0).sum;
          sgd_step(params, noisy_gradient(sum, 1.0, 1.0, q * n_rows, gen), 0.01, 0.0, 0.0, s3);
        },
        1.0, 2);
  return out;
}

}  // namespace

void bench_learn(Figures& f) {
  ModelSpec mlp;
  mlp.kind = "mlp";
  mlp.hidden = {256};
  const StepTimes m = time_steps(mlp, {}, true);
  ModelSpec cnn;
  cnn.kind = "cnn";
  const StepTimes c = time_steps(cnn, {1, 28, 28}, false);
  f.add("mlp_sgd_samples_per_s", batch / m.sgd);
  f.add("mlp_dpsgd_samples_per_s", batch / m.dp);
  f.add("mlp_dpsgd_over_sgd_time", m.dp / m.sgd);
  f.add("mlp_dpsgd_loop_over_fast_time", m.dp_loop / m.dp);
  f.add("cnn_sgd_samples_per_s", batch / c.sgd);
  f.add("cnn_dpsgd_samples_per_s", batch / c.dp);
  f.add("cnn_dpsgd_over_sgd_time", c.dp / c.sgd);
  f.add("threads", at::get_num_threads());
}

}  // namespace aca::bench
