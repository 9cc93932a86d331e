// Family `ensemble`: DP-SGD (σ = 1) and SGD on 32 MLPs 784-256-10 (Fashion-MNIST-shaped random data, batch 256)
// trained as one batched ensemble against the same 32 members trained one after another by the single learner, in
// models·samples/s (fits include the end-of-fit pass over the training set for loss and accuracy), the single
// learner both with the ensemble's threads and with one thread (its faster setting on small models); and the peak
// RSS of training an ensemble of 64 such MLPs on one 60000-row data set that all members share (measured first, so
// that the throughput part does not raise the peak). Threads: OMP_NUM_THREADS when set, else one per core.
#include <algorithm>
#include <cstdlib>
#include <memory>
#include <string>

#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include <cstdio>
#include <thread>
#include <atomic>

#include <torch/cuda.h>

#include "bench/bench.hpp"
#include "learn/ensemble.hpp"
#include "learn/threads.hpp"

namespace aca::bench {

namespace {

using namespace aca::learn;

constexpr std::int64_t width = 784, classes = 10;

data::TrainSet random_images(std::int64_t n, std::uint64_t seed) {
  auto rng = util::make_stream(seed, util::streams::data);
  boost::random::uniform_01<float> pixel;
  boost::random::uniform_int_distribution<std::int64_t> label(0, classes - 1);
  data::TrainSet s;
  s.n = n;
  s.d = width;
  s.num_classes = classes;
  s.x.resize(n * width);
  for (auto& v : s.x) v = pixel(rng);
  for (std::int64_t i = 0; i < n; ++i) s.y.push_back(label(rng));
  return s;
}

LearnerSpec mlp_dp_spec(int threads, int epochs) {
  LearnerSpec s;
  s.learner = "dp_sgd";
  s.threads = threads;
  s.epochs = epochs;
  s.batch_size = 256;
  s.learning_rate = 0.05;
  s.model.kind = "mlp";
  s.model.hidden = {256};
  s.privacy.noise_multiplier = 1.0;
  s.privacy.clip = 1.0;
  return s;
}

// `members` Fashion-MNIST-shaped sets of `rows` rows each (seeds first_seed, first_seed + 1, ...).
std::vector<data::TrainSet> member_sets(std::size_t members, std::int64_t rows, std::uint64_t first_seed) {
  std::vector<data::TrainSet> out;
  for (std::size_t m = 0; m < members; ++m) out.push_back(random_images(rows, first_seed + m));
  return out;
}

std::vector<const data::TrainSet*> pointers(const std::vector<data::TrainSet>& sets) {
  std::vector<const data::TrainSet*> out;
  for (const auto& s : sets) out.push_back(&s);
  return out;
}

std::vector<util::Engine> engines(std::size_t m, std::uint64_t round) {
  std::vector<util::Engine> out;
  for (std::size_t k = 0; k < m; ++k) out.push_back(util::make_stream(k, util::streams::learner, round));
  return out;
}

}  // namespace

void bench_ensemble(Figures& f) {
  const char* omp = std::getenv("OMP_NUM_THREADS");
  const int threads = set_threads(omp ? std::atoi(omp) : 0);

  {  // memory: 64 members, one epoch over a shared Fashion-MNIST-sized set
    const data::TrainSet shared = random_images(60000, 1);
    EnsembleSpec spec;
    spec.learner = mlp_dp_spec(threads, 1);
    spec.max_members = 64;
    EnsembleLearner ens(spec);
    std::vector<const data::TrainSet*> sets(64, &shared);
    auto rng = engines(64, 0);
    const double t0 = now_seconds();
    ens.fit(sets, rng);
    const double seconds = now_seconds() - t0;
    f.add("m64_fit_seconds", seconds);
    f.add("m64_model_samples_per_s", 64.0 * shared.n / seconds);
    f.add("m64_peak_rss_bytes", static_cast<double>(peak_rss_bytes()));
  }

  // throughput: 32 members with their own data (2560 rows each, 3 epochs of 10 batches)
  constexpr std::size_t members = 32;
  constexpr std::int64_t rows = 2560;
  constexpr int epochs = 3;
  const std::vector<data::TrainSet> data = member_sets(members, rows, 100);
  const std::vector<const data::TrainSet*> sets = pointers(data);
  const double samples = static_cast<double>(members) * epochs * rows;  // models · samples per fit of all members

  for (const std::string learner : {"dp_sgd", "sgd"}) {
    EnsembleSpec spec;
    spec.learner = mlp_dp_spec(threads, epochs);
    spec.learner.learner = learner;
    spec.max_members = members;
    // Rounds interleave the two ways so that load from other processes shifts both alike; medians are reported.
    LearnerSpec one_thread = spec.learner;
    one_thread.threads = 1;
    std::vector<double> ens_t, seq_t, seq1_t;
    const auto sequential = [&](const LearnerSpec& s, int round) {
      auto rng = engines(members, round);
      const double t0 = now_seconds();
      for (std::size_t m = 0; m < members; ++m) make_learner(s)->fit(*sets[m], rng[m]);
      return now_seconds() - t0;
    };
    constexpr int rounds = 5;
    for (int round = 0; round < rounds; ++round) {
      {
        EnsembleLearner ens(spec);
        auto rng = engines(members, round);
        const double t0 = now_seconds();
        ens.fit(sets, rng);
        ens_t.push_back(now_seconds() - t0);
      }
      seq_t.push_back(sequential(spec.learner, round));
      seq1_t.push_back(sequential(one_thread, round));
    }
    for (auto* v : {&ens_t, &seq_t, &seq1_t}) std::sort(v->begin(), v->end());
    const std::string key = "m32_mlp_" + std::string(learner == "sgd" ? "sgd" : "dpsgd");
    const double ens = ens_t[rounds / 2], seq = seq_t[rounds / 2], seq1 = seq1_t[rounds / 2];
    f.add(key + "_ensemble_model_samples_per_s", samples / ens);
    f.add(key + "_sequential_model_samples_per_s", samples / seq);
    f.add(key + "_sequential_1thread_model_samples_per_s", samples / seq1);
    f.add(key + "_ensemble_over_sequential_throughput", seq / ens);
    f.add(key + "_ensemble_over_sequential_1thread_throughput", seq1 / ens);
  }
  f.add("ensemble_threads", threads);
  f.add("omp_num_threads_env", omp ? omp : "unset");
}

// Family `ensemble_cuda` (issue 9's GPU target): 256 DP-SGD MLPs 784-256-10 on device "cuda" as one ensemble
// against the same members trained one after another on the GPU, in models·samples/s, with the GPU's mean
// utilisation during the ensemble fit sampled from nvidia-smi. Without a CUDA device it reports cuda_available
// false and measures nothing.
void bench_ensemble_cuda(Figures& f) {
  const bool cuda = torch::cuda::is_available();
  f.add("cuda_available", cuda);
  if (!cuda) {
    std::fprintf(stderr, "acasim-bench ensemble_cuda: no CUDA device (this LibTorch: CPU only, or no GPU visible)\n");
    return;
  }
  f.add("cuda_devices", static_cast<std::int64_t>(torch::cuda::device_count()));
  constexpr std::size_t members = 256;
  constexpr std::int64_t rows = 2560;
  constexpr int epochs = 3;
  const std::vector<data::TrainSet> data = member_sets(members, rows, 1000);
  const std::vector<const data::TrainSet*> sets = pointers(data);
  const double samples = static_cast<double>(members) * epochs * rows;
  EnsembleSpec spec;
  spec.learner = mlp_dp_spec(1, epochs);
  spec.learner.device = "cuda";
  spec.max_members = members;

  // nvidia-smi's utilisation.gpu, sampled every 100 ms while the ensemble trains.
  std::atomic<bool> sampling{true};
  std::vector<double> utilisation;
  std::thread sampler([&] {
    while (sampling) {
      if (FILE* p = ::popen("nvidia-smi --query-gpu=utilization.gpu --format=csv,noheader,nounits 2>/dev/null", "r")) {
        double u = -1;
        if (std::fscanf(p, "%lf", &u) == 1 && u >= 0) utilisation.push_back(u);
        ::pclose(p);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  double ens = 0;
  {
    EnsembleLearner warmup(spec);  // CUDA context and kernels loaded outside the timed fit
    std::vector<const data::TrainSet*> one(sets.begin(), sets.begin() + 2);
    auto rng = engines(2, 99);
    warmup.fit(one, rng);
    EnsembleLearner e(spec);
    auto r = engines(members, 0);
    const double t0 = now_seconds();
    e.fit(sets, r);
    ens = now_seconds() - t0;
  }
  sampling = false;
  sampler.join();
  auto rng = engines(members, 0);
  const double t0 = now_seconds();
  for (std::size_t m = 0; m < members; ++m) make_learner(spec.learner)->fit(*sets[m], rng[m]);
  const double seq = now_seconds() - t0;
  f.add("m256_cuda_ensemble_model_samples_per_s", samples / ens);
  f.add("m256_cuda_ensemble_samples_per_s_per_model", samples / ens / members);
  f.add("m256_cuda_sequential_model_samples_per_s", samples / seq);
  f.add("m256_cuda_ensemble_over_sequential_throughput", seq / ens);
  double mean = 0;
  for (double u : utilisation) mean += u;
  f.add("m256_cuda_gpu_utilisation_percent", utilisation.empty() ? -1.0 : mean / static_cast<double>(utilisation.size()));
}

}  // namespace aca::bench
