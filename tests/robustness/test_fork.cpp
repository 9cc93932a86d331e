// Issue 15 §4: a fork refuses, with exit 2 naming the key or folder, what it cannot honour — a round without a
// checkpoint, an --out equal to or inside its base, a key that defines the simulated world, rounds that leave
// nothing after the fork round — before anything is written, and its manifest reruns the fork itself.
#include "robustness/robustness.hpp"

#include <sstream>

namespace fs = std::filesystem;
using aca::robustness::BadInput;
using aca::robustness::check_case;
using aca::robustness::Scratch;
using aca::robustness::scenarios;

namespace {

// A small learned run of 6 rounds with checkpoints after rounds 1, 3 and 5.
std::string make_base(const Scratch& tmp) {
  const std::string base = tmp / "base";
  const ProcessResult r = run_acasim("run " + scenarios + "quickstart.toml --out " + base +
                                     " -q --checkpoint-every 2 --set simulation.rounds=6 --set population.size=300"
                                     " --set data.test_size=200 --set platform.epochs=1"
                                     " --set 'simulation.stop_when=\"never\"'");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  return base;
}

// The manifest's "rerun" string, unescaped.
std::string rerun_of(const fs::path& manifest) {
  const std::string m = slurp(manifest);
  const std::string tag = "\"rerun\": \"";
  std::size_t i = m.find(tag);
  REQUIRE(i != std::string::npos);
  std::string out;
  for (i += tag.size(); i < m.size() && m[i] != '"'; ++i) {
    if (m[i] == '\\') ++i;
    out += m[i];
  }
  return out;
}

}  // namespace

TEST_CASE("a fork it cannot honour exits 2 naming the key, round or folder, and writes nothing",
          "[robustness][fork]") {
  const Scratch tmp("fork");
  const std::string base = make_base(tmp);
  const std::string out = tmp / "fork";
  const std::string fork3 = "fork " + base + " --round 3 -q --out " + out;
  const std::string frozen = "cannot change in a fork";
  const BadInput cases[] = {
      {"round beyond the last checkpoint", "fork " + base + " --round 9 -q --out " + out, 2,
       {"has no checkpoint of round 9 (checkpoints: 1 3 5)"}},
      {"round between checkpoints", "fork " + base + " --round 2 -q --out " + out, 2,
       {"has no checkpoint of round 2"}},
      {"base folder missing", "fork " + (tmp / "missing") + " --round 1 -q --out " + out, 2,
       {tmp / "missing", "no such folder"}},
      {"--out is the base run folder", "fork " + base + " --round 3 -q --out " + base, 2,
       {"is the base run folder " + base}},
      {"--out inside the base run folder", "fork " + base + " --round 3 -q --out " + base + "/sub", 2,
       {"inside the base run folder"}},
      {"--out inside the base through ..", "fork " + base + " --round 3 -q --out " + base + "/../base/checkpoints", 2,
       {"inside the base run folder"}},
      {"population.size", fork3 + " --set population.size=3000", 2, {"`population.size` " + frozen}},
      {"a data key", fork3 + " --set data.test_size=100", 2, {"`data.test_size` " + frozen}},
      {"a collective key", fork3 + " --set collective.0.target=0", 2, {"`collective.0.target` " + frozen}},
      {"the seed", fork3 + " --set simulation.seed=9", 2, {"`simulation.seed` " + frozen}},
      {"the mode", fork3 + " --set 'simulation.mode=\"theory\"'", 2, {"`simulation.mode` " + frozen}},
      {"initial members (round 0 only)", fork3 + " --set population.initial_members=[5]", 2,
       {"`population.initial_members` " + frozen}},
      {"the network", fork3 + " --set 'population.network.kind=\"erdos_renyi\"'", 2,
       {"`population.network.kind` " + frozen}},
      {"a sweep key", fork3 + " --set sweep.replicates=3", 2, {"`sweep.replicates` " + frozen}},
      {"a frozen key whose value the scenario also rejects", fork3 + " --set population.size=10", 2,
       {"`population.size` " + frozen}},
      {"rounds equal to the fork round", fork3 + " --set simulation.rounds=3", 2,
       {"simulation.rounds = 3 leaves no round after the fork round 3", "N ≥ 5"}},
      {"rounds leaving nothing after the last checkpoint", "fork " + base + " --round 5 -q --out " + out, 2,
       {"simulation.rounds = 6 leaves no round after the fork round 5"}},
      {"stop rule under which the run had already stopped",
       fork3 + " --set simulation.convergence_tolerance=10 --set simulation.convergence_window=2"
               " --set 'simulation.stop_when=\"converged\"'",
       2, {"simulation.stop_when", "had converged from round 1, before the fork round 3"}},
      {"a forkable key out of range", fork3 + " --set decision.temperature=-1", 2, {"decision.temperature"}},
      {"an unknown key", fork3 + " --set platform.lerner=sgd", 2, {"platform.lerner", "platform.learner"}},
  };
  const std::string before = slurp(fs::path(base) / "metrics.csv");
  for (const auto& c : cases) {
    check_case(c);
    CHECK_FALSE(fs::exists(out));
    CHECK_FALSE(fs::exists(fs::path(base) / "sub"));
    CHECK(slurp(fs::path(base) / "metrics.csv") == before);  // the base is never touched
  }
}

TEST_CASE("a fork's manifest records its parent and its rerun line reproduces the fork", "[robustness][fork]") {
  const Scratch tmp("fork_manifest");
  const std::string base = make_base(tmp);
  const std::string out = tmp / "fork";
  const ProcessResult r =
      run_acasim("fork " + base + " --round 3 -q --out " + out + " --set 'platform.learner=\"dp_sgd\"'"
                 " --set platform.privacy.target_epsilon=1 --checkpoint-every 1");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const std::string manifest = slurp(fs::path(out) / "manifest.json");
  CHECK_THAT(manifest, Catch::Contains("\"parent\": {"));
  CHECK_THAT(manifest, Catch::Contains("\"folder\": \"" + fs::weakly_canonical(base).string() + "\""));
  CHECK_THAT(manifest, Catch::Contains("\"fork_round\": 3"));
  const std::string base_manifest = slurp(fs::path(base) / "manifest.json");
  const auto hash_at = base_manifest.find("\"scenario_hash\": ");
  REQUIRE(hash_at != std::string::npos);
  CHECK_THAT(manifest, Catch::Contains(base_manifest.substr(hash_at, base_manifest.find(',', hash_at) - hash_at)));
  const std::string rerun = rerun_of(fs::path(out) / "manifest.json");
  CHECK(rerun.rfind("acasim fork ", 0) == 0);
  CHECK_THAT(rerun, Catch::Contains("--round 3"));
  // A fork resumed from one of its own checkpoints is still that fork: same parent, same rerun line.
  const std::string resumed = tmp / "resumed";
  REQUIRE(run_acasim("run --resume " + out + "/checkpoints/round-4 --out " + resumed + " -q").exit_code == 0);
  const std::string resumed_manifest = slurp(fs::path(resumed) / "manifest.json");
  CHECK_THAT(resumed_manifest, Catch::Contains("\"fork_round\": 3"));
  CHECK(rerun_of(fs::path(resumed) / "manifest.json") == rerun);
  CHECK(slurp(fs::path(resumed) / "metrics.csv") == slurp(fs::path(out) / "metrics.csv"));
  // Rerunning the recorded command into the same folder (moved aside first) gives the same metrics, byte for byte.
  fs::rename(out, tmp / "first");
  const ProcessResult again = run_command(std::string(ACASIM_EXE) + rerun.substr(std::string("acasim").size()) + " -q");
  INFO(again.output);
  REQUIRE(again.exit_code == 0);
  CHECK(slurp(fs::path(out) / "metrics.csv") == slurp(tmp.path() / "first" / "metrics.csv"));
}

TEST_CASE("a fork refuses a checkpoint whose folder names another round, and writes beside a base given as DIR/",
          "[robustness][fork]") {
  const Scratch tmp("fork_folders");
  const std::string base = make_base(tmp);
  const fs::path checkpoints = fs::path(base) / "checkpoints";
  fs::copy(checkpoints / "round-3", checkpoints / "round-4", fs::copy_options::recursive);
  check_case({"checkpoint folder renamed", "fork " + base + " --round 4 -q --out " + (tmp / "fork"), 1,
              {(checkpoints / "round-4" / "checkpoint.txt").string(), "the checkpoint of round 3, not of round 4"}});
  CHECK_FALSE(fs::exists(tmp.path() / "fork"));
  const ProcessResult r = run_acasim("fork " + base + "/ --round 3 -q");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(fs::exists(fs::path(base + "-fork-r3") / "metrics.csv"));
  CHECK_FALSE(fs::exists(fs::path(base) / "-fork-r3"));
}

TEST_CASE("a fork into a folder holding a complete run is refused without --overwrite and replaces it with it",
          "[robustness][fork]") {
  const Scratch tmp("fork_overwrite");
  const std::string base = make_base(tmp);
  const std::string out = tmp / "fork";
  const std::string fork3 = "fork " + base + " --round 3 -q --out " + out;
  REQUIRE(run_acasim(fork3 + " --set decision.temperature=0.5").exit_code == 0);
  const std::string first = slurp(fs::path(out) / "metrics.csv");
  check_case({"fork into a complete run", fork3 + " --set decision.temperature=2", 2, {out, "--overwrite"}});
  CHECK(slurp(fs::path(out) / "metrics.csv") == first);  // the refused fork touched nothing
  const ProcessResult r = run_acasim(fork3 + " --set decision.temperature=2 --overwrite");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(slurp(fs::path(out) / "metrics.csv") != first);
  CHECK_THAT(slurp(fs::path(out) / "manifest.json"), Catch::Contains("decision.temperature=2"));
}
