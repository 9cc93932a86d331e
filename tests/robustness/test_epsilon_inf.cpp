// Issue 15 §9: `target_epsilon = inf` is non-private training, valid in a file, a --set and a sweep axis beside
// finite values; -inf, nan and 0 are refused with the allowed range.
#include "robustness/robustness.hpp"

namespace fs = std::filesystem;
using aca::robustness::BadInput;
using aca::robustness::check_case;
using aca::robustness::Scratch;
using aca::robustness::scenarios;

namespace {

// dp_regulation.toml with its base target_epsilon and its sweep replaced.
std::string dp_with(const Scratch& tmp, const std::string& name, const std::string& epsilon, const std::string& sweep) {
  std::string text = slurp(scenarios + "dp_regulation.toml");
  const std::string base = "target_epsilon = 4.0";
  text.replace(text.find(base), base.size(), "target_epsilon = " + epsilon);
  text.erase(text.find("\n[sweep]") + 1);
  return tmp.write(name, text + sweep);
}

const std::string allowed = "allowed 0 < value, or inf";

}  // namespace

TEST_CASE("a target_epsilon that is not a positive number or inf exits 2 naming the key and the allowed range",
          "[robustness]") {
  const Scratch tmp("epsilon_bad");
  const std::string dp = scenarios + "dp_regulation.toml";
  const std::string neg_inf = dp_with(tmp, "neg_inf.toml", "-inf", "");
  const std::string axis_nan =
      dp_with(tmp, "axis_nan.toml", "4.0",
              "[sweep]\ndesign = \"list\"\n[[sweep.axis]]\nkey = \"platform.privacy.target_epsilon\"\nvalues = [inf, nan]\n");
  const BadInput cases[] = {
      {"-inf by --set", "validate " + dp + " --set platform.privacy.target_epsilon=-inf", 2,
       {"`platform.privacy.target_epsilon` = -inf is not allowed: 0 < value, or inf"}},
      {"nan by --set", "validate " + dp + " --set platform.privacy.target_epsilon=nan", 2,
       {"`platform.privacy.target_epsilon` = nan is not allowed: 0 < value, or inf"}},
      {"zero by --set", "validate " + dp + " --set platform.privacy.target_epsilon=0", 2,
       {"`platform.privacy.target_epsilon` = 0 is out of range: " + allowed}},
      {"-inf in the file", "validate " + neg_inf, 2,
       {neg_inf + ":", "`platform.privacy.target_epsilon` = -inf is not allowed"}},
      {"nan beside inf in a sweep axis", "sweep " + axis_nan + " --out " + (tmp / "axis_nan"), 2,
       {"platform.privacy.target_epsilon", "nan is not allowed"}},
      {"inf where no key means it: noise_multiplier",
       "validate " + dp + " --set platform.privacy.noise_multiplier=inf --set platform.privacy.target_epsilon=4", 2,
       {"`platform.privacy.noise_multiplier` = inf is not allowed: 0 < value"}},
      {"inf where no key means it: convergence_tolerance", "validate " + dp + " --set simulation.convergence_tolerance=inf",
       2, {"`simulation.convergence_tolerance` = inf is not allowed: 0 < value"}},
      {"acasim privacy with -inf", "privacy --sample-rate 0.01 --steps 100 --delta 1e-5 --target-epsilon -inf", 2,
       {"--target-epsilon -inf is out of range: allowed ε > 0, or inf"}},
      {"acasim privacy with nan", "privacy --sample-rate 0.01 --steps 100 --delta 1e-5 --target-epsilon nan", 2,
       {"--target-epsilon nan is out of range: allowed ε > 0, or inf"}},
  };
  for (const auto& c : cases) check_case(c);
}

TEST_CASE("target_epsilon = inf is accepted in a file, a --set and `acasim privacy`", "[robustness]") {
  const Scratch tmp("epsilon_inf_ok");
  const std::string in_file = dp_with(tmp, "inf.toml", "inf", "");
  const BadInput cases[] = {
      {"inf in the file", "validate " + in_file, 0, {"ok"}},
      // quickstart has no sweep axis on ε (a --set of a swept key is refused: the axis would override it).
      {"inf by --set", "validate " + scenarios + "quickstart.toml --set 'platform.learner=\"dp_sgd\"'"
                       " --set platform.privacy.target_epsilon=inf", 0, {"ok"}},
      {"acasim privacy calibrates ε = ∞ to no noise",
       "privacy --sample-rate 0.01 --steps 100 --delta 1e-5 --target-epsilon inf", 0,
       {"noise_multiplier = 0", "epsilon = inf", "non-private training"}},
      {"acasim privacy --json writes ε = ∞ as the string \"inf\"",
       "privacy --sample-rate 0.01 --steps 100 --delta 1e-5 --target-epsilon inf --json", 0,
       {"\"epsilon\": \"inf\"", "\"noise_multiplier\": 0", "\"target_epsilon\": \"inf\""}},
  };
  for (const auto& c : cases) check_case(c);
}

TEST_CASE("dp_sgd at target_epsilon = inf trains exactly as sgd with the same hyperparameters", "[robustness]") {
  const Scratch tmp("epsilon_inf_sgd");
  const std::string dp = scenarios + "dp_regulation.toml";
  check_case({"dp_sgd at ε = inf", "run " + dp + " --set platform.privacy.target_epsilon=inf --out " + (tmp / "inf"), 0, {}});
  check_case({"sgd", "run " + dp + " --set platform.learner='\"sgd\"' --out " + (tmp / "sgd"), 0, {}});
  for (const char* file : {"metrics.csv", "response_curve.csv", "equilibria.csv", "summary.json"}) {
    INFO(file);
    const std::string inf = slurp(tmp.path() / "inf" / file);
    CHECK_FALSE(inf.empty());
    CHECK(inf == slurp(tmp.path() / "sgd" / file));
  }
  // Non-private: no privacy block, and no ε row (the agents see ε = ∞: their privacy cost is epsilon_cap's).
  CHECK_THAT(slurp(tmp.path() / "inf" / "summary.json"), !Catch::Contains("\"privacy\""));
  CHECK_THAT(slurp(tmp.path() / "inf" / "metrics.csv"), !Catch::Contains(",epsilon,"));
}

TEST_CASE("inf is a sweep-axis value beside finite ones and tables write it as inf", "[robustness]") {
  const Scratch tmp("epsilon_inf_sweep");
  const std::string file = dp_with(tmp, "sweep.toml", "4.0",
                                   "[sweep]\ndesign = \"list\"\n[[sweep.axis]]\nkey = "
                                   "\"platform.privacy.target_epsilon\"\nvalues = [inf, 4.0]\n");
  check_case({"a sweep over ε = inf and 4", "sweep " + file + " --out " + (tmp / "out"), 0, {"2 points"}});
  const std::string points = slurp(tmp.path() / "out" / "design.csv");
  CHECK_THAT(points, Catch::Contains(",inf\n"));
  CHECK_THAT(points, Catch::Contains(",4.0\n"));
  CHECK_THAT(slurp(tmp.path() / "out" / "results.csv"), Catch::Contains(",inf,workers,"));
}
