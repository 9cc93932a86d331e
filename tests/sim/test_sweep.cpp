#include <catch2/catch.hpp>

#include "support/slurp.hpp"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "learn/blas_kernel.hpp"
#include "run_folder/manifest_record.hpp"
#include "sim/success_curves.hpp"
#include "sim/sweep.hpp"
#include "sim/sweep_identity.hpp"
#include "util/build_info.hpp"

namespace fs = std::filesystem;
using namespace aca;

namespace {
const fs::path fixture = fs::path(ACASIM_FIXTURES) / "scenarios" / "sweep_small.toml";
}  // namespace

TEST_CASE("a grid sweep has one point per combination and replicate, with stable distinct ids", "[sweep]") {
  const auto a = sim::plan_sweep(fixture, {}, false).points;
  const auto b = sim::plan_sweep(fixture, {}, false).points;
  REQUIRE(a.size() == 4);
  std::set<std::string> ids;
  for (std::size_t i = 0; i < a.size(); ++i) {
    REQUIRE(a[i].id == b[i].id);
    ids.insert(a[i].id);
  }
  REQUIRE(ids.size() == 4);
  REQUIRE(a[0].settings[0].value == "'logit'");
}

TEST_CASE("a list design with axes of unequal length is a scenario error", "[sweep]") {
  const std::vector<config::Override> ov = {{"sweep.design", "\"list\""}};
  const std::string text = slurp(fixture) + "\n[[sweep.axis]]\nkey = \"population.size\"\nvalues = [100, 200, 300]\n";
  REQUIRE_THROWS_AS(sim::sweep_points(config::parse_scenario(text, "s.toml", ov)), config::ScenarioError);
}

TEST_CASE("a rerun of a sweep skips finished points and redoes only an unfinished one", "[sweep]") {
  const fs::path out = fs::temp_directory_path() / "acasim_sweep_resume";
  fs::remove_all(out);
  sim::SweepOptions opts;
  opts.out_dir = out;
  const auto first = sim::run_sweep(fixture, {}, opts);
  REQUIRE(first.points == 4);
  REQUIRE(first.ran == 4);
  const std::string index = slurp(out / "design.csv");
  const auto pts = sim::plan_sweep(fixture, {}, false).points;
  const std::string metrics = slurp(out / "points" / pts[1].id / "metrics.csv");

  // Simulate a crash while point 1 was running: its manifest was never written.
  fs::remove(out / "points" / pts[1].id / "manifest.json");
  const auto second = sim::run_sweep(fixture, {}, opts);
  REQUIRE(second.skipped == 3);
  REQUIRE(second.ran == 1);
  REQUIRE(slurp(out / "design.csv") == index);
  REQUIRE(slurp(out / "points" / pts[1].id / "metrics.csv") == metrics);

  const auto third = sim::run_sweep(fixture, {}, opts);
  REQUIRE(third.ran == 0);
}

TEST_CASE("replicates of a point use different seeds", "[sweep]") {
  const fs::path out = fs::temp_directory_path() / "acasim_sweep_replicates";
  fs::remove_all(out);
  sim::SweepOptions opts;
  opts.out_dir = out;
  sim::run_sweep(fixture, {}, opts);
  const auto pts = sim::plan_sweep(fixture, {}, false).points;
  REQUIRE(pts[0].replicate == 0);
  REQUIRE(pts[1].replicate == 1);
  REQUIRE(slurp(out / "points" / pts[0].id / "scenario.resolved.toml") !=
          slurp(out / "points" / pts[1].id / "scenario.resolved.toml"));
}

TEST_CASE("a point's id covers base --set overrides, the scenario text and the data files, not the [sweep] table",
          "[sweep][identity]") {
  const auto ids = [](const fs::path& file, const std::vector<config::Override>& base) {
    std::vector<std::string> out;
    for (const auto& p : sim::plan_sweep(file, base, false).points) out.push_back(p.id);
    return out;
  };
  const auto plain = ids(fixture, {});
  const auto rounds = ids(fixture, {{"simulation.rounds", "6"}});
  for (std::size_t i = 0; i < plain.size(); ++i) REQUIRE(plain[i] != rounds[i]);
  // More replicates extend the design: the points it had keep their ids (and so their finished folders).
  const auto more = ids(fixture, {{"sweep.replicates", "3"}});
  REQUIRE(more.size() == 6);
  REQUIRE(more[0] == plain[0]);
  REQUIRE(more[3] == plain[2]);

  const fs::path dir = fs::temp_directory_path() / "acasim_sweep_identity_data";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string text = slurp(fixture);
  const std::string uniform = "{ dist = \"uniform\", low = 0.0, high = 0.3 }";
  text.replace(text.find(uniform), uniform.size(), "{ dist = \"empirical\", file = \"costs.csv\", column = \"c\" }");
  std::ofstream(dir / "s.toml") << text;
  std::ofstream(dir / "costs.csv") << "c\n0.1\n0.2\n";
  const auto before = ids(dir / "s.toml", {});
  const config::Scenario sc = config::load_scenario(dir / "s.toml");
  const std::string key_before = sim::response_curve_key(sc);
  REQUIRE(ids(dir / "s.toml", {}) == before);  // deterministic
  std::ofstream(dir / "costs.csv") << "c\n0.1\n0.25\n";
  const auto after = ids(dir / "s.toml", {});
  for (std::size_t i = 0; i < before.size(); ++i) REQUIRE(before[i] != after[i]);
  REQUIRE(sim::response_curve_key(sc) != key_before);
  fs::remove_all(dir);
}

TEST_CASE("the curve cache key names the OpenBLAS kernel: curves trained under another kernel are not reused",
          "[sweep][identity][cache]") {
  const config::Scenario sc = config::load_scenario(fixture);
  REQUIRE(sim::response_curve_key(sc) == sim::response_curve_key(sc, learn::blas_kernel().kernel));
  REQUIRE(sim::response_curve_key(sc, "Haswell") != sim::response_curve_key(sc, "SkylakeX"));
  REQUIRE(sim::response_curve_key(sc, "Haswell") == sim::response_curve_key(sc, "Haswell"));
}

TEST_CASE("sweep.json records the command line's --set, the acasim build and the data files", "[sweep][identity]") {
  const fs::path out = fs::temp_directory_path() / "acasim_sweep_record_set";
  fs::remove_all(out);
  const sim::SweepPlan plan = sim::plan_sweep(fixture, {{"simulation.rounds", "3"}}, true);
  sim::write_sweep_design(plan, out);
  const run_folder::SweepRecord r = run_folder::read_sweep_record(out);
  REQUIRE(r.set == std::vector<std::string>{"simulation.rounds=3"});
  REQUIRE(r.git_commit == util::build::git_commit);
  REQUIRE(r.acasim_version == util::build::version);
  REQUIRE(r.blas_kernel == learn::blas_kernel().kernel);
  fs::remove_all(out);
}

TEST_CASE("a rerun with changed settings refuses naming the key, and with replace runs the new settings",
          "[sweep][identity]") {
  const fs::path out = fs::temp_directory_path() / "acasim_sweep_conflict";
  fs::remove_all(out);
  sim::SweepOptions opts;
  opts.out_dir = out;
  REQUIRE(sim::run_sweep(fixture, {}, opts).ran == 4);
  const std::string table = slurp(out / "results.csv");
  try {
    sim::run_sweep(fixture, {{"simulation.rounds", "3"}}, opts);
    FAIL("a folder of other settings was accepted");
  } catch (const sim::SweepFolderConflict& e) {
    REQUIRE_THAT(e.diagnostics().format(), Catch::Contains("simulation.rounds: 5 → 3"));
    REQUIRE_THAT(e.diagnostics().format(), Catch::Contains("--replace"));
  }
  REQUIRE(slurp(out / "results.csv") == table);
  opts.replace = true;
  const auto replaced = sim::run_sweep(fixture, {{"simulation.rounds", "3"}}, opts);
  REQUIRE(replaced.ran == 4);
  REQUIRE(replaced.skipped == 0);
  const std::string now = slurp(out / "results.csv");
  REQUIRE(now.find(",theory,3,") != std::string::npos);
  REQUIRE(now.find(",theory,5,") == std::string::npos);
  std::size_t folders = 0;
  for (const auto& e : fs::directory_iterator(out / "points")) folders += e.is_directory() ? 1 : 0;
  REQUIRE(folders == 4);
  fs::remove_all(out);
}

namespace {
// Rewrites the first `from` in `file` as `to` (as another build or machine would have written it).
void replace_in_file(const fs::path& file, const std::string& from, const std::string& to) {
  std::string text = slurp(file);
  REQUIRE(text.find(from) != std::string::npos);
  text.replace(text.find(from), from.size(), to);
  std::ofstream(file, std::ios::binary) << text;
}
}  // namespace

TEST_CASE("a finished point of another acasim build is not reused: refused, or rerun with replace", "[sweep][identity]") {
  const fs::path out = fs::temp_directory_path() / "acasim_sweep_other_build";
  fs::remove_all(out);
  sim::SweepOptions opts;
  opts.out_dir = out;
  sim::run_sweep(fixture, {}, opts);
  const auto pts = sim::plan_sweep(fixture, {}, false).points;
  // The folder name does not depend on the build (two builds' sweeps compare file by file); the manifest says who.
  const fs::path manifest = out / "points" / pts[2].id / "manifest.json";
  const std::string commit = std::string("\"git_commit\": \"") + util::build::git_commit + "\"";
  replace_in_file(manifest, commit, "\"git_commit\": \"0123456789ab\"");
  try {
    sim::run_sweep(fixture, {}, opts);
    FAIL("a point of another build was reused");
  } catch (const sim::SweepFolderConflict& e) {
    REQUIRE_THAT(e.diagnostics().format(), Catch::Contains("acasim build: " + std::string(util::build::version) +
                                                          " (commit 0123456789ab, BLAS kernel "));
  }
  opts.replace = true;
  const auto again = sim::run_sweep(fixture, {}, opts);
  REQUIRE(again.ran == 1);
  REQUIRE(again.skipped == 3);
  REQUIRE(slurp(manifest).find(commit) != std::string::npos);
  fs::remove_all(out);
}

TEST_CASE("a finished point run under another OpenBLAS kernel is not reused: refused naming both kernels",
          "[sweep][identity]") {
  const fs::path out = fs::temp_directory_path() / "acasim_sweep_other_kernel";
  fs::remove_all(out);
  sim::SweepOptions opts;
  opts.out_dir = out;
  sim::run_sweep(fixture, {}, opts);
  REQUIRE(slurp(out / "sweep.json").find("\"blas_kernel\": \"" + learn::blas_kernel().kernel + "\"") !=
          std::string::npos);
  const auto pts = sim::plan_sweep(fixture, {}, false).points;
  const fs::path manifest = out / "points" / pts[1].id / "manifest.json";
  const std::string kernel = "\"blas_kernel\": \"" + learn::blas_kernel().kernel + "\"";
  replace_in_file(manifest, kernel, "\"blas_kernel\": \"Prescott\"");
  try {
    sim::run_sweep(fixture, {}, opts);
    FAIL("a point of another BLAS kernel was reused");
  } catch (const sim::SweepFolderConflict& e) {
    REQUIRE_THAT(e.diagnostics().format(), Catch::Contains("BLAS kernel Prescott) → "));
    const std::string now = learn::blas_kernel().kernel.empty() ? "none" : learn::blas_kernel().kernel;
    REQUIRE_THAT(e.diagnostics().format(), Catch::Contains("BLAS kernel " + now + ")\n"));
  }
  opts.replace = true;
  const auto again = sim::run_sweep(fixture, {}, opts);
  REQUIRE(again.ran == 1);
  REQUIRE(slurp(manifest).find(kernel) != std::string::npos);
  fs::remove_all(out);
}
