// Family `ensemble`: DP-SGD (σ = 1) and SGD on 32 MLPs 784-256-10 (Fashion-MNIST-shaped random data, batch 256)
// trained as one batched ensemble against the same 32 members trained one after another by the single learner, in
// models·samples/s (fits include the end-of-fit pass over the training set for loss and accuracy); and the peak RSS of training an ensemble of 64 such MLPs on one 60000-row data set that all
// members share (measured first, so that the throughput part does not raise the peak). Threads as the learn
// family sets them: OMP_NUM_THREADS when set, else one per core.
#include <algorithm>
#include <cstdlib>
#include <memory>
#include <string>

#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>

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
  std::vector<data::TrainSet> data;
  for (std::size_t m = 0; m < members; ++m) data.push_back(random_images(rows, 100 + m));
  std::vector<const data::TrainSet*> sets;
  for (const auto& d : data) sets.push_back(&d);
  const double samples = static_cast<double>(members) * epochs * rows;  // models · samples per fit of all members

  for (const std::string learner : {"dp_sgd", "sgd"}) {
    EnsembleSpec spec;
    spec.learner = mlp_dp_spec(threads, epochs);
    spec.learner.learner = learner;
    spec.max_members = members;
    // Rounds interleave the two ways so that load from other processes shifts both alike; medians are reported.
    std::vector<double> ens_t, seq_t;
    constexpr int rounds = 5;
    for (int round = 0; round < rounds; ++round) {
      {
        EnsembleLearner ens(spec);
        auto rng = engines(members, round);
        const double t0 = now_seconds();
        ens.fit(sets, rng);
        ens_t.push_back(now_seconds() - t0);
      }
      {
        auto rng = engines(members, round);
        const double t0 = now_seconds();
        for (std::size_t m = 0; m < members; ++m) make_learner(spec.learner)->fit(*sets[m], rng[m]);
        seq_t.push_back(now_seconds() - t0);
      }
    }
    std::sort(ens_t.begin(), ens_t.end());
    std::sort(seq_t.begin(), seq_t.end());
    const std::string key = "m32_mlp_" + std::string(learner == "sgd" ? "sgd" : "dpsgd");
    const double ens = ens_t[rounds / 2], seq = seq_t[rounds / 2];
    f.add(key + "_ensemble_model_samples_per_s", samples / ens);
    f.add(key + "_sequential_model_samples_per_s", samples / seq);
    f.add(key + "_ensemble_over_sequential_throughput", seq / ens);
  }
  f.add("threads", threads);
  f.add("omp_num_threads_env", omp ? omp : "unset");
}

}  // namespace aca::bench
