// The learners' CUDA path (issues 3 and 9). Built only against a CUDA LibTorch, where a GPU is expected
// (tests/learn/CMakeLists.txt), so every case first requires one. Models on the GPU are compared with the same
// models on the CPU from the same seed: init and DP noise come from the CPU generator on both, so the models differ
// only by floating-point rounding (different reduction orders; cuDNN may also run the CNN's convolutions in TF32).
#include "learn/torch_learner.hpp"
#undef CHECK

#include <catch2/catch.hpp>

#include <torch/cuda.h>

#include "support/ensemble_check.hpp"

using namespace aca;
using namespace aca::learn;
using namespace aca::test;

namespace {

LearnerSpec on(LearnerSpec s, const std::string& device) {
  s.device = device;
  return s;
}

// Share of `a`'s rows on which two models agree.
double agreement(const std::vector<std::int64_t>& a, const std::vector<std::int64_t>& b) {
  REQUIRE(a.size() == b.size());
  std::size_t same = 0;
  for (std::size_t i = 0; i < a.size(); ++i) same += a[i] == b[i];
  return static_cast<double>(same) / static_cast<double>(a.size());
}

// Fits `spec` on the CPU and on the GPU from seed 7 and compares parameters (to `tolerance`, relative), steps,
// privacy and predictions on the training rows.
void check_same_on_both(const LearnerSpec& spec, const data::TrainSet& set, double tolerance) {
  auto cpu = make_learner(on(spec, "cpu")), gpu = make_learner(on(spec, "cuda"));
  auto r_cpu = engines({7}), r_gpu = engines({7});
  const FitReport fc = cpu->fit(set, r_cpu[0]), fg = gpu->fit(set, r_gpu[0]);
  CHECK(relative_difference(flat_parameters(*gpu), flat_parameters(*cpu)) < tolerance);
  CHECK(fg.steps == fc.steps);
  CHECK(fg.train_loss == Approx(fc.train_loss).epsilon(10 * tolerance));
  CHECK(fg.privacy.epsilon == fc.privacy.epsilon);  // the accountant runs on the CPU for both
  CHECK(r_gpu[0]() == r_cpu[0]());                  // both drew the same from the stream
  CHECK(agreement(gpu->predict(set.x, set.n), cpu->predict(set.x, set.n)) >= 0.99);
}

}  // namespace

TEST_CASE("sgd, dp_sgd and gdro train the same logistic and mlp models on cuda as on the cpu from one seed",
          "[learn][cuda]") {
  REQUIRE(torch::cuda::is_available());
  const auto set = grouped(320, 31);  // gdro reads the groups; the others ignore them
  for (const std::string learner : {"sgd", "dp_sgd", "gdro"})
    for (const std::string kind : {"logistic", "mlp"}) {
      INFO(learner << " " << kind);
      check_same_on_both(spec_of(learner, kind), set, 1e-3);
    }
}

TEST_CASE("the cnn trains the same model on cuda as on the cpu from one seed, to TF32 rounding", "[learn][cuda]") {
  REQUIRE(torch::cuda::is_available());
  data::TrainSet images = blobs(128, 28 * 28, 10, 32);
  images.shape = {1, 28, 28};
  LearnerSpec spec = spec_of("sgd", "cnn");
  spec.epochs = 1;
  spec.batch_size = 32;
  spec.learning_rate = 0.05;
  check_same_on_both(spec, images, 2e-2);
}

TEST_CASE("ensemble on cuda equals single cuda learners for sgd, dp_sgd and gdro", "[learn][ensemble][cuda]") {
  REQUIRE(torch::cuda::is_available());
  const auto a = grouped(320, 33), b = grouped(256, 34);
  for (const std::string learner : {"sgd", "dp_sgd", "gdro"}) {
    INFO(learner);
    EnsembleSpec spec;
    spec.learner = on(spec_of(learner, "mlp"), "cuda");
    spec.learner.model.warm_start = true;
    check_matches_single(spec, {&a, &b, &a, &b, &a}, {1, 2, 3, 4, 5}, 2, {}, 1e-3);
    EnsembleLearner e(spec);
    auto rng = engines({1, 2, 3, 4, 5});
    e.fit({&a, &b, &a, &b, &a}, rng);
    CHECK(e.threads_used() == 1);  // one batched computation on the GPU, no CPU shards
  }
}

TEST_CASE("cuda ensemble members with their own privacy budgets equal single cuda learners with those budgets",
          "[learn][ensemble][cuda]") {
  REQUIRE(torch::cuda::is_available());
  const auto a = grouped(320, 35);
  EnsembleSpec spec;
  spec.learner = on(spec_of("dp_sgd", "mlp"), "cuda");
  std::vector<LearnerSpec> members;
  for (double eps : {0.5, 2.0, 8.0}) {
    LearnerSpec m = spec.learner;
    m.privacy.noise_multiplier.reset();
    m.privacy.target_epsilon = eps;
    members.push_back(m);
  }
  check_matches_single(spec, {&a, &a, &a}, {11, 12, 13}, 1, members, 1e-3);
}
