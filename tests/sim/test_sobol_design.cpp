// Saltelli's design on the Sobol sequence (sim/sobol_design.hpp) and the sobol sweep built from it: the scheme's
// structure, its spread, its indices on Ishigami, and a sweep that resumes and is the same for any --jobs.
#include <catch2/catch.hpp>

#include "support/slurp.hpp"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

#include <sys/wait.h>
#include <unistd.h>

#include "analysis/sobol_indices.hpp"
#include "learn/threads.hpp"
#include "sim/sobol_design.hpp"
#include "sim/sweep.hpp"

namespace fs = std::filesystem;
using namespace aca;

namespace {

const fs::path fixture = fs::path(ACASIM_FIXTURES) / "scenarios" / "sweep_sobol.toml";
constexpr long fixture_points = 8 * (3 + 2);

fs::path scratch(const std::string& name) {
  const fs::path p = fs::temp_directory_path() / ("acasim_test_sobol_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(p);
  return p;
}

std::map<std::string, std::string> deterministic_files(const fs::path& out) {
  std::map<std::string, std::string> files;
  for (const char* f : {"design.csv", "results.csv", "sensitivity_design.csv"}) files[f] = slurp(out / f);
  for (const auto& d : fs::directory_iterator(out / "points"))
    for (const char* f : {"metrics.csv", "summary.json", "equilibria.csv", "scenario.resolved.toml"})
      files[d.path().filename().string() + "/" + f] = slurp(d.path() / f);
  return files;
}

std::vector<sim::SensitivityRow> design(std::size_t n, std::size_t d, std::uint64_t seed) {
  util::Engine rng = util::make_stream(seed, sim::sobol_stream);
  return sim::saltelli_design(n, d, rng);
}

}  // namespace

TEST_CASE("Saltelli's design has N(d+2) rows inside the unit cube: A, each AB_i (A with coordinate i from B), then B",
          "[sweep][sobol]") {
  const std::size_t n = 16, d = 4;
  const auto rows = design(n, d, 1);
  REQUIRE(rows.size() == n * (d + 2));
  for (std::size_t j = 0; j < n; ++j) {
    const auto* g = &rows[j * (d + 2)];
    REQUIRE(g[0].block == "A");
    REQUIRE(g[d + 1].block == "B");
    for (std::size_t r = 0; r < d + 2; ++r) {
      REQUIRE(g[r].group == static_cast<long>(j));
      for (double u : g[r].unit) {
        REQUIRE(u >= 0.0);
        REQUIRE(u < 1.0);
      }
    }
    for (std::size_t i = 0; i < d; ++i) {
      const auto& ab = g[1 + i];
      REQUIRE(ab.block == "AB");
      REQUIRE(ab.axis == static_cast<long>(i));
      for (std::size_t k = 0; k < d; ++k) REQUIRE(ab.unit[k] == (k == i ? g[d + 1].unit[k] : g[0].unit[k]));
    }
    REQUIRE(g[0].unit != g[d + 1].unit);
  }
  REQUIRE_THROWS_AS(design(0, 2, 1), std::invalid_argument);
  REQUIRE_THROWS_AS(design(4, 0, 1), std::invalid_argument);
}

TEST_CASE("Saltelli's design is the same for a seed, shifted for another, and spread more evenly than random",
          "[sweep][sobol]") {
  const auto a = design(256, 3, 7), b = design(256, 3, 7), c = design(256, 3, 8);
  for (std::size_t i = 0; i < a.size(); ++i) REQUIRE(a[i].unit == b[i].unit);
  REQUIRE(a[0].unit != c[0].unit);
  // A quasi-random sequence's coordinate means miss 1/2 by O(log N / N); 256 random draws would by ≈ 0.018 (one SE).
  for (std::size_t k = 0; k < 3; ++k) {
    double ma = 0, mb = 0;
    for (std::size_t j = 0; j < 256; ++j) {
      ma += a[j * 5].unit[k] / 256;
      mb += a[j * 5 + 4].unit[k] / 256;
    }
    CHECK(std::fabs(ma - 0.5) < 0.005);
    CHECK(std::fabs(mb - 0.5) < 0.005);
  }
}

TEST_CASE("the estimators on Saltelli's design reach Ishigami's analytic indices", "[sweep][sobol]") {
  // N = 8192 quasi-random base samples. Tolerance: 4 bootstrap standard errors (SE from the 95% percentile
  // interval, (upper − lower) / 3.92); the bootstrap treats the samples as independent, which overstates a
  // quasi-random design's error, so this bound is conservative. It must still be below 0.1 to say anything.
  const double pi = 3.14159265358979323846;
  const auto rows = design(8192, 3, 3);
  analysis::SaltelliOutputs y;
  y.ab.resize(3);
  for (const auto& r : rows) {
    const double x1 = -pi + 2 * pi * r.unit[0], x2 = -pi + 2 * pi * r.unit[1], x3 = -pi + 2 * pi * r.unit[2];
    const double f = std::sin(x1) + 7.0 * std::sin(x2) * std::sin(x2) + 0.1 * std::pow(x3, 4) * std::sin(x1);
    if (r.block == "A") y.a.push_back(f);
    else if (r.block == "B") y.b.push_back(f);
    else y.ab[static_cast<std::size_t>(r.axis)].push_back(f);
  }
  util::Engine rng = util::make_stream(1, "analysis.sensitivity");
  const auto s = analysis::sobol_indices(y, 400, 0.95, rng);
  const std::vector<double> first = {0.3139, 0.4424, 0.0}, total = {0.5576, 0.4424, 0.2437};
  for (std::size_t i = 0; i < 3; ++i) {
    INFO("x" << i + 1 << ": S1 " << s.first[i].value << ", ST " << s.total[i].value);
    for (const auto& [e, truth] : {std::pair{s.first[i], first[i]}, std::pair{s.total[i], total[i]}}) {
      const double tol = 4.0 * (e.upper - e.lower) / 3.92;
      REQUIRE(tol < 0.1);
      REQUIRE(std::fabs(e.value - truth) <= tol);
    }
  }
}

TEST_CASE("a sobol sweep maps the design onto the axes' ranges: linear, log and integer, and value lists",
          "[sweep][sobol]") {
  const std::string text = slurp(fixture) + "\n[[sweep.axis]]\nkey = \"decision.rule\"\nvalues = [\"logit\", "
                                            "\"best_response\"]\n[[sweep.axis]]\nkey = \"population.size\"\nlow = 200\n"
                                            "high = 900\ninteger = true\n";
  const auto scenario = config::parse_scenario(text, "sobol.toml", {{"sweep.replicates", "2"}});
  const auto pts = sim::sweep_points(scenario);
  REQUIRE(pts.size() == 8 * (5 + 2) * 2);
  std::set<std::string> rules;
  for (const auto& p : pts) {
    REQUIRE(p.settings.size() == 5);
    const double xi = std::stod(p.settings[0].value), benefit = std::stod(p.settings[1].value);
    REQUIRE(xi >= 0.002);
    REQUIRE(xi <= 0.03);
    REQUIRE(benefit >= 0.6);
    REQUIRE(benefit <= 2.0);
    rules.insert(p.settings[3].value);
    REQUIRE(p.settings[4].value.find('.') == std::string::npos);
    REQUIRE(std::stol(p.settings[4].value) >= 200);
    REQUIRE(std::stol(p.settings[4].value) <= 900);
  }
  REQUIRE(rules == std::set<std::string>{"'logit'", "'best_response'"});
  // Replicates follow their configuration; the first AB row differs from A in the first axis only.
  REQUIRE(pts[0].settings[0].value == pts[1].settings[0].value);
  REQUIRE(pts[1].replicate == 1);
  REQUIRE(pts[2].settings[0].value != pts[0].settings[0].value);
  for (std::size_t k = 1; k < 5; ++k) REQUIRE(pts[2].settings[k].value == pts[0].settings[k].value);
  REQUIRE(sim::sensitivity_rows(scenario).size() == 8 * 7);
}

TEST_CASE("a sobol sweep writes the same files with one worker and with two, roles included", "[sweep][sobol]") {
  const fs::path a = scratch("jobs1"), b = scratch("jobs2");
  sim::SweepOptions o;
  o.out_dir = a;
  o.jobs = 1;
  REQUIRE(sim::run_sweep(fixture, {}, o).ran == fixture_points);
  o.out_dir = b;
  o.jobs = 2;
  sim::run_sweep(fixture, {}, o);
  const auto fa = deterministic_files(a);
  REQUIRE(fa == deterministic_files(b));
  const std::string roles = fa.at("sensitivity_design.csv");
  REQUIRE(roles.rfind("point,replicate,design,group,block,axis,step\n", 0) == 0);
  REQUIRE(roles.find(",sobol,0,A,,0\n") != std::string::npos);
  REQUIRE(roles.find(",sobol,0,AB,platform.learning_rate,0\n") != std::string::npos);
  REQUIRE(roles.find(",sobol,7,B,,0\n") != std::string::npos);
  fs::remove_all(a);
  fs::remove_all(b);
}

TEST_CASE("a sobol sweep killed part-way resumes to the uninterrupted sweep's files", "[sweep][sobol][resume]") {
  const fs::path ref = scratch("ref"), out = scratch("killed");
  sim::SweepOptions o;
  o.jobs = 2;
  o.out_dir = ref;
  sim::run_sweep(fixture, {}, o);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    sim::SweepOptions c = o;
    c.out_dir = out;
    c.abort_after_points = 11;
    learn::set_threads(1);  // LibTorch's pool after fork(): see test_sweep_parallel.cpp
    try {
      sim::run_sweep(fixture, {}, c);
    } catch (...) {
    }
    std::_Exit(0);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == sim::abort_exit_code);
  o.out_dir = out;
  const sim::SweepSummary s = sim::run_sweep(fixture, {}, o);
  REQUIRE(s.skipped >= 11);
  REQUIRE(s.skipped + s.ran == fixture_points);
  REQUIRE(deterministic_files(out) == deterministic_files(ref));
  fs::remove_all(ref);
  fs::remove_all(out);
}

TEST_CASE("a quick run of a sobol sweep has no roles: its subsample is not Saltelli's scheme", "[sweep][sobol]") {
  const fs::path out = scratch("quick");
  sim::SweepOptions o;
  o.out_dir = out;
  o.quick = true;
  REQUIRE(sim::run_sweep(fixture, {}, o).points == 3);
  REQUIRE(!fs::exists(out / "sensitivity_design.csv"));
  fs::remove_all(out);
}

TEST_CASE("a sobol design over the point limit is refused at sweep.base_samples, naming its size", "[sweep][sobol]") {
  const auto scenario = config::load_scenario(fixture, {{"sweep.base_samples", "5000"}});
  try {
    sim::sweep_points(scenario);
    FAIL("a 25,000-point design was accepted");
  } catch (const config::ScenarioError& e) {
    const std::string what = e.what();
    REQUIRE(what.find("sweep.base_samples") != std::string::npos);
    REQUIRE(what.find("5000 base samples × 5 (axes + 2)") != std::string::npos);
  }
}
