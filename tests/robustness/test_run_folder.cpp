// Issue 15 §2: a run folder is a transaction. A folder in use by another acasim process, a complete run that would
// be replaced, a run that is not finished, and a path that cannot be a folder are refused with exit 2, naming the
// folder (and the holder, the status, or what to do); stale temporaries are never read and are removed by the next
// run.
#include "robustness/robustness.hpp"

#include "support/slurp.hpp"

#include <set>

#include "run_folder/folder_lock.hpp"

namespace fs = std::filesystem;
using aca::robustness::BadInput;
using aca::robustness::check_case;
using aca::robustness::fixtures;
using aca::robustness::Scratch;

namespace {

// Theory mode, 300 agents, 5 rounds: a run takes a fraction of a second.
const std::string small = fixtures + "scenarios/sweep_small.toml";

// `acasim run` of the small scenario into `out` with `extra` options; the run must succeed.
void run_small(const std::string& out, const std::string& extra = "") {
  const ProcessResult r = run_acasim("run " + small + " --quiet --out " + out + " " + extra);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
}

// `dir`'s manifest.json with its status replaced.
void set_status(const fs::path& dir, const std::string& status) {
  std::string m = slurp(dir / "manifest.json");
  const std::string from = "\"status\": \"";
  const auto at = m.find(from) + from.size();
  m.replace(at, m.find('"', at) - at, status);
  std::ofstream(dir / "manifest.json", std::ios::binary) << m;
}

std::set<std::string> listing(const fs::path& dir) {
  std::set<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) out.insert(fs::relative(e.path(), dir).string());
  return out;
}

}  // namespace

TEST_CASE("a folder another acasim process holds is refused to run, resume, fork, sweep, analyze and report with "
          "exit 2 naming the folder and the holder", "[robustness][run_folder]") {
  const Scratch tmp("folder_busy");
  const std::string base = tmp / "base", busy = tmp / "busy";
  run_small(base, "--checkpoint-every 1 --stop-after 1");
  run_small(busy);
  // This test process is the other process: it holds the folders as a running acasim would.
  const aca::run_folder::FolderLock hold_busy(busy, "acasim run held-by-the-test.toml");
  const std::string holder = "pid " + std::to_string(static_cast<long>(::getpid())) + " on host ";
  const std::string in_use = busy + " is in use by another acasim process";
  const std::string manifest = slurp(fs::path(busy) / "manifest.json");
  const BadInput cases[] = {
      {"run into a busy folder", "run " + small + " --out " + busy + " --overwrite", 2,
       {in_use, holder, "acasim run held-by-the-test.toml", "wait for it to finish or choose another folder"}},
      {"resume into a busy folder", "run --resume " + base + " --out " + busy + " --overwrite", 2, {in_use, holder}},
      {"fork into a busy folder", "fork " + base + " --round 0 --out " + busy, 2, {in_use, holder}},
      {"sweep into a busy folder", "sweep " + small + " --out " + busy, 2, {in_use, holder}},
      {"analyze a busy folder", "analyze " + busy, 2, {in_use, holder}},
      {"report on a busy folder", "report " + busy, 2, {in_use, holder}},
      {"report into a busy report folder", "report " + base + " --out " + busy, 2, {in_use}},
  };
  for (const auto& c : cases) check_case(c);
  CHECK(slurp(fs::path(busy) / "manifest.json") == manifest);  // untouched
}

TEST_CASE("a fork or resume from a run folder another process is writing is refused with exit 2",
          "[robustness][run_folder]") {
  const Scratch tmp("folder_base_busy");
  const std::string base = tmp / "base";
  run_small(base, "--checkpoint-every 1 --stop-after 1");
  const aca::run_folder::FolderLock hold(base, "acasim run held-by-the-test.toml");
  const BadInput cases[] = {
      {"fork of a base being written", "fork " + base + " --round 0 --out " + (tmp / "fork"), 2,
       {base + " is in use by another acasim process"}},
      {"resume in place of a folder being written", "run --resume " + base, 2,
       {base + " is in use by another acasim process"}},
  };
  for (const auto& c : cases) check_case(c);
  CHECK_FALSE(fs::exists(tmp.path() / "fork" / "metrics.csv"));
}

TEST_CASE("a folder holding a run that is not complete is refused by analyze and report with exit 2 naming the "
          "folder and its status", "[robustness][run_folder]") {
  const Scratch tmp("folder_unfinished");
  const std::string stopped = tmp / "stopped", failed = tmp / "failed", killed = tmp / "killed",
                    bare = tmp / "bare";
  run_small(stopped, "--checkpoint-every 1 --stop-after 1");
  run_small(failed);
  set_status(failed, "failed");
  run_small(killed);
  set_status(killed, "running");  // what a killed run leaves: "running", and nobody holds the folder
  run_small(bare);
  fs::remove(fs::path(bare) / "manifest.json");
  const BadInput cases[] = {
      {"analyze a stopped run", "analyze " + stopped, 2,
       {stopped + " holds a run that is not complete (status \"stopped\")", "acasim run --resume " + stopped}},
      {"report on a stopped run", "report " + stopped, 2, {stopped + " holds a run that is not complete (status \"stopped\")"}},
      {"analyze a failed run", "analyze " + failed, 2,
       {failed + " holds a run that is not complete (status \"failed\")", "run it again"}},
      {"report on a failed run", "report " + failed, 2, {failed + " holds a run that is not complete (status \"failed\")"}},
      {"analyze an interrupted run", "analyze " + killed, 2,
       {killed + " holds a run that is not complete (status \"running\")", "interrupted"}},
      {"analyze a run without a manifest", "analyze " + bare, 2,
       {bare + " holds a run that is not complete (status \"none\")", "manifest.json is missing"}},
  };
  for (const auto& c : cases) check_case(c);
  CHECK_FALSE(fs::exists(fs::path(stopped) / "analysis"));
  CHECK_FALSE(fs::exists(fs::path(stopped) / "report"));
}

TEST_CASE("a complete run is not replaced without --overwrite, and an --out that cannot be a folder is refused, "
          "each with exit 2", "[robustness][run_folder]") {
  const Scratch tmp("folder_refused");
  const std::string done = tmp / "done";
  run_small(done, "--checkpoint-every 2");
  const std::string before = slurp(fs::path(done) / "metrics.csv"), manifest = slurp(fs::path(done) / "manifest.json");
  const std::string file = tmp.write("plain.txt", "a file");
  const BadInput cases[] = {
      {"run into a complete run", "run " + small + " --out " + done + " --seed 9", 2,
       {done + " already holds a complete run", "give --overwrite to replace it, or choose another --out"}},
      {"resume of a complete run", "run --resume " + done, 2, {done + " already holds a complete run", "--overwrite"}},
      {"--out is a regular file", "run " + small + " --out " + file, 2, {file + " is a file, not a folder"}},
      {"--out is /dev/null", "run " + small + " --out /dev/null", 2, {"/dev/null is a file, not a folder"}},
      {"--out in a place nobody can write", "run " + small + " --out /proc/acasim", 2,
       {"cannot create the folder /proc/acasim"}},
      {"sweep --out is a regular file", "sweep " + small + " --out " + file, 2, {file + " is a file, not a folder"}},
      {"report --out is a regular file", "report " + done + " --out " + file, 2, {file + " is a file, not a folder"}},
  };
  for (const auto& c : cases) check_case(c);
  CHECK(slurp(fs::path(done) / "metrics.csv") == before);
  CHECK(slurp(fs::path(done) / "manifest.json") == manifest);
  CHECK(slurp(file) == "a file");
}

TEST_CASE("with --overwrite a complete run is replaced and the folder then holds only the new run's files",
          "[robustness][run_folder]") {
  const Scratch tmp("folder_overwrite");
  const fs::path out = tmp.path() / "out";
  run_small(out.string(), "--checkpoint-every 2");
  REQUIRE(run_acasim("analyze " + out.string() + " --resamples 20").exit_code == 0);
  const std::string old_metrics = slurp(out / "metrics.csv");
  // What a killed writer and an older run leave, and a file of the user's own.
  tmp.write("out/equilibria.csv", "collective,alpha,slope,stability,tipping_point\na,0.123,0,stable,false\n");
  tmp.write("out/constructiveness.csv", "collective,other,success_with_other,success_alone,constructiveness,relative\n");
  tmp.write("out/participation_map_joint.csv", "alpha_1,alpha_2,next_alpha_1,next_alpha_2,basin\n");
  tmp.write("out/metrics.csv.4242-ab-cd.partial", "round,collective\n0,a");
  tmp.write("out/report/report.md", "# an old report");
  tmp.write("out/notes.txt", "mine");
  REQUIRE(fs::exists(out / "checkpoints" / "round-1"));

  const ProcessResult r = run_acasim("run " + small + " --quiet --out " + out.string() + " --overwrite --seed 9");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(listing(out) == std::set<std::string>{".acasim.lock", "equilibria.csv", "manifest.json", "metrics.csv",
                                              "notes.txt", "participation_map.csv", "scenario.resolved.toml",
                                              "summary.json"});
  CHECK_THAT(slurp(out / "equilibria.csv"), !Catch::Contains("0.123"));
  CHECK(slurp(out / "notes.txt") == "mine");
  const std::string manifest = slurp(out / "manifest.json");
  CHECK_THAT(manifest, Catch::Contains("\"status\": \"complete\""));
  CHECK_THAT(manifest, Catch::Contains("\"seed\": 9"));
  CHECK_THAT(slurp(out / "scenario.resolved.toml"), Catch::Contains("seed = 9"));
  CHECK(slurp(out / "metrics.csv") != old_metrics);
  CHECK(slurp(out / ".acasim.lock").empty());  // nobody holds it any more
}

TEST_CASE("stale temporaries of a killed writer are never read and the next run removes them",
          "[robustness][run_folder]") {
  const Scratch tmp("folder_partial");
  const fs::path out = tmp.path() / "out";
  run_small(out.string());
  const std::string metrics = slurp(out / "metrics.csv");
  tmp.write("out/metrics.csv.4242-ab-cd.partial", "round,collective,metric,value,source\n0,a,alpha,NOT A NUMBER");
  tmp.write("out/summary.json.4242-ab-ce.partial", "{\"format_version\": 2, \"rou");
  tmp.write("out/manifest.json.4242-ab-cf.partial", "{\"status\": \"complete\", \"mode\": \"other\"}");
  const ProcessResult a = run_acasim("analyze " + out.string() + " --resamples 20");
  INFO(a.output);
  REQUIRE(a.exit_code == 0);
  CHECK_THAT(a.output, Catch::Contains("run with 1 run(s), mode theory"));
  CHECK_THAT(slurp(out / "analysis" / "runs.csv"), Catch::Contains(",complete,theory,"));
  const ProcessResult r = run_acasim("run " + small + " --quiet --out " + out.string() + " --overwrite");
  REQUIRE(r.exit_code == 0);
  for (const auto& e : fs::directory_iterator(out)) CHECK(e.path().extension() != ".partial");
  CHECK(slurp(out / "metrics.csv") == metrics);  // same scenario and seed: the same run again
}

TEST_CASE("a stopped run resumes in its own folder (checkpoints kept) to the uninterrupted run's results",
          "[robustness][run_folder]") {
  const Scratch tmp("folder_resume");
  const fs::path full = tmp.path() / "full", part = tmp.path() / "part";
  run_small(full.string());
  run_small(part.string(), "--checkpoint-every 1 --stop-after 2");
  CHECK_THAT(slurp(part / "manifest.json"), Catch::Contains("\"status\": \"stopped\""));
  const ProcessResult r = run_acasim("run --resume " + part.string() + " --quiet");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(slurp(part / "manifest.json"), Catch::Contains("\"status\": \"complete\""));
  CHECK(slurp(part / "metrics.csv") == slurp(full / "metrics.csv"));
  CHECK(slurp(part / "summary.json") == slurp(full / "summary.json"));
  CHECK(fs::exists(part / "checkpoints" / "round-2" / "state.bin"));
}

TEST_CASE("a run that ends with an error leaves status failed, and analyze and report refuse it with exit 2",
          "[robustness][run_folder]") {
  const Scratch tmp("folder_failed_run");
  const fs::path base = tmp.path() / "base", out = tmp.path() / "resumed";
  run_small(base.string(), "--checkpoint-every 1 --stop-after 1");
  std::ofstream(base / "checkpoints" / "round-1" / "state.bin", std::ios::trunc);  // emptied: cannot be restored
  const ProcessResult r = run_acasim("run --resume " + (base / "checkpoints" / "round-1").string() + " --quiet --out " +
                                     out.string());
  INFO(r.output);
  CHECK(r.exit_code == 1);
  CHECK_THAT(slurp(out / "manifest.json"), Catch::Contains("\"status\": \"failed\""));
  CHECK_FALSE(fs::exists(out / "metrics.csv"));
  const BadInput cases[] = {
      {"analyze a run that failed", "analyze " + out.string(), 2,
       {out.string() + " holds a run that is not complete (status \"failed\")"}},
      {"report on a run that failed", "report " + out.string(), 2,
       {out.string() + " holds a run that is not complete (status \"failed\")"}},
  };
  for (const auto& c : cases) check_case(c);
}
