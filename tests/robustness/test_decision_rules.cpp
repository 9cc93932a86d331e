// Issue 15 §7: every decision rule runs wherever validate accepts it. The imitation rule, which has no mean-field
// participation map, used to abort curve-mode runs (terminate called … logic_error, exit 134, no summary).
#include "robustness/robustness.hpp"

#include "support/slurp.hpp"

namespace fs = std::filesystem;
using aca::robustness::BadInput;
using aca::robustness::check_case;
using aca::robustness::Scratch;
using aca::robustness::scenarios;

TEST_CASE("the imitation rule completes a run in every mode and writes its summary and manifest", "[robustness]") {
  const Scratch tmp("rules_imitation");
  // Learned, theory (complete and small-world network), the joint response curve of two collectives and the joint
  // surface of three.
  const char* shipped[] = {"quickstart.toml", "theory_tipping.toml", "network_cascade.toml", "two_collectives.toml",
                           "three_collectives.toml"};
  for (const char* s : shipped) {
    const std::string out = tmp / s;
    const std::string args = "run " + scenarios + s + " --set decision.rule=imitation --set simulation.rounds=2 "
                             "--set response_curve.replicates=1 --out " + out;
    const auto r = check_case({std::string("imitation in ") + s, args, 0, {"outputs: " + out}});
    const std::string summary = slurp(out + "/summary.json"), manifest = slurp(out + "/manifest.json");
    CHECK_THAT(summary, Catch::Contains("\"rounds\": 2"));
    CHECK_THAT(manifest, Catch::Contains("\"status\": \"complete\""));
    // No mean-field map, so no equilibria are claimed (none computed from a map the rule does not have).
    CHECK_FALSE(fs::exists(out + "/equilibria.csv"));
    CHECK_FALSE(fs::exists(out + "/equilibria_joint.csv"));
    // ... and the curve modes say why, in the console and in summary.json's warnings.
    if (std::string(s) != "quickstart.toml") {
      CHECK_THAT(r.output, Catch::Contains("has no mean-field participation map"));
      CHECK_THAT(summary, Catch::Contains("no_mean_field_map"));
    }
  }
}

TEST_CASE("a decision setup validate refuses is refused by run too, before anything is written", "[robustness]") {
  const Scratch tmp("rules_refused");
  const std::string q = scenarios + "theory_tipping.toml";
  const BadInput cases[] = {
      {"rational expectations with imitation", "run " + q + " --set decision.rule=imitation --set "
                                                            "decision.expectations=rational --out " + (tmp / "out"),
       2, {"decision.expectations", "rule = \"logit\" or \"best_response\""}},
      {"rational expectations with threshold", "validate " + q + " --set decision.rule=threshold --set "
                                                                 "decision.expectations=rational",
       2, {"decision.expectations"}},
      {"an unknown rule", "validate " + q + " --set decision.rule=imitate", 2, {"decision.rule", "imitation"}},
  };
  for (const auto& c : cases) check_case(c);
  CHECK_FALSE(fs::exists(tmp.path() / "out"));
}
