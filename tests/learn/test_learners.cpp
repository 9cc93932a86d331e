#include <catch2/catch.hpp>

#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <cmath>

#include "config/scenario.hpp"
#include "learn/accountant.hpp"
#include "learn/learner.hpp"
#include "learn/prv_accountant.hpp"

using namespace aca;
using namespace aca::learn;

namespace {

// Two Gaussian blobs in d dimensions, label = which blob; linearly separable with a wide margin.
data::TrainSet blobs(std::int64_t n, std::int64_t d, std::uint64_t seed) {
  auto rng = util::make_stream(seed, util::streams::data);
  boost::random::normal_distribution<float> noise(0.f, 1.f);
  data::TrainSet s;
  s.n = n;
  s.d = d;
  s.num_classes = 2;
  for (std::int64_t i = 0; i < n; ++i) {
    const std::int64_t y = i % 2;
    s.y.push_back(y);
    for (std::int64_t j = 0; j < d; ++j) s.x.push_back(noise(rng) + (j == 0 ? (y ? 3.f : -3.f) : 0.f));
  }
  return s;
}

// A Waterbirds-like problem: a core feature predicts y for everyone (accuracy Φ(2) ≈ 0.98), a spurious feature
// predicts it almost perfectly in the majority group and is reversed in the minority group (5 %).
data::TrainSet spurious(std::int64_t n, std::uint64_t seed) {
  auto rng = util::make_stream(seed, util::streams::data);
  boost::random::normal_distribution<float> noise(0.f, 1.f);
  boost::random::uniform_01<double> u;
  data::TrainSet s;
  s.n = n;
  s.d = 2;
  s.num_classes = 2;
  s.num_groups = 2;
  for (std::int64_t i = 0; i < n; ++i) {
    const std::int64_t y = u(rng) < 0.5;
    const int g = u(rng) < 0.05;
    const float sign = y ? 1.f : -1.f;
    s.y.push_back(y);
    s.group.push_back(g);
    s.x.push_back(sign * 1.0f + 0.5f * noise(rng));                    // core
    s.x.push_back((g ? -sign : sign) * 3.0f + 0.3f * noise(rng));      // spurious
  }
  return s;
}

LearnerSpec base_spec(const std::string& learner) {
  LearnerSpec s;
  s.learner = learner;
  s.threads = 1;
  s.epochs = 3;
  s.batch_size = 64;
  s.learning_rate = 0.1;
  return s;
}

}  // namespace

TEST_CASE("sgd learns separable blobs and the same seed gives the same predictions", "[learn][learner]") {
  const auto train = blobs(1000, 5, 1), test = blobs(1000, 5, 2);
  for (const std::string kind : {"logistic", "mlp"}) {
    INFO(kind);
    auto spec = base_spec("sgd");
    spec.model.kind = kind;
    spec.model.hidden = {16};
    auto a = make_learner(spec), b = make_learner(spec);
    auto r1 = util::make_stream(3, util::streams::learner), r2 = util::make_stream(3, util::streams::learner);
    const auto rep = a->fit(train, r1);
    b->fit(train, r2);
    CHECK(rep.steps == 3 * 16);
    CHECK(rep.train_accuracy.average > 0.97);
    CHECK(group_accuracy(a->predict(test), test).average > 0.97);
    CHECK(a->predict(test) == b->predict(test));
    CHECK_FALSE(a->privacy().is_private);
  }
}

TEST_CASE("convex_theta of a logistic model is the binary logistic model that makes the same predictions", "[learn][learner]") {
  const auto train = blobs(400, 3, 1);
  auto spec = base_spec("sgd");
  auto l = make_learner(spec);
  CHECK_THROWS_AS(l->convex_theta(), std::logic_error);
  auto rng = util::make_stream(1, util::streams::learner);
  l->fit(train, rng);
  const auto theta = l->convex_theta();
  REQUIRE(theta.size() == 4);
  const auto pred = l->predict(train);
  for (std::int64_t i = 0; i < train.n; ++i) {
    double z = theta[3];
    for (int j = 0; j < 3; ++j) z += theta[j] * train.x[i * 3 + j];
    CHECK(pred[i] == (z > 0 ? 1 : 0));
  }
  spec.model.kind = "mlp";
  auto mlp = make_learner(spec);
  mlp->fit(train, rng);
  CHECK_THROWS_AS(mlp->convex_theta(), std::logic_error);
}

TEST_CASE("the CNN trains on 1x28x28 images", "[learn][learner]") {
  data::TrainSet s;
  s.n = 128;
  s.d = 784;
  s.shape = {1, 28, 28};
  s.num_classes = 2;
  auto rng = util::make_stream(4, util::streams::data);
  boost::random::normal_distribution<float> noise(0.f, 0.3f);
  for (std::int64_t i = 0; i < s.n; ++i) {
    const std::int64_t y = i % 2;
    s.y.push_back(y);
    for (int r = 0; r < 28; ++r)
      for (int c = 0; c < 28; ++c) s.x.push_back(noise(rng) + ((y ? r < 14 : c < 14) ? 1.f : 0.f));
  }
  auto spec = base_spec("sgd");
  spec.model.kind = "cnn";
  spec.batch_size = 32;
  spec.epochs = 4;
  auto l = make_learner(spec);
  auto stream = util::make_stream(1, util::streams::learner);
  CHECK(l->fit(s, stream).train_accuracy.average > 0.95);
  spec.learner = "dp_sgd";  // the conv layers' per-example gradients go through unfold
  spec.privacy.noise_multiplier = 0.5;
  spec.epochs = 8;
  auto dp = make_learner(spec);
  const auto rep = dp->fit(s, stream);
  CHECK(rep.train_accuracy.average > 0.9);
  CHECK(rep.privacy.is_private);
  spec.learner = "sgd";
  auto flat = blobs(10, 5, 1);
  auto l2 = make_learner(spec);
  CHECK_THROWS_AS(l2->fit(flat, stream), std::invalid_argument);
}

TEST_CASE("dp_sgd reports the accountant's epsilon for its q, sigma and steps, composed over warm-started fits",
          "[learn][learner][dpsgd]") {
  const auto train = blobs(1000, 5, 1);
  auto spec = base_spec("dp_sgd");
  spec.privacy.noise_multiplier = 1.0;
  spec.privacy.clip = 1.0;
  spec.model.warm_start = true;
  auto l = make_learner(spec);
  auto rng = util::make_stream(1, util::streams::learner);
  const auto r1 = l->fit(train, rng);
  const double q = 64.0 / 1000;
  CHECK(r1.steps == 3 * 16);
  CHECK(r1.privacy.is_private);
  CHECK(r1.privacy.epsilon_holds);
  CHECK(r1.privacy.sample_rate == Approx(q));
  CHECK(r1.privacy.epsilon == Approx(rdp_epsilon(q, 1.0, 48, 1e-5).epsilon));
  CHECK(r1.train_accuracy.average > 0.95);  // the blobs are easy enough to learn through the noise
  const auto r2 = l->fit(train, rng);
  CHECK(r2.privacy.steps == 96);
  CHECK(r2.privacy.epsilon == Approx(rdp_epsilon(q, 1.0, 96, 1e-5).epsilon));

  // The same seed gives the same noisy model; another seed gives another.
  auto twin = make_learner(spec), other = make_learner(spec);
  auto s1 = util::make_stream(1, util::streams::learner), s2 = util::make_stream(1, util::streams::learner);
  auto s3 = util::make_stream(2, util::streams::learner);
  twin->fit(train, s1);
  other->fit(train, s3);
  auto again = make_learner(spec);
  again->fit(train, s2);
  const auto probe = blobs(300, 5, 9);
  CHECK(twin->predict(probe) == again->predict(probe));
  CHECK(twin->convex_theta() == again->convex_theta());
  CHECK(twin->convex_theta() != other->convex_theta());

  spec.model.warm_start = false;  // a refit starts a fresh account
  auto fresh = make_learner(spec);
  fresh->fit(train, rng);
  CHECK(fresh->fit(train, rng).privacy.steps == 48);
}

TEST_CASE("dp_sgd calibrated to a target epsilon spends at most that epsilon", "[learn][learner][dpsgd]") {
  const auto train = blobs(500, 3, 1);
  auto spec = base_spec("dp_sgd");
  spec.privacy.target_epsilon = 2.0;
  auto l = make_learner(spec);
  auto rng = util::make_stream(1, util::streams::learner);
  const auto r = l->fit(train, rng);
  CHECK(r.privacy.epsilon <= 2.0);
  CHECK(r.privacy.epsilon >= 0.99 * 2.0);
}

TEST_CASE("dp_sgd with the prv accountant reports the PRV upper bound, below the RDP epsilon",
          "[learn][learner][dpsgd]") {
  const auto train = blobs(1000, 3, 1);
  auto spec = base_spec("dp_sgd");
  spec.privacy.noise_multiplier = 1.0;
  spec.privacy.accountant = "prv";
  auto l = make_learner(spec);
  auto rng = util::make_stream(1, util::streams::learner);
  const auto r = l->fit(train, rng);
  const double q = 64.0 / 1000;
  CHECK(r.privacy.accountant == "prv");
  CHECK(r.privacy.epsilon == Approx(prv_epsilon({{q, 1.0, 48}}, 1e-5).upper));
  CHECK(r.privacy.epsilon < rdp_epsilon(q, 1.0, 48, 1e-5).epsilon);
}

TEST_CASE("dp_sgd with shuffled fixed batches says its epsilon does not hold", "[learn][learner][dpsgd]") {
  auto spec = base_spec("dp_sgd");
  spec.privacy.noise_multiplier = 1.0;
  spec.privacy.sampling = "shuffle";
  auto l = make_learner(spec);
  auto rng = util::make_stream(1, util::streams::learner);
  CHECK_FALSE(l->fit(blobs(200, 3, 1), rng).privacy.epsilon_holds);
  spec.privacy.target_epsilon = 1.0;  // both σ and ε given
  CHECK_THROWS_AS(make_learner(spec), std::invalid_argument);
}

TEST_CASE("gdro beats sgd on worst-group accuracy when a minority group reverses a spurious feature",
          "[learn][learner][gdro]") {
  const auto train = spurious(4000, 11), test = spurious(4000, 12);
  auto spec = base_spec("sgd");
  spec.epochs = 10;
  spec.batch_size = 128;
  auto sgd = make_learner(spec);
  spec.learner = "gdro";
  spec.gdro.eta_q = 0.1;
  auto gdro = make_learner(spec);
  auto r1 = util::make_stream(1, util::streams::learner), r2 = util::make_stream(1, util::streams::learner);
  sgd->fit(train, r1);
  const auto rep = gdro->fit(train, r2);
  const auto a_sgd = group_accuracy(sgd->predict(test), test);
  const auto a_gdro = group_accuracy(gdro->predict(test), test);
  INFO("sgd worst " << a_sgd.worst_group << " avg " << a_sgd.average << "; gdro worst " << a_gdro.worst_group
                    << " avg " << a_gdro.average);
  CHECK(a_sgd.worst_group < 0.8);   // ERM leans on the spurious feature, which misleads the minority group
  CHECK(a_gdro.worst_group > 0.9);  // GDRO moves to the core feature (alone it is right with probability Φ(2))
  CHECK(a_gdro.worst_group > a_sgd.worst_group + 0.15);
  REQUIRE(rep.group_weights.size() == 2);
  CHECK(rep.group_weights[1] > rep.group_weights[0]);  // the minority group got up-weighted
  CHECK(rep.group_weights[0] + rep.group_weights[1] == Approx(1.0));
  auto no_groups = blobs(100, 3, 1);
  CHECK_THROWS_AS(gdro->fit(no_groups, r2), std::invalid_argument);
}

TEST_CASE("learner_spec reads the [platform] table", "[learn][learner][config]") {
  const auto sc = config::parse_scenario(R"(
[platform]
learner = "dp_sgd"
epochs = 2
batch_size = 128
learning_rate = 0.05
[platform.model]
kind = "mlp"
hidden = [64, 32]
warm_start = true
[platform.privacy]
target_epsilon = 3.0
clip = 0.5
sampling = "shuffle"
[platform.gdro]
eta_q = 0.2
)", "s.toml");
  const auto s = learner_spec(sc.root().sub("platform"), 3);
  CHECK(s.learner == "dp_sgd");
  CHECK(s.epochs == 2);
  CHECK(s.batch_size == 128);
  CHECK(s.learning_rate == 0.05);
  CHECK(s.model.kind == "mlp");
  CHECK(s.model.hidden == std::vector<std::int64_t>{64, 32});
  CHECK(s.model.warm_start);
  CHECK_FALSE(s.privacy.noise_multiplier.has_value());
  CHECK(*s.privacy.target_epsilon == 3.0);
  CHECK(s.privacy.clip == 0.5);
  CHECK(s.privacy.sampling == "shuffle");
  CHECK(s.privacy.delta == 1e-5);
  CHECK(s.gdro.eta_q == 0.2);
  CHECK(s.threads == 3);
}

TEST_CASE("learner_spec reads dp_sgd at target_epsilon = inf as sgd with the same hyperparameters",
          "[learn][learner][config]") {
  const auto sc = config::parse_scenario(R"(
[platform]
learner = "dp_sgd"
epochs = 2
learning_rate = 0.05
[platform.privacy]
target_epsilon = inf
)", "s.toml");
  const auto s = learner_spec(sc.root().sub("platform"), 1);
  CHECK(s.learner == "sgd");
  CHECK(s.epochs == 2);
  CHECK(s.learning_rate == 0.05);
  CHECK(std::isinf(*s.privacy.target_epsilon));
  CHECK(make_learner(s)->name() == "sgd");
}

TEST_CASE("device = cuda without CUDA fails with a clear message", "[learn][learner]") {
  LearnerSpec spec;
  spec.threads = 1;
  spec.device = "cuda";
  try {
    auto l = make_learner(spec);
    SUCCEED("CUDA is available here");
  } catch (const std::runtime_error& e) {
    CHECK_THAT(e.what(), Catch::Contains("CUDA is not available"));
  }
}
