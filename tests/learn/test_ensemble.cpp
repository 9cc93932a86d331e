// LibTorch first: c10's logging header defines CHECK, which would silently replace Catch's CHECK if it came later.
#include "learn/torch_learner.hpp"
#undef CHECK

#include <catch2/catch.hpp>

#include "config/scenario.hpp"
#include "learn/threads.hpp"
#include "support/ensemble_check.hpp"

using namespace aca;
using namespace aca::learn;
using namespace aca::test;


TEST_CASE("ensemble of 5 sgd members with different seeds equals 5 single sgd learners after 50 steps",
          "[learn][ensemble]") {
  const auto data = blobs(640, 6, 3, 1);  // 5 epochs × ceil(640 / 64) = 50 steps
  for (const std::string kind : {"logistic", "mlp"}) {
    INFO(kind);
    EnsembleSpec spec;
    spec.learner = spec_of("sgd", kind);
    check_matches_single(spec, std::vector<const data::TrainSet*>(5, &data), {11, 12, 13, 14, 15});
  }
}

TEST_CASE("ensemble of 5 dp_sgd members with sigma 1 equals 5 single dp_sgd learners after 50 steps",
          "[learn][ensemble]") {
  // Different data per member (as different collective rewrites give), one of them weighted.
  const auto a = blobs(640, 6, 3, 1), b = blobs(640, 6, 3, 2), c = blobs(640, 6, 3, 3, true);
  for (const std::string kind : {"logistic", "mlp"}) {
    INFO(kind);
    EnsembleSpec spec;
    spec.learner = spec_of("dp_sgd", kind);
    check_matches_single(spec, {&a, &b, &c, &a, &b}, {21, 22, 23, 24, 25});
  }
}

TEST_CASE("ensemble members of different sizes take their own step counts and still equal single learners",
          "[learn][ensemble]") {
  const auto small = blobs(150, 4, 2, 4), mid = blobs(333, 4, 2, 5), big = blobs(700, 4, 2, 6);
  const std::vector<const data::TrainSet*> sets{&small, &big, &mid, &small};
  for (const std::string learner : {"sgd", "dp_sgd"}) {
    INFO(learner);
    EnsembleSpec spec;
    spec.learner = spec_of(learner, "mlp");
    spec.learner.epochs = 2;
    check_matches_single(spec, sets, {31, 32, 33, 34});
  }
}

TEST_CASE("ensemble matches single learners with momentum, weight decay, shuffle sampling and a calibrated sigma",
          "[learn][ensemble]") {
  const auto a = blobs(300, 5, 2, 7), b = blobs(420, 5, 2, 8);
  SECTION("sgd with momentum and weight decay") {
    EnsembleSpec spec;
    spec.learner = spec_of("sgd", "mlp");
    spec.learner.momentum = 0.9;
    spec.learner.weight_decay = 1e-3;
    spec.learner.learning_rate = 0.05;
    check_matches_single(spec, {&a, &b, &a}, {41, 42, 43});
  }
  SECTION("dp_sgd with shuffled batches") {
    EnsembleSpec spec;
    spec.learner = spec_of("dp_sgd", "logistic");
    spec.learner.privacy.sampling = "shuffle";
    check_matches_single(spec, {&a, &b, &a}, {44, 45, 46});
  }
  SECTION("dp_sgd with target epsilon: each member calibrates sigma to its own sample rate") {
    EnsembleSpec spec;
    spec.learner = spec_of("dp_sgd", "mlp");
    spec.learner.privacy.noise_multiplier.reset();
    spec.learner.privacy.target_epsilon = 2.0;
    check_matches_single(spec, {&a, &b}, {47, 48});
  }
}

TEST_CASE("ensemble_size splits the members into groups without changing any member", "[learn][ensemble]") {
  const auto a = blobs(256, 5, 3, 9), b = blobs(200, 5, 3, 10);
  EnsembleSpec spec;
  spec.learner = spec_of("dp_sgd", "mlp");
  spec.max_members = 2;
  check_matches_single(spec, {&a, &b, &a, &b, &a}, {51, 52, 53, 54, 55});
}

TEST_CASE("warm-started ensemble carries weights and privacy accounts over fits like single learners",
          "[learn][ensemble]") {
  const auto a = blobs(256, 5, 2, 11), b = blobs(300, 5, 2, 12);
  EnsembleSpec spec;
  spec.learner = spec_of("dp_sgd", "logistic");
  spec.learner.model.warm_start = true;
  spec.learner.epochs = 2;
  check_matches_single(spec, {&a, &b, &b}, {61, 62, 63}, 3);
  EnsembleLearner ens(spec);
  auto rng = engines({61, 62, 63});
  const double first = ens.fit({&a, &b, &b}, rng)[0].privacy.epsilon;
  CHECK(ens.fit({&a, &b, &b}, rng)[0].privacy.epsilon > first);  // composed, not restarted
}

TEST_CASE("ensemble predictions and logistic theta are the members' own", "[learn][ensemble]") {
  const auto a = blobs(400, 3, 2, 13), test = blobs(300, 3, 2, 14);
  EnsembleSpec spec;
  spec.learner = spec_of("sgd", "logistic");
  EnsembleLearner ens(spec);
  auto rng = engines({71, 72});
  ens.fit({&a, &a}, rng);
  auto single_rng = engines({71, 72});
  for (std::size_t m = 0; m < 2; ++m) {
    auto single = make_learner(spec.learner);
    single->fit(a, single_rng[m]);
    const auto p = ens.predict(m, test), q = single->predict(test);
    std::int64_t differ = 0;
    for (std::size_t i = 0; i < p.size(); ++i) differ += p[i] != q[i];
    CHECK(differ <= 1);  // a row on the decision boundary may flip under rounding, nothing more
    CHECK(group_accuracy(p, test).average > 0.7);
    const auto t1 = ens.convex_theta(m), t2 = single->convex_theta();
    REQUIRE(t1.size() == t2.size());
    for (std::size_t i = 0; i < t1.size(); ++i) CHECK(t1[i] == Approx(t2[i]).epsilon(1e-4).margin(1e-5));
  }
  CHECK_THROWS_AS(ens.predict(2, test), std::out_of_range);
}

TEST_CASE("ensemble rejects unsupported learners, models and mismatched members", "[learn][ensemble]") {
  EnsembleSpec spec;
  spec.learner = spec_of("bayes_optimal", "mlp");
  CHECK_THROWS_AS(EnsembleLearner(spec), std::invalid_argument);
  spec.learner = spec_of("sgd", "cnn");
  CHECK_THROWS_AS(EnsembleLearner(spec), std::invalid_argument);
  spec.learner = spec_of("sgd", "mlp");
  EnsembleLearner ens(spec);
  CHECK_THROWS_AS(ens.predict(0, std::vector<float>(4), 1), std::logic_error);
  const auto a = blobs(100, 4, 2, 1), b = blobs(100, 5, 2, 1);
  auto rng = engines({1, 2});
  CHECK_THROWS_AS(ens.fit({&a, &b}, rng), std::invalid_argument);
  spec.learner = spec_of("gdro", "mlp");
  EnsembleLearner robust(spec);
  CHECK_THROWS_AS(robust.fit({&a, &a}, rng), std::invalid_argument);  // no group ids
  auto one = engines({1});
  CHECK_THROWS_AS(ens.fit({&a, &a}, one), std::invalid_argument);
}

TEST_CASE("ensemble_spec reads [platform] ensemble_size with the learner settings", "[learn][ensemble][config]") {
  const auto sc = config::parse_scenario(R"(
[platform]
learner = "dp_sgd"
ensemble_size = 7
[platform.model]
kind = "mlp"
[platform.privacy]
noise_multiplier = 1.5
)", "s.toml");
  const auto s = ensemble_spec(sc.root().sub("platform"), 1);
  CHECK(s.max_members == 7);
  CHECK(s.learner.learner == "dp_sgd");
  CHECK(*s.learner.privacy.noise_multiplier == 1.5);
  CHECK(ensemble_supports(s.learner));
  const auto d = config::parse_scenario("[platform]\n", "d.toml");
  CHECK(ensemble_spec(d.root().sub("platform")).max_members == 32);
}

TEST_CASE("ensemble with two threads (members spread over threads) equals single learners", "[learn][ensemble]") {
  const auto a = blobs(192, 6, 3, 15), b = blobs(160, 6, 3, 16);
  EnsembleSpec spec;
  spec.learner = spec_of("dp_sgd", "mlp");
  spec.learner.threads = 2;
  spec.learner.epochs = 2;
  check_matches_single(spec, {&a, &b, &a}, {81, 82, 83});
  set_threads(1);  // leave the process as the other tests expect it
}

TEST_CASE("ensemble spread over two threads trains every member as on one thread, gdro weights and warm start "
          "included",
          "[learn][ensemble]") {
  const auto a = grouped(320, 19), b = grouped(256, 20);
  const std::vector<const data::TrainSet*> sets{&a, &b, &a, &b, &a};  // shards of 2 and 3 members
  for (const std::string learner : {"sgd", "dp_sgd", "gdro"}) {
    INFO(learner);
    EnsembleSpec one;
    one.learner = spec_of(learner, "mlp");
    one.learner.model.warm_start = true;
    one.learner.gdro.eta_q = 0.5;
    EnsembleSpec two = one;
    two.learner.threads = 2;
    check_matches_single(two, sets, {1, 2, 3, 4, 5}, 2);
    // Two fits in a row each (the second starts from the first's weights and group weights), on one thread first,
    // then on two: each ensemble sets the process's threads when it is made.
    std::vector<std::vector<FitReport>> reports[2];
    std::vector<std::vector<std::vector<float>>> params[2];
    for (int t = 0; t < 2; ++t) {
      EnsembleLearner e(t == 0 ? one : two);
      auto rng = engines({1, 2, 3, 4, 5});
      for (int fit = 0; fit < 2; ++fit) {
        reports[t].push_back(e.fit(sets, rng));
        CHECK(e.threads_used() == static_cast<std::size_t>(t + 1));
        params[t].emplace_back();
        for (std::size_t m = 0; m < sets.size(); ++m) params[t].back().push_back(e.parameters(m));
      }
    }
    for (int fit = 0; fit < 2; ++fit)
      for (std::size_t m = 0; m < sets.size(); ++m) {
        INFO("fit " << fit << ", member " << m);
        const FitReport &r1 = reports[0][fit][m], &r2 = reports[1][fit][m];
        CHECK(relative_difference(params[1][fit][m], params[0][fit][m]) < 1e-6);
        CHECK(r2.train_loss == Approx(r1.train_loss).epsilon(1e-6));
        CHECK(r2.steps == r1.steps);
        CHECK(r2.privacy.epsilon == r1.privacy.epsilon);
        REQUIRE(r2.group_weights.size() == r1.group_weights.size());
        for (std::size_t k = 0; k < r1.group_weights.size(); ++k)
          CHECK(r2.group_weights[k] == Approx(r1.group_weights[k]).epsilon(1e-6));
      }
  }
  set_threads(1);
}

TEST_CASE("ensemble of 12 members, more than one CPU shard holds, equals single learners on one thread and on two",
          "[learn][ensemble]") {
  const auto a = blobs(192, 6, 3, 21), b = blobs(160, 6, 3, 22);
  std::vector<const data::TrainSet*> sets;
  std::vector<std::uint64_t> seeds;
  for (std::uint64_t m = 0; m < 12; ++m) {
    sets.push_back(m % 2 ? &b : &a);
    seeds.push_back(100 + m);
  }
  for (int threads : {1, 2}) {
    INFO(threads << " thread(s)");
    EnsembleSpec spec;
    spec.learner = spec_of("dp_sgd", "mlp");
    spec.learner.threads = threads;
    spec.learner.epochs = 2;
    check_matches_single(spec, sets, seeds);
  }
  set_threads(1);
}

TEST_CASE("ensemble of gdro members equals single gdro learners, group weights included", "[learn][ensemble]") {
  const auto a = grouped(320, 17), b = grouped(256, 18);
  EnsembleSpec spec;
  spec.learner = spec_of("gdro", "mlp");
  spec.learner.gdro.eta_q = 0.5;
  spec.learner.gdro.adjustment = 1.0;
  spec.learner.model.warm_start = true;
  const std::vector<const data::TrainSet*> sets{&a, &b, &a};
  check_matches_single(spec, sets, {91, 92, 93}, 2);
  EnsembleLearner ens(spec);
  auto rng = engines({91, 92, 93}), single_rng = engines({91, 92, 93});
  const auto reports = ens.fit(sets, rng);
  for (std::size_t m = 0; m < sets.size(); ++m) {
    const auto single = make_learner(spec.learner)->fit(*sets[m], single_rng[m]);
    REQUIRE(reports[m].group_weights.size() == 2);
    CHECK(std::abs(reports[m].group_weights[0] - 0.5) > 0.01);  // the weights did move
    for (std::size_t k = 0; k < 2; ++k) CHECK(reports[m].group_weights[k] == Approx(single.group_weights[k]).epsilon(1e-4));
  }
}

TEST_CASE("ensemble members with their own epochs, batch size, step, momentum, decay, clip and privacy budget equal "
          "single learners with those settings",
          "[learn][ensemble]") {
  const auto a = blobs(640, 6, 3, 1), b = blobs(500, 6, 3, 2);
  for (const std::string kind : {"logistic", "mlp"}) {
    INFO(kind);
    EnsembleSpec spec;
    spec.learner = spec_of("dp_sgd", kind);
    std::vector<LearnerSpec> members(5, spec.learner);
    members[1].privacy.noise_multiplier = 2.0;
    members[1].privacy.clip = 1.5;
    members[2].privacy.noise_multiplier.reset();
    members[2].privacy.target_epsilon = 3.0;  // σ calibrated for this member's own q and steps
    members[2].learning_rate = 0.05;
    members[3].epochs = 2;
    members[3].batch_size = 100;
    members[3].momentum = 0.9;
    members[4].weight_decay = 0.01;
    members[4].privacy.delta = 1e-6;
    members[4].privacy.noise_multiplier = 0.0;
    check_matches_single(spec, {&a, &b, &a, &b, &a}, {21, 22, 23, 24, 25}, 1, members);
  }
  SECTION("gdro members with their own eta_q and adjustment") {
    const auto g = grouped(400, 3);
    EnsembleSpec gspec;
    gspec.learner = spec_of("gdro", "mlp");
    std::vector<LearnerSpec> members(3, gspec.learner);
    members[1].gdro.eta_q = 0.5;
    members[2].gdro.adjustment = 1.0;
    members[2].learning_rate = 0.05;
    check_matches_single(gspec, {&g, &g, &g}, {31, 32, 33}, 1, members);
  }
}

TEST_CASE("ensemble refuses members whose model, learner or sampling differ", "[learn][ensemble]") {
  const auto a = blobs(100, 6, 3, 1);
  EnsembleSpec spec;
  spec.learner = spec_of("sgd", "mlp");
  EnsembleLearner ens(spec);
  auto rng = engines({1, 2});
  std::vector<LearnerSpec> members(2, spec.learner);
  members[1].model.hidden = {8};
  CHECK_THROWS_AS(ens.fit({&a, &a}, rng, members), std::invalid_argument);
  members[1] = spec.learner;
  members[1].learner = "gdro";
  CHECK_THROWS_AS(ens.fit({&a, &a}, rng, members), std::invalid_argument);
  CHECK_THROWS_AS(ens.fit({&a, &a}, rng, std::vector<LearnerSpec>(1, spec.learner)), std::invalid_argument);
  CHECK(ensemble_compatible(spec.learner, members[0]));
  CHECK_FALSE(ensemble_compatible(spec.learner, members[1]));
}
