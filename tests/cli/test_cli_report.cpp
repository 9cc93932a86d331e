#include <catch2/catch.hpp>

#include "support/slurp.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "run_process.hpp"

namespace fs = std::filesystem;

namespace {
const std::string alpha_fixture = std::string(ACASIM_FIXTURES) + "/scenarios/sweep_alpha.toml";

fs::path fresh_dir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("acasim_cli_report_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  return d;
}

// Relative paths after "](" (Markdown) and src=" (HTML).
std::vector<std::string> references(const std::string& text) {
  std::vector<std::string> out;
  for (const std::string open : {"](", "src=\""}) {
    const char close = open == "](" ? ')' : '"';
    for (auto p = text.find(open); p != std::string::npos; p = text.find(open, p + open.size())) {
      const auto e = text.find(close, p + open.size());
      out.push_back(text.substr(p + open.size(), e - p - open.size()));
    }
  }
  return out;
}

void require_complete_report(const fs::path& report_dir, const std::vector<std::string>& run_ids) {
  for (const char* name : {"report.md", "report.html"}) {
    const std::string text = slurp(report_dir / name);
    INFO(name);
    const auto refs = references(text);
    REQUIRE(refs.size() >= 2);
    for (const auto& r : refs) {
      INFO(r);
      REQUIRE(fs::exists(report_dir / r));
      REQUIRE(fs::file_size(report_dir / r) > 0);
    }
    for (const auto& id : run_ids) {
      INFO(id);
      REQUIRE(text.find(id) != std::string::npos);
    }
  }
}

std::vector<std::string> point_ids(const fs::path& sweep) {
  std::vector<std::string> ids;
  std::istringstream in(slurp(sweep / "design.csv"));
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) ids.push_back(line.substr(0, line.find(',')));
  return ids;
}
}  // namespace

TEST_CASE("acasim sweep --quick, analyze and report: tables, figures and a report listing every point", "[cli][report]") {
  const fs::path out = fresh_dir("quick");
  const auto s = run_acasim("sweep " + alpha_fixture + " --quick --out " + out.string());
  INFO(s.output);
  REQUIRE(s.exit_code == 0);
  REQUIRE(s.output.find("3 points") != std::string::npos);
  const auto a = run_acasim("analyze " + out.string() + " --resamples 100");
  INFO(a.output);
  REQUIRE(a.exit_code == 0);
  for (const char* t : {"runs.csv", "critical_mass.csv", "success_curves.csv", "dynamics.csv", "equilibria.csv"})
    REQUIRE(fs::file_size(out / "analysis" / t) > 0);
  const auto r = run_acasim("report " + out.string() + " --resamples 100");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const auto ids = point_ids(out);
  REQUIRE(ids.size() == 3);
  require_complete_report(out / "report", ids);
  fs::remove_all(out);
}

TEST_CASE("a full sweep's report has S(alpha), alpha* against the policy axis and the participation map",
          "[cli][report]") {
  const fs::path out = fresh_dir("full");
  REQUIRE(run_acasim("sweep " + alpha_fixture + " --jobs 2 --out " + out.string()).exit_code == 0);
  const auto r = run_acasim("report " + out.string() + " --resamples 100");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const auto ids = point_ids(out);
  REQUIRE(ids.size() == 24);
  require_complete_report(out / "report", ids);
  // Two replicates per configuration: participation over rounds per seed with the mean, not one run each.
  for (const char* f : {"success_curves_workers", "critical_mass_vs_data_categorical_xi", "replicates_workers_0",
                        "participation_map_0"})
    for (const char* ext : {".png", ".svg"}) {
      INFO(f << ext);
      REQUIRE(fs::file_size(out / "report" / "figures" / (std::string(f) + ext)) > 0);
    }
  // Theory mode on categorical data: the feature-label bound is drawn beside the measured curve, marked as a bound.
  REQUIRE(slurp(out / "report" / "report.md").find("theory lower bound") != std::string::npos);
  fs::remove_all(out);
}

TEST_CASE("a sweep stopped by ACASIM_TEST_ABORT_AFTER_POINTS resumes to the uninterrupted sweep's results",
          "[cli][sweep]") {
  const fs::path ref = fresh_dir("ref"), out = fresh_dir("aborted");
  REQUIRE(run_acasim("sweep " + alpha_fixture + " --jobs 1 --out " + ref.string()).exit_code == 0);
  ::setenv("ACASIM_TEST_ABORT_AFTER_POINTS", "5", 1);
  const auto killed = run_acasim("sweep " + alpha_fixture + " --jobs 2 --out " + out.string());
  ::unsetenv("ACASIM_TEST_ABORT_AFTER_POINTS");
  REQUIRE(killed.exit_code == 75);
  REQUIRE(slurp(out / "results.csv") != slurp(ref / "results.csv"));
  const auto resumed = run_acasim("sweep " + alpha_fixture + " --jobs 2 --out " + out.string());
  INFO(resumed.output);
  REQUIRE(resumed.exit_code == 0);
  REQUIRE(resumed.output.find("already complete") != std::string::npos);
  REQUIRE(resumed.output.find(" 0 already complete") == std::string::npos);
  REQUIRE(slurp(out / "results.csv") == slurp(ref / "results.csv"));
  for (const char* f : {"design.csv", "points.csv", "panel.csv"}) REQUIRE(slurp(out / f) == slurp(ref / f));
  fs::remove_all(ref);
  fs::remove_all(out);
}

TEST_CASE("acasim analyze and report on a single run folder", "[cli][report]") {
  const fs::path out = fresh_dir("single");
  REQUIRE(run_acasim("run " + alpha_fixture + " --quiet --out " + out.string()).exit_code == 0);
  const auto a = run_acasim("analyze " + out.string());
  INFO(a.output);
  REQUIRE(a.exit_code == 0);
  REQUIRE(a.output.find("run with 1 run(s)") != std::string::npos);
  REQUIRE(fs::file_size(out / "analysis" / "dynamics.csv") > 0);
  REQUIRE(slurp(out / "analysis" / "equilibria.csv").find("tipping") != std::string::npos);
  const auto r = run_acasim("report " + out.string());
  REQUIRE(r.exit_code == 0);
  require_complete_report(out / "report", {out.filename().string()});
  REQUIRE(fs::file_size(out / "report" / "figures" / "trajectories.png") > 0);
  fs::remove_all(out);
}

TEST_CASE("acasim analyze on a folder without outputs exits 1 with a message", "[cli][report]") {
  const fs::path out = fresh_dir("empty");
  fs::create_directories(out);
  const auto a = run_acasim("analyze " + out.string());
  REQUIRE(a.exit_code == 1);
  REQUIRE(a.output.find("neither a run folder") != std::string::npos);
  fs::remove_all(out);
}

TEST_CASE("analyze pools a response_curve sweep's replicate trainings per configuration", "[cli][report]") {
  const fs::path out = fresh_dir("response_curve");
  const std::string fixture = std::string(ACASIM_FIXTURES) + "/scenarios/sweep_response_curve.toml";
  REQUIRE(run_acasim("sweep " + fixture + " --jobs 2 --out " + out.string()).exit_code == 0);
  const auto a = run_acasim("analyze " + out.string() + " --resamples 200");
  INFO(a.output);
  REQUIRE(a.exit_code == 0);
  const std::string cm = slurp(out / "analysis" / "critical_mass.csv");
  // One typed column per axis (platform_epochs), then the collective.
  REQUIRE(cm.rfind("platform_epochs,collective,source,", 0) == 0);
  REQUIRE(cm.find("\n1,workers,response_curve") != std::string::npos);
  REQUIRE(cm.find("\n4,workers,response_curve") != std::string::npos);
  // 6 α values × (2 sweep replicates × 3 trainings each) per configuration.
  std::istringstream sc(slurp(out / "analysis" / "success_curves.csv"));
  std::string line;
  std::getline(sc, line);
  long rows = 0;
  while (std::getline(sc, line)) {
    ++rows;
    REQUIRE(line.find(",workers,response_curve,") != std::string::npos);
    REQUIRE(line.find(",6,") != std::string::npos);
  }
  REQUIRE(rows == 12);
  REQUIRE(fs::exists(out / "analysis" / "critical_mass_vs_platform_epochs.csv"));
  fs::remove_all(out);
}
