#include <catch2/catch.hpp>

#include "support/slurp.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "run_process.hpp"

namespace fs = std::filesystem;

namespace {
const std::string scenarios = std::string(ACASIM_SOURCE_DIR) + "/scenarios/";

std::string three(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

// The data rows of a CSV split on commas.
std::vector<std::vector<std::string>> data_rows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string c;
    while (std::getline(ss, c, ',')) cells.push_back(c);
    rows.push_back(cells);
  }
  return rows;
}
}  // namespace

TEST_CASE("acasim run with two collectives prints the joint equilibria and the saddle as joint states before the "
          "single-collective equilibria, which are labelled alone",
          "[cli][equilibria]") {
  const fs::path out = fs::temp_directory_path() / "acasim_cli_twocol";
  fs::remove_all(out);
  const auto r = run_acasim("run " + scenarios + "two_collectives.toml --quiet --out " + out.string());
  REQUIRE(r.exit_code == 0);
  const auto joint = data_rows(slurp(out / "equilibria_joint.csv"));
  REQUIRE(joint.size() >= 3);
  std::size_t first_alone = r.output.find(" alone: equilibrium α = ");
  REQUIRE(first_alone != std::string::npos);
  bool ends_somewhere = false;
  for (const auto& e : joint) {
    const double a1 = std::stod(e[0]), a2 = std::stod(e[1]);
    const std::string state = "left " + three(a1) + ", right " + three(a2);
    const std::string line = e[2] == "saddle" ? "  saddle: " + state + " (separates the basins)"
                                              : "  joint equilibrium: " + state + " (" + e[2] + ")";
    INFO(line);
    const auto at = r.output.find(line);
    REQUIRE(at != std::string::npos);
    REQUIRE(at < first_alone);
    const std::string here = " — this run ends here";
    if (r.output.compare(at + line.size(), here.size(), here) == 0) {
      ends_somewhere = true;
      REQUIRE(e[2] == "stable");
    }
  }
  REQUIRE(ends_somewhere);  // the run converged to one of the stable joint states
  // Every single-collective line says "alone"; none is printed as if it were the run's own equilibrium.
  for (const auto& e : data_rows(slurp(out / "equilibria.csv"))) {
    char line[128];
    std::snprintf(line, sizeof line, "  collective %s alone: equilibrium α = %.4f (%s", e[0].c_str(), std::stod(e[1]),
                  e[3].c_str());
    INFO(line);
    REQUIRE_THAT(r.output, Catch::Contains(line));
  }
  // The critical mass is read off each collective's curve alone too.
  const auto cm = r.output.find("collective left alone:");
  REQUIRE(cm != std::string::npos);
  REQUIRE(r.output.substr(cm, r.output.find('\n', cm) - cm).find("critical mass α*(S ≥ 0.80)") != std::string::npos);
  std::size_t plain = r.output.find("        equilibrium α");
  REQUIRE(plain == std::string::npos);
}

TEST_CASE("acasim run with one collective keeps the plain equilibrium lines (no 'alone', no joint states)",
          "[cli][equilibria]") {
  const fs::path out = fs::temp_directory_path() / "acasim_cli_onecol";
  fs::remove_all(out);
  const auto r = run_acasim("run " + scenarios + "theory_tipping.toml --quiet --out " + out.string());
  REQUIRE(r.exit_code == 0);
  REQUIRE_THAT(r.output, Catch::Contains(" equilibrium α = "));
  REQUIRE_THAT(r.output, !Catch::Contains("alone"));
  REQUIRE_THAT(r.output, !Catch::Contains("joint equilibrium"));
}

TEST_CASE("acasim run with three collectives prints every joint equilibrium as a state of all three, and each "
          "collective's success alone, beside each other one and with all present at the final shares",
          "[cli][equilibria]") {
  const fs::path out = fs::temp_directory_path() / "acasim_cli_threecol";
  fs::remove_all(out);
  const auto r = run_acasim("run " + scenarios + "three_collectives.toml --quiet --out " + out.string());
  REQUIRE(r.exit_code == 0);
  const auto joint = data_rows(slurp(out / "equilibria_joint.csv"));
  REQUIRE(joint.size() >= 2);
  bool stable = false, saddle = false;
  for (const auto& e : joint) {
    REQUIRE(e.size() == 8);  // alpha_1..3, stability, eigen_modulus_1..3, complex
    const std::string state = "left " + three(std::stod(e[0])) + ", right " + three(std::stod(e[1])) + ", third " +
                              three(std::stod(e[2]));
    const std::string line = e[3] == "saddle" ? "  saddle: " + state + " (separates the basins)"
                                              : "  joint equilibrium: " + state + " (" + e[3] + ")";
    INFO(line);
    REQUIRE_THAT(r.output, Catch::Contains(line));
    stable = stable || e[3] == "stable";
    saddle = saddle || e[3] == "saddle";
  }
  CHECK(stable);
  CHECK(saddle);
  // The success matrix: constructiveness.csv's numbers, and all present, one line per collective.
  REQUIRE_THAT(r.output, Catch::Contains("success at the final shares (alone, beside each other collective, all present):"));
  for (const auto& c : data_rows(slurp(out / "constructiveness.csv"))) {
    const std::string beside = "beside " + c[1] + " " + three(std::stod(c[2]));
    INFO(beside);
    const auto at = r.output.find("    " + c[0] + " ");
    REQUIRE(at != std::string::npos);
    const std::string row = r.output.substr(at, r.output.find('\n', at) - at);
    CHECK_THAT(row, Catch::Contains("alone " + three(std::stod(c[3]))));
    CHECK_THAT(row, Catch::Contains(beside));
    CHECK_THAT(row, Catch::Contains(", all present "));
  }

  // The report states the same joint states, one row per equilibrium, and the success matrix with all present.
  const auto rep = run_acasim("report " + out.string() + " --resamples 100");
  REQUIRE(rep.exit_code == 0);
  const std::string md = slurp(out / "report" / "report.md");
  REQUIRE_THAT(md, Catch::Contains("## Three or more collectives: joint equilibria and success at the final shares"));
  for (const auto& e : joint) {
    const std::string kind = e[3] == "saddle" ? "**saddle** (separates the basins)" : e[3] + " state";
    const std::string row = "| " + kind + " | " + three(std::stod(e[0])) + " | " + three(std::stod(e[1])) + " | " +
                            three(std::stod(e[2])) + " |";
    INFO(row);
    CHECK_THAT(md, Catch::Contains(row));
  }
  CHECK_THAT(md, Catch::Contains("| collective | alone | beside left | beside right | beside third | all present |"));
}
