// Distributed sweeps: `mpirun -np P acasim sweep` (built only when ACASIM_WITH_MPI). The reference is the in-process
// single-process sweep with the CLI's end-of-sweep tables; the MPI runs start the real acasim binary under mpirun, as users do.
#include <catch2/catch.hpp>

#include "support/curve_sources.hpp"

#include "support/slurp.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <sys/wait.h>
#include <unistd.h>

#include "analysis/sweep_tables.hpp"
#include "sim/sweep.hpp"

namespace fs = std::filesystem;
using namespace aca;

namespace {
const fs::path fixture = fs::path(ACASIM_FIXTURES) / "scenarios" / "sweep_mpi.toml";
constexpr long design_points = 12;  // 3 sizes × 2 ξ × 2 replicates

fs::path scratch(const std::string& name) {
  const fs::path p = fs::temp_directory_path() / ("acasim_test_mpi_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(p);
  return p;
}

// Every file a sweep writes deterministically (manifests hold times and are compared separately).
std::map<std::string, std::string> deterministic_files(const fs::path& out) {
  std::map<std::string, std::string> files;
  for (const char* f : {"design.csv", "points.csv", "panel.csv", "results.csv", "sweep.json", "scenario.resolved.toml"}) files[f] = slurp(out / f);
  for (const auto& d : fs::directory_iterator(out / "points"))
    for (const char* f : {"metrics.csv", "summary.json", "equilibria.csv", "scenario.resolved.toml", "response_curve.csv"})
      if (fs::exists(d.path() / f)) files[d.path().filename().string() + "/" + f] = slurp(d.path() / f);
  return files;
}

// Runs `mpirun -np P acasim sweep fixture --out OUT` (as root in CI, in a container without a network: shared
// memory and self transports only) and returns its exit status; stdout goes to OUT.stdout.
int mpirun_sweep(int ranks, const fs::path& out, const std::string& env = "", const fs::path& scenario = fixture) {
  const std::string cmd = env + " OMPI_MCA_btl=self,vader OMPI_MCA_btl_vader_single_copy_mechanism=none " +
                          std::string(ACASIM_MPIEXEC) + " --allow-run-as-root --oversubscribe -np " +
                          std::to_string(ranks) + " " + ACASIM_EXE + " sweep " + scenario.string() + " --out " +
                          out.string() + " --quiet > " + out.string() + ".stdout 2> " + out.string() + ".stderr";
  const int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::map<std::string, std::string> complete_manifests(const fs::path& out) {
  std::map<std::string, std::string> done;
  if (!fs::exists(out / "points")) return done;
  for (const auto& d : fs::directory_iterator(out / "points")) {
    const std::string m = slurp(d.path() / "manifest.json");
    if (m.find("\"status\": \"complete\"") != std::string::npos) done[d.path().filename().string()] = m;
  }
  return done;
}

long count_lines(const std::string& s) {
  long n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

// The single-process sweep's options as `acasim sweep` sets them: one worker, the tables of the finished points
// (points.csv, panel.csv) written at the end.
sim::SweepOptions reference_options(const fs::path& out) {
  sim::SweepOptions o;
  o.out_dir = out;
  o.jobs = 1;
  o.on_complete = [](const fs::path& dir) { analysis::write_sweep_tables(dir); };
  return o;
}

fs::path reference_sweep() {
  const fs::path ref = scratch("reference");
  const sim::SweepOptions o = reference_options(ref);
  REQUIRE(sim::run_sweep(fixture, {}, o).ran == design_points);
  return ref;
}
}  // namespace

TEST_CASE("mpirun with 1, 2 and 3 ranks writes the single-process sweep's files byte for byte",
          "[sweep][mpi]") {
  const fs::path ref = reference_sweep();
  const auto expected = deterministic_files(ref);
  REQUIRE(expected.size() == 6 + design_points * 4);
  REQUIRE(count_lines(expected.at("results.csv")) == 1 + design_points);
  for (int ranks : {1, 2, 3}) {
    INFO("ranks = " << ranks);
    const fs::path out = scratch("np" + std::to_string(ranks));
    REQUIRE(mpirun_sweep(ranks, out) == 0);
    CHECK(deterministic_files(out) == expected);
    CHECK(complete_manifests(out).size() == static_cast<std::size_t>(design_points));
    // Rank 0's summary line names the rank count and that every point ran now.
    const std::string said = slurp(out.string() + ".stdout");
    CHECK(said.find("12 points (12 run now on " + std::to_string(ranks) + " MPI ranks") != std::string::npos);
    fs::remove_all(out);
    fs::remove(out.string() + ".stdout");
    fs::remove(out.string() + ".stderr");
  }
  fs::remove_all(ref);
}

TEST_CASE("a rank killed mid-sweep loses no finished point: a rerun with another rank count recomputes none of them "
          "and ends with the single-process files",
          "[sweep][mpi][resume]") {
  const fs::path ref = reference_sweep();
  const fs::path out = scratch("killed");
  // Rank 1 exits abruptly (std::_Exit) after its first point; mpirun then kills rank 0 mid-point.
  REQUIRE(mpirun_sweep(2, out, "ACASIM_TEST_ABORT_AFTER_POINTS=1 ACASIM_TEST_ABORT_RANK=1") != 0);
  const auto finished = complete_manifests(out);
  REQUIRE(finished.size() >= 1);
  REQUIRE(finished.size() < static_cast<std::size_t>(design_points));
  // The streamed table holds whole rows only, and no more rows than points complete on disk.
  const std::string partial = slurp(out / "results.csv");
  REQUIRE(!partial.empty());
  REQUIRE(partial.back() == '\n');
  REQUIRE(count_lines(partial) >= 1);
  REQUIRE(count_lines(partial) <= 1 + static_cast<long>(finished.size()));

  REQUIRE(mpirun_sweep(3, out) == 0);
  const std::string said = slurp(out.string() + ".stdout");
  const long rerun = design_points - static_cast<long>(finished.size());
  CHECK(said.find("12 points (" + std::to_string(rerun) + " run now on 3 MPI ranks") != std::string::npos);
  CHECK(said.find("; " + std::to_string(finished.size()) + " already complete)") != std::string::npos);
  // A recomputed point would have a new manifest (its start and end times, wall time).
  for (const auto& [id, m] : finished) CHECK(slurp(out / "points" / id / "manifest.json") == m);
  CHECK(complete_manifests(out).size() == static_cast<std::size_t>(design_points));
  CHECK(deterministic_files(out) == deterministic_files(ref));
  fs::remove_all(ref);
  fs::remove_all(out);
  fs::remove(out.string() + ".stdout");
  fs::remove(out.string() + ".stderr");
}

TEST_CASE("a learned response-curve sweep under mpirun -np 2 writes the single-process files, all ranks sharing one "
          "curve cache",
          "[sweep][mpi]") {
  const fs::path learned = fs::path(ACASIM_FIXTURES) / "scenarios" / "sweep_response_curve.toml";
  const fs::path ref = scratch("learned_reference"), out = scratch("learned_np2");
  const sim::SweepOptions o = reference_options(ref);
  const sim::SweepSummary s = sim::run_sweep(learned, {}, o);
  REQUIRE(s.ran == s.points);
  REQUIRE(mpirun_sweep(2, out, "", learned) == 0);
  const auto expected = deterministic_files(ref);
  REQUIRE(expected.size() == 6 + 5 * static_cast<std::size_t>(s.points));  // response_curve.csv in every point
  CHECK(deterministic_files(out) == expected);
  // One cache folder for every rank: one file per distinct curve (2 epochs values × 2 replicate seeds), no
  // per-rank subfolders and no temporaries left behind.
  std::size_t curves = 0;
  for (const auto& e : fs::directory_iterator(out / ".acasim-cache")) {
    INFO(e.path());
    CHECK(e.is_regular_file());
    CHECK(e.path().extension() == ".csv");
    ++curves;
  }
  CHECK(curves == 4);
  fs::remove_all(ref);
  fs::remove_all(out);
  fs::remove(out.string() + ".stdout");
  fs::remove(out.string() + ".stderr");
}

TEST_CASE("with batch_points on, mpirun -np 2 batches the curves across points as one process does, byte for byte",
          "[sweep][mpi][prefetch]") {
  // The response-curve fixture with its four points' curve trainings batched across points (72 trainings, one group).
  std::string toml = slurp(fs::path(ACASIM_FIXTURES) / "scenarios" / "sweep_response_curve.toml");
  toml.replace(toml.find("[platform]\n"), 11, "[platform]\nensemble_size = 64\n");
  toml.replace(toml.find("[sweep]\n"), 8, "[sweep]\nbatch_points = \"on\"\n");
  const fs::path scenario = scratch("batched.toml");
  {
    std::ofstream out(scenario);
    out << toml;
  }
  const fs::path ref = scratch("batched_reference"), out = scratch("batched_np2");
  const sim::SweepOptions o = reference_options(ref);
  const sim::SweepSummary s = sim::run_sweep(scenario, {}, o);
  REQUIRE(s.ran == 4);
  REQUIRE(mpirun_sweep(2, out, "", scenario) == 0);
  const auto expected = deterministic_files(ref);
  REQUIRE(expected.size() == 6 + 5 * 4);
  CHECK(deterministic_files(out) == expected);
  // Every point read its curves from the cache the prefetch phase wrote.
  for (const auto& [id, manifest] : complete_manifests(out)) {
    INFO(id);
    CHECK(curve_sources(manifest) == std::vector<std::string>{"cache"});
  }
  CHECK(complete_manifests(out).size() == 4);
  fs::remove_all(ref);
  fs::remove_all(out);
  fs::remove(scenario);
  fs::remove(out.string() + ".stdout");
  fs::remove(out.string() + ".stderr");
}

TEST_CASE("a sobol sweep under mpirun -np 2 writes the single-process files, its table of roles included",
          "[sweep][mpi][sobol]") {
  const fs::path sobol = fs::path(ACASIM_FIXTURES) / "scenarios" / "sweep_sobol.toml";
  const fs::path ref = scratch("sobol_reference"), out = scratch("sobol_np2");
  REQUIRE(sim::run_sweep(sobol, {}, reference_options(ref)).ran == 8 * (3 + 2));
  REQUIRE(mpirun_sweep(2, out, "", sobol) == 0);
  CHECK(deterministic_files(out) == deterministic_files(ref));
  const std::string roles = slurp(ref / "sensitivity_design.csv");
  REQUIRE(count_lines(roles) == 1 + 8 * (3 + 2));
  CHECK(slurp(out / "sensitivity_design.csv") == roles);
  fs::remove_all(ref);
  fs::remove_all(out);
  fs::remove(out.string() + ".stdout");
  fs::remove(out.string() + ".stderr");
}
