#include <catch2/catch.hpp>

#include "support/curve_sources.hpp"

#include <cstdio>

#include "support/slurp.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <sys/wait.h>
#include <unistd.h>

#include "learn/threads.hpp"
#include "sim/sweep.hpp"

namespace fs = std::filesystem;
using namespace aca;

namespace {
const fs::path fixture = fs::path(ACASIM_FIXTURES) / "scenarios" / "sweep_alpha.toml";

fs::path scratch(const std::string& name) {
  const fs::path p = fs::temp_directory_path() / ("acasim_test_sweep_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(p);
  return p;
}

// Every file of every point that the engine writes deterministically (the manifest holds times, so it is left out).
std::map<std::string, std::string> deterministic_files(const fs::path& out) {
  std::map<std::string, std::string> files;
  files["design.csv"] = slurp(out / "design.csv");  // points.csv and panel.csv are the CLI's (SweepOptions::on_complete)
  files["results.csv"] = slurp(out / "results.csv");
  for (const auto& d : fs::directory_iterator(out / "points"))
    for (const char* f : {"metrics.csv", "summary.json", "equilibria.csv", "scenario.resolved.toml"})
      files[d.path().filename().string() + "/" + f] = slurp(d.path() / f);
  return files;
}

long count_lines(const std::string& s) {
  long n = 0;
  for (char c : s) n += c == '\n';
  return n;
}
}  // namespace

TEST_CASE("a sweep gives identical files with one worker and with two", "[sweep][parallel]") {
  const fs::path a = scratch("jobs1"), b = scratch("jobs2");
  sim::SweepOptions o;
  o.out_dir = a;
  o.jobs = 1;
  REQUIRE(sim::run_sweep(fixture, {}, o).jobs == 1);
  o.out_dir = b;
  o.jobs = 2;
  REQUIRE(sim::run_sweep(fixture, {}, o).jobs == 2);
  const auto fa = deterministic_files(a), fb = deterministic_files(b);
  REQUIRE(fa.size() == 2 + 24 * 4);
  REQUIRE(fa == fb);
  // results.csv: header + one row per point (one collective), in design order.
  REQUIRE(count_lines(fa.at("results.csv")) == 25);
  fs::remove_all(a);
  fs::remove_all(b);
}

TEST_CASE("a sweep killed part-way and rerun ends with the uninterrupted sweep's table, recomputing no finished point",
          "[sweep][resume]") {
  const fs::path ref = scratch("uninterrupted"), out = scratch("killed");
  sim::SweepOptions o;
  o.jobs = 2;
  o.out_dir = ref;
  sim::run_sweep(fixture, {}, o);

  // The child process exits abruptly (std::_Exit) after 7 points, as a crash between points would.
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    sim::SweepOptions c = o;
    c.out_dir = out;
    c.abort_after_points = 7;
    // LibTorch rebuilds its thread pool on first use after fork(), and two threads doing so at once can find none
    // ("Invalid thread pool!"): let this thread do it before the sweep's workers start.
    learn::set_threads(1);
    try {
      sim::run_sweep(fixture, {}, c);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "killed sweep: the child's sweep failed before the hook fired: %s\n", e.what());
    } catch (...) {
      std::fprintf(stderr, "killed sweep: the child's sweep failed before the hook fired\n");
    }
    std::_Exit(0);  // not reached when the hook fires
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == sim::abort_exit_code);

  // The streamed table holds whole rows only: every line complete, each with the header's field count.
  const std::string partial = slurp(out / "results.csv");
  REQUIRE(!partial.empty());
  REQUIRE(partial.back() == '\n');
  REQUIRE(count_lines(partial) == 1 + 7);
  std::map<std::string, std::string> finished;  // manifests of points complete before the rerun
  for (const auto& d : fs::directory_iterator(out / "points")) {
    const std::string m = slurp(d.path() / "manifest.json");
    if (m.find("\"status\": \"complete\"") != std::string::npos) finished[d.path().filename().string()] = m;
  }
  REQUIRE(finished.size() >= 7);
  REQUIRE(finished.size() < 24);

  o.out_dir = out;
  const sim::SweepSummary s = sim::run_sweep(fixture, {}, o);
  REQUIRE(s.skipped == static_cast<long>(finished.size()));
  REQUIRE(s.ran == 24 - static_cast<long>(finished.size()));
  // A recomputed point would have a new manifest (its start and end times, wall time).
  for (const auto& [id, m] : finished) REQUIRE(slurp(out / "points" / id / "manifest.json") == m);
  REQUIRE(deterministic_files(out) == deterministic_files(ref));
  fs::remove_all(ref);
  fs::remove_all(out);
}

TEST_CASE("every sweep point runs single-threaded and records its own seed per replicate", "[sweep][parallel]") {
  const fs::path out = scratch("threads");
  sim::SweepOptions o;
  o.out_dir = out;
  o.quick = true;
  const sim::SweepSummary s = sim::run_sweep(fixture, {{"simulation.threads", "4"}}, o);
  REQUIRE(s.points == 3);
  for (const auto& d : fs::directory_iterator(out / "points")) {
    const std::string toml = slurp(d.path() / "scenario.resolved.toml");
    REQUIRE(toml.find("threads = 1\n") != std::string::npos);
    REQUIRE(toml.find("rounds = 3\n") != std::string::npos);  // sweep.quick.set applied
  }
  fs::remove_all(out);
}

TEST_CASE("results.csv can be merged again from the point folders alone, byte for byte", "[sweep][resume]") {
  const fs::path out = scratch("merge");
  sim::SweepOptions o;
  o.out_dir = out;
  o.quick = true;
  sim::run_sweep(fixture, {}, o);
  const std::string table = slurp(out / "results.csv");
  fs::remove(out / "results.csv");
  const sim::SweepPlan plan = sim::plan_sweep(fixture, {}, true);
  const auto& points = plan.points;
  REQUIRE(sim::write_sweep_results(out, plan) == 3);
  REQUIRE(slurp(out / "results.csv") == table);
  // A point that is not complete is left out of the merge instead of producing a partial row.
  fs::remove(out / "points" / points[1].id / "manifest.json");
  REQUIRE(sim::write_sweep_results(out, plan) == 2);
  REQUIRE(count_lines(slurp(out / "results.csv")) == 3);
  fs::remove_all(out);
}

TEST_CASE("sweep points whose curves coincide estimate the response curve once, whichever worker runs them",
          "[sweep][parallel]") {
  // Points differ in the decision rule only, which the success curve does not depend on: 3 points, one replicate
  // seed, so one curve. Two workers share one cache, and every point's curve equals the one-worker sweep's.
  const fs::path learned = fs::path(ACASIM_FIXTURES) / "scenarios" / "sweep_response_curve.toml";
  const fs::path a = scratch("shared_cache1"), b = scratch("shared_cache2");
  const std::vector<config::Override> axis = {{"sweep.replicates", "1"}};
  const std::string toml = slurp(learned);
  const fs::path scenario = scratch("shared_cache.toml");
  {
    std::ofstream out(scenario);
    out << toml.substr(0, toml.find("[[sweep.axis]]"))
        << "[[sweep.axis]]\nkey = \"decision.rule\"\nvalues = [\"best_response\", \"logit\", \"threshold\"]\n";
  }
  sim::SweepOptions o;
  o.out_dir = a;
  o.jobs = 1;
  REQUIRE(sim::run_sweep(scenario, axis, o).ran == 3);
  o.out_dir = b;
  o.jobs = 2;
  REQUIRE(sim::run_sweep(scenario, axis, o).ran == 3);
  for (const fs::path& out : {a, b}) {
    std::size_t files = 0;
    for (const auto& e : fs::directory_iterator(out / ".acasim-cache")) files += e.is_regular_file();
    CHECK(files == 1);
  }
  std::set<std::string> curves;
  for (const auto& d : fs::directory_iterator(a / "points")) curves.insert(slurp(d.path() / "response_curve.csv"));
  CHECK(curves.size() == 1);
  // One worker: the first point in design order estimates the curve, the other two read it.
  std::map<std::string, int> sources;
  for (const auto& d : fs::directory_iterator(a / "points")) {
    const std::vector<std::string> m = curve_sources(slurp(d.path() / "manifest.json"));
    ++sources[m.size() == 1 ? m.front() : "?"];
  }
  CHECK(sources == std::map<std::string, int>{{"cache", 2}, {"estimated", 1}});
  CHECK(deterministic_files(a) == deterministic_files(b));
  fs::remove_all(a);
  fs::remove_all(b);
  fs::remove(scenario);
}
