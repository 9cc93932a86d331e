// The plan stage (sim::plan_run, which validate, run, sweep and fork share) refuses a scenario whose mistakes only
// the built world reveals, all of them at once, each at its key (issue 15 §5).
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "config/scenario.hpp"
#include "sim/run_context.hpp"

using namespace aca;

namespace {

const std::string small = "[simulation]\nrounds = 2\n[population]\nsize = 100\n[data]\nsource = \"gaussian_mixture\"\n"
                          "test_size = 100\n[data.gaussian_mixture]\ndim = 4\n";

// The keys of the diagnostics plan_run throws for `text` (empty when it plans).
std::set<std::string> refused_keys(const std::string& text, std::string* message = nullptr) {
  const config::Scenario s = config::parse_scenario(text, "plan.toml");
  try {
    sim::plan_run(s);
  } catch (const config::ScenarioError& e) {
    std::set<std::string> keys;
    for (const auto& d : e.diagnostics().items()) {
      CHECK(d.file == "plan.toml");
      // A key the scenario writes is located at its line (defaults and the missing [[collective]] have none).
      if (text.find(d.key.substr(d.key.rfind('.') + 1) + " = ") != std::string::npos) CHECK(d.line > 0);
      keys.insert(d.key);
    }
    if (message) *message = e.diagnostics().format();
    return keys;
  }
  return {};
}

}  // namespace

TEST_CASE("plan_run accepts a small valid scenario", "[plan]") {
  CHECK(refused_keys(small + "[[collective]]\ntarget = 1\n[collective.signal]\nkind = \"feature_set\"\n"
                             "features = [0]\nvalues = [3.0]\n").empty());
}

TEST_CASE("plan_run reports every problem the built world reveals at once, each at its key", "[plan]") {
  std::string message;
  const auto keys = refused_keys(small + "[decision]\nexpectations = \"rational\"\n[[collective]]\n[collective.signal]\n"
                                         "kind = \"feature_set\"\nfeatures = [0]\nvalues = [1.0]\n[platform]\n"
                                         "learner = \"gdro\"\n[platform.model]\nkind = \"cnn\"\n",
                                 &message);
  CHECK(keys == std::set<std::string>{"decision.expectations", "platform.model.kind", "platform.gdro.groups"});
  for (const char* internal : {"RoundInput", "TrainSet", "convex_theta", "std::"})
    CHECK_THAT(message, !Catch::Contains(internal));
}

TEST_CASE("plan_run locates a signal that does not fit the data at the signal's key", "[plan]") {
  CHECK(refused_keys(small + "[[collective]]\n[collective.signal]\nkind = \"feature_set\"\nfeatures = [4]\nvalues = [1.0]\n") ==
        std::set<std::string>{"collective[0].signal.features"});
  CHECK(refused_keys(small + "[[collective]]\n[collective.signal]\nkind = \"patch\"\n") ==
        std::set<std::string>{"collective[0].signal.kind"});
}

TEST_CASE("plan_run refuses a target epsilon no noise reaches and prv on full batches", "[plan]") {
  const std::string one = "[[collective]]\n";
  CHECK(refused_keys(small + one + "[platform]\nlearner = \"dp_sgd\"\n[platform.privacy]\ntarget_epsilon = 1e-9\n") ==
        std::set<std::string>{"platform.privacy.target_epsilon"});
  CHECK(refused_keys(small + one + "[platform]\nlearner = \"dp_sgd\"\nbatch_size = 100\n[platform.privacy]\n"
                                   "noise_multiplier = 1.0\naccountant = \"prv\"\n") ==
        std::set<std::string>{"platform.privacy.accountant"});
  // A reachable target and prv on sampled batches plan.
  CHECK(refused_keys(small + one + "[platform]\nlearner = \"dp_sgd\"\nbatch_size = 10\n[platform.privacy]\n"
                                   "target_epsilon = 2.0\naccountant = \"prv\"\n").empty());
}

TEST_CASE("plan_run refuses a scenario without collectives instead of running the defaults", "[plan]") {
  CHECK(refused_keys(small).count("collective") == 1);
}

TEST_CASE("plan_run refuses a collective named platform, the name of metrics.csv's platform-wide rows", "[plan]") {
  std::string message;
  const std::string signal = "[collective.signal]\nkind = \"feature_set\"\nfeatures = [0]\nvalues = [3.0]\n";
  CHECK(refused_keys(small + "[[collective]]\nname = \"platform\"\n" + signal, &message) ==
        std::set<std::string>{"collective[0].name"});
  CHECK_THAT(message, Catch::Contains("reserved") && Catch::Contains("choose another name"));
  CHECK(refused_keys(small + "[[collective]]\nname = \"platforms\"\n" + signal).empty());
}
