// Issue 15 §6: the platform model's size is known before it is built, settings beyond a float are refused, and
// LibTorch's errors leave the learners as messages naming the [platform] settings.
#include <catch2/catch.hpp>

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <limits>

#include "config/scenario.hpp"
#include "learn/model_limits.hpp"
#include "learn/net.hpp"
#include "learn/torch_errors.hpp"

using namespace aca;
using namespace aca::learn;

TEST_CASE("the parameter count from the architecture equals the built model's", "[learn][limits]") {
  at::Generator gen = at::detail::createCPUGenerator(1);
  struct Case {
    std::string kind;
    std::vector<std::int64_t> hidden, shape;
    std::int64_t d;
    int classes;
  };
  const Case cases[] = {
      {"logistic", {}, {}, 10, 2},       {"logistic", {}, {}, 7, 5},        {"mlp", {32}, {}, 10, 3},
      {"mlp", {16, 8, 4}, {}, 12, 2},    {"linear", {}, {}, 9, 2},          {"cnn", {}, {1, 28, 28}, 784, 10},
      {"cnn", {}, {3, 8, 12}, 288, 4},
  };
  for (const auto& c : cases) {
    INFO(c.kind << " d = " << c.d);
    ModelSpec spec;
    spec.kind = c.kind;
    spec.hidden = c.hidden;
    CHECK(model_parameter_count(spec, c.shape, c.d, c.classes) ==
          static_cast<double>(make_net(spec, c.shape, c.d, c.classes, gen).parameter_count()));
  }
  ModelSpec huge;
  huge.kind = "mlp";
  huge.hidden = {1000000, 1000000};
  CHECK(model_parameter_count(huge, {}, 10, 2) == Approx(1e12 + 1.3e7).epsilon(1e-3));  // counted, never built
}

TEST_CASE("a model above the parameter limit or a setting beyond a float is refused at its key", "[learn][limits]") {
  data::TrainSet train;
  train.d = 10;
  train.num_classes = 2;
  const auto diagnostics = [&](const std::string& platform, std::int64_t limit) {
    const config::Scenario s = config::parse_scenario("[[collective]]\n[platform]\n" + platform, "test.toml");
    try {
      check_model_limits(s.root().sub("platform"), train, limit);
    } catch (const config::ScenarioError& e) {
      return e.diagnostics().items();
    }
    return std::vector<config::Diagnostic>{};
  };
  const auto mlp = diagnostics("[platform.model]\nkind = \"mlp\"\nhidden = [100, 100]\n", 11401);
  REQUIRE(mlp.size() == 1);
  CHECK(mlp[0].key == "platform.model.hidden");
  CHECK_THAT(mlp[0].message, Catch::Contains("11402 parameters") && Catch::Contains("limits.model_parameters"));
  CHECK(diagnostics("[platform.model]\nkind = \"mlp\"\nhidden = [100, 100]\n", 11402).empty());
  CHECK(diagnostics("learner = \"bayes_optimal\"\n[platform.model]\nkind = \"mlp\"\nhidden = [1000000]\n", 1).empty());
  const auto floats = diagnostics("learning_rate = 1e39\nweight_decay = 1e39\n", 100);
  REQUIRE(floats.size() == 2);
  CHECK(floats[0].key == "platform.learning_rate");
  CHECK(floats[1].key == "platform.weight_decay");
  const auto noise = diagnostics("learner = \"dp_sgd\"\n[platform.privacy]\nnoise_multiplier = 1e20\nclip = 1e20\n", 100);
  REQUIRE(noise.size() == 1);
  CHECK_THAT(noise[0].message, Catch::Contains("standard deviation"));
}

TEST_CASE("LibTorch's errors and exhausted memory become messages naming the platform settings", "[learn][limits]") {
  LearnerSpec spec;
  spec.model.kind = "mlp";
  spec.model.hidden = {64};
  const auto message = [&](auto&& f) -> std::string {
    try {
      with_torch_errors(spec, "training", f);
    } catch (const std::runtime_error& e) {
      return e.what();
    }
    return "";
  };
  const std::string torch = message([] { return at::ones({2, 3}).matmul(at::ones({2, 3})); });
  CHECK_THAT(torch, Catch::StartsWith("training the platform model failed (") && Catch::Contains("hidden = [64]"));
  CHECK_THAT(torch, !Catch::Contains("Exception raised from") && !Catch::Contains("frame #"));
  CHECK_THAT(message([]() -> int { throw std::bad_alloc(); }), Catch::Contains("ran out of memory"));
  CHECK(is_out_of_memory("DefaultCPUAllocator: can't allocate memory: you tried to allocate 8000000000000 bytes."));
  CHECK_NOTHROW(check_converged(spec, 0.5));
  CHECK_THROWS_WITH(check_converged(spec, std::numeric_limits<double>::quiet_NaN()),
                    Catch::Contains("diverged") && Catch::Contains("platform.learning_rate"));
}
