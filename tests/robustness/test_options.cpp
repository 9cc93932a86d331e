// Issue 15 §10: an option or --set value the command cannot honour exits 2 naming the option and its allowed range,
// before anything is written.
#include "robustness/robustness.hpp"

namespace fs = std::filesystem;
using aca::robustness::BadInput;
using aca::robustness::check_case;
using aca::robustness::Scratch;
using aca::robustness::scenarios;

TEST_CASE("an option value out of its range or a missing folder exits 2 naming the option or folder", "[robustness]") {
  const Scratch tmp("options");
  const std::string q = scenarios + "quickstart.toml";
  const std::string missing = tmp / "missing";
  const std::string out = " --out " + (tmp / "out");
  const BadInput cases[] = {
      {"negative seed", "run " + q + " --seed -1" + out, 2,
       {"--seed = -1 is out of range: allowed 0 ≤ value ≤ 9007199254740992"}},
      {"seed above the largest exact double", "run " + q + " --seed 9007199254740993" + out, 2,
       {"--seed = 9007199254740993 is out of range"}},
      {"negative --stop-after", "run " + q + " --stop-after -1" + out, 2, {"--stop-after = -1 is out of range: allowed 0 ≤ value"}},
      {"negative --checkpoint-every", "run " + q + " --checkpoint-every -3" + out, 2, {"--checkpoint-every = -3 is out of range"}},
      {"negative --jobs", "sweep " + q + " --jobs -1" + out, 2, {"--jobs = -1 is out of range: allowed 0 ≤ value ≤ 4096"}},
      {"--level above 1", "analyze " + missing + " --level 2", 2, {"--level = 2 is out of range: allowed 0 < value < 1"}},
      {"--level 0", "analyze " + missing + " --level 0", 2, {"--level = 0 is out of range"}},
      {"--resamples 0", "analyze " + missing + " --resamples 0", 2,
       {"--resamples = 0 is out of range: allowed 2 ≤ value ≤ 10000000"}},
      {"negative --resamples", "analyze " + missing + " --resamples -1", 2, {"--resamples = -1 is out of range"}},
      {"negative report seed", "report " + missing + " --seed -4" + out, 2, {"--seed = -4 is out of range"}},
      {"negative fork round", "fork " + missing + " --round -2" + out, 2, {"--round = -2 is out of range: allowed 0 ≤ value"}},
      {"analyze a missing folder", "analyze " + missing, 2, {missing + ": no such folder"}},
      {"report a missing folder", "report " + missing + out, 2, {missing + ": no such folder"}},
      {"a number that is not one", "run " + q + " --seed 12abc" + out, 2, {"--seed"}},
      {"an unknown option", "run " + q + " --sead 3" + out, 2, {"--sead"}},
      {"an unknown command", "frobnicate", 2, {"frobnicate"}},
  };
  for (const auto& c : cases) {
    check_case(c);
    CHECK_FALSE(fs::exists(tmp.path() / "out"));  // refused before anything was written
  }
}

TEST_CASE("a --set the scenario cannot take exits 2 naming the key as the user wrote it", "[robustness]") {
  const Scratch tmp("set_values");
  const std::string q = scenarios + "quickstart.toml";
  const std::string two = scenarios + "two_collectives.toml";
  const BadInput cases[] = {
      {"--set without '='", "validate " + q + " --set simulation.rounds", 2, {"simulation.rounds"}},
      {"--set of an unknown key", "validate " + q + " --set simulation.rouns=3", 2,
       {"simulation.rouns", "did you mean `simulation.rounds`"}},
      {"--set of the wrong type", "validate " + q + " --set simulation.rounds=many", 2, {"simulation.rounds"}},
      {"--set out of range", "validate " + q + " --set analysis.target_success=1.5", 2,
       {"analysis.target_success", "allowed 0 ≤ value ≤ 1"}},
      {"--set collective index too long for a number", "validate " + two + " --set collective.99999999999999999999.name=x",
       2, {"99999999999999999999", "out of range"}},
      {"--set value with a line break", "validate " + q + " --set \"$(printf 'simulation.rounds=3\\n4')\"", 2, {"simulation.rounds"}},
  };
  for (const auto& c : cases) check_case(c);
}
