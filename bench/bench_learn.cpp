// Family `learn`: training-step throughput of SGD and DP-SGD on Fashion-MNIST-shaped random inputs (CPU, batch 256,
// N = 60000, MLP 784-256-10 and the small CNN), and the speed-up of the per-example identities over the
// per-example loop they replace, and where each step's time goes (StepPhases, the median step's milliseconds per
// phase, measured in the same run after the throughput rounds). Threads: set as the learners set them (learn::set_threads with the model's
// learn::thread_use), from OMP_NUM_THREADS when set, else 1 — acasim's default (`simulation.threads = 1`); the
// figure `threads` says how many.
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <utility>

#include "bench/bench.hpp"
#include "learn/net.hpp"
#include "learn/per_example.hpp"
#include "learn/poisson_sampling.hpp"
#include "learn/step_phases.hpp"
#include "learn/threads.hpp"
#include "learn/torch_learner.hpp"

namespace aca::bench {

namespace {

using namespace aca::learn;

constexpr std::int64_t n_rows = 60000, width = 784, batch = 256, classes = 10;

// Seconds per call of each step, measured in interleaved rounds (a few calls of each per round) and summarised by
// the median round, so that load from other processes on a shared machine shifts both steps alike.
std::vector<double> interleaved(const std::vector<std::function<void()>>& steps, int rounds, int calls) {
  for (const auto& s : steps) s();  // warm-up
  std::vector<std::vector<double>> t(steps.size());
  for (int r = 0; r < rounds; ++r)
    for (std::size_t k = 0; k < steps.size(); ++k) {
      const double t0 = now_seconds();
      for (int c = 0; c < calls; ++c) steps[k]();
      t[k].push_back((now_seconds() - t0) / calls);
    }
  std::vector<double> med;
  for (auto& v : t) {
    std::sort(v.begin(), v.end());
    med.push_back(v[v.size() / 2]);
  }
  return med;
}

// The median over steps of each phase's seconds, as milliseconds per step, in a JSON object (with their total).
Figures median_phases(std::vector<StepPhases> steps) {
  Figures out;
  double total = 0;
  const std::pair<const char*, double StepPhases::*> fields[] = {
      {"sample", &StepPhases::sample},   {"forward", &StepPhases::forward},
      {"backward", &StepPhases::backward}, {"norms", &StepPhases::norms},
      {"clipped_sum", &StepPhases::clipped_sum}, {"noise", &StepPhases::noise},
      {"update", &StepPhases::update}};
  for (const auto& [name, field] : fields) {
    std::vector<double> v;
    for (const auto& p : steps) v.push_back(p.*field);
    std::sort(v.begin(), v.end());
    const double ms = 1e3 * v[v.size() / 2];
    out.add(name, ms);
    total += ms;
  }
  out.add("sum_of_medians", total);
  return out;
}

struct StepTimes {
  double sgd = 0, dp = 0, dp_loop = 0;
  Figures sgd_phases, dp_phases;  // milliseconds per step in each phase
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
  GaussianNoise noise(noise_seed(1));
  // The steps as the learners take them, each phase timed into `ph` when given.
  const auto sgd_timed = [&](StepPhases* ph) {
    PhaseClock clock(ph);
    if (cursor + batch > n_rows) cursor = 0;
    const TensorSet b = rows(data, {perm.begin() + cursor, perm.begin() + cursor + batch});
    cursor += batch;
    clock.lap(&StepPhases::sample);
    const auto grads = mean_gradient(net, b.x, b.y, b.w, ph);
    clock.skip();
    sgd_step(params, grads, 0.01, 0.0, 0.0, s1);
    clock.lap(&StepPhases::update);
  };
  const auto dp_timed = [&](StepPhases* ph) {
    PhaseClock clock(ph);
    const TensorSet b = rows(data, poisson_sample(n_rows, q, rng));
    clock.lap(&StepPhases::sample);
    const auto sum = clipped_gradient_sum(net, b.x, b.y, b.w, 1.0, ph).sum;
    clock.skip();
    const auto noisy = noisy_gradient(sum, 1.0, 1.0, q * n_rows, noise);
    clock.lap(&StepPhases::noise);
    sgd_step(params, noisy, 0.01, 0.0, 0.0, s2);
    clock.lap(&StepPhases::update);
  };
  const auto sgd = [&] { sgd_timed(nullptr); };
  const auto dp = [&] { dp_timed(nullptr); };
  const auto dp_loop = [&] {
    const TensorSet b = rows(data, poisson_sample(n_rows, q, rng));
    const auto sum = clipped_gradient_sum_loop(net, b.x, b.y, b.w, 1.0).sum;
    sgd_step(params, noisy_gradient(sum, 1.0, 1.0, q * n_rows, noise), 0.01, 0.0, 0.0, s3);
  };
  StepTimes out;
  const auto fast = interleaved({sgd, dp}, with_loop ? 31 : 7, with_loop ? 10 : 2);
  out.sgd = fast[0];
  out.dp = fast[1];
  if (with_loop) {
    const auto slow = interleaved({dp, dp_loop}, 7, 1);
    out.dp_loop = slow[1] / slow[0] * out.dp;  // the loop's time relative to the fast step of the same rounds
  }
  // Phases, SGD and DP-SGD steps alternating so that load from other processes falls on both alike.
  std::vector<StepPhases> ps(with_loop ? 100 : 20), pd(ps.size());
  for (std::size_t i = 0; i < ps.size(); ++i) {
    sgd_timed(&ps[i]);
    dp_timed(&pd[i]);
  }
  out.sgd_phases = median_phases(ps);
  out.dp_phases = median_phases(pd);
  return out;
}

// Draws per second of N(0, 1) into a float buffer of the MLP's parameter count, LibTorch's normal_ (the generator
// before) against GaussianNoise (after), interleaved.
Figures noise_draws_per_s() {
  const std::int64_t n = 784 * 256 + 256 + 256 * classes + classes;  // the MLP's parameters: one DP step's draws
  at::Generator gen = at::detail::createCPUGenerator(1);
  GaussianNoise noise(noise_seed(1));
  at::Tensor a = at::empty({n}), b = at::empty({n});
  const auto t = interleaved({[&] { a.normal_(0.0, 1.0, gen); }, [&] { noise.fill(b.data_ptr<float>(), n, 1.0); }},
                             31, 10);
  Figures out;
  out.add("torch_normal", n / t[0]);
  out.add("ziggurat_xoshiro256pp", n / t[1]);
  out.add("speedup", t[0] / t[1]);
  return out;
}

}  // namespace

void bench_learn(Figures& f) {
  // What acasim runs with by default (simulation.threads = 1) unless OMP_NUM_THREADS asks for another count.
  const char* omp = std::getenv("OMP_NUM_THREADS");
  // Each model with the thread policy its learner would set (learn::thread_use).
  const int threads = set_threads(omp ? std::atoi(omp) : 1, thread_use("mlp"));
  ModelSpec mlp;
  mlp.kind = "mlp";
  mlp.hidden = {256};
  const StepTimes m = time_steps(mlp, {}, true);
  set_threads(threads, thread_use("cnn"));
  ModelSpec cnn;
  cnn.kind = "cnn";
  const StepTimes c = time_steps(cnn, {1, 28, 28}, false);
  f.add("mlp_sgd_samples_per_s", batch / m.sgd);
  f.add("mlp_dpsgd_samples_per_s", batch / m.dp);
  f.add("mlp_dpsgd_over_sgd_time", m.dp / m.sgd);
  f.add("mlp_dpsgd_loop_over_fast_time", m.dp_loop / m.dp);
  f.add("mlp_sgd_phases_ms", m.sgd_phases);
  f.add("mlp_dpsgd_phases_ms", m.dp_phases);
  f.add("cnn_sgd_samples_per_s", batch / c.sgd);
  f.add("cnn_dpsgd_samples_per_s", batch / c.dp);
  f.add("cnn_dpsgd_over_sgd_time", c.dp / c.sgd);
  f.add("cnn_sgd_phases_ms", c.sgd_phases);
  f.add("cnn_dpsgd_phases_ms", c.dp_phases);
  f.add("gaussian_noise_draws_per_s", noise_draws_per_s());
  f.add("threads", threads);
  f.add("omp_num_threads_env", omp ? omp : "unset");
}

}  // namespace aca::bench
