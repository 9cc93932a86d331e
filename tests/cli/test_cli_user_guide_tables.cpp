#include <catch2/catch.hpp>

#include "support/python.hpp"
#include "support/slurp.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "run_process.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path user_guide = fs::path(ACASIM_SOURCE_DIR) / "docs" / "user-guide.md";
const fs::path tables_fixture = fs::path(ACASIM_FIXTURES) / "tables" / "sweep";

// The fenced ```<language> blocks of the user guide's section "## Loading the tables", joined.
std::string snippets(const std::string& language) {
  const std::string guide = slurp(user_guide);
  const auto begin = guide.find("\n## Loading the tables\n");
  if (begin == std::string::npos) return "";
  const auto end = guide.find("\n## ", begin + 1);
  const std::string section = guide.substr(begin, end - begin);
  std::string code;
  const std::string fence = "```" + language + "\n";
  for (auto p = section.find(fence); p != std::string::npos; p = section.find(fence, p)) {
    p += fence.size();
    const auto close = section.find("```", p);
    code += section.substr(p, close - p);
    p = close + 3;
  }
  return code;
}

// A sweep folder with the fixture tables and their .dta files, as a user has it after `acasim export`.
fs::path exported_fixture(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("acasim_cli_guide_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::copy(tables_fixture, d, fs::copy_options::recursive);
  const auto r = run_acasim("export " + d.string());
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  return d;
}

// What the snippets' variables hold, printed for the assertions below: the types the guide's table documents.
const char* facts = R"(
import math
print("csv", panel.replicate.dtype, panel["round"].dtype, panel.alpha.dtype, panel.welfare.dtype, panel.point.dtype,
      panel.collective.dtype)
print("points", points.platform_privacy_target_epsilon.tolist(), points.converged_round.tolist())
print("alpha", alpha.shape, alpha.loc[1].tolist())
print("dta", panel_dta.replicate.dtype, panel_dta["round"].dtype, panel_dta.alpha.dtype, panel_dta.point.dtype)
print("dta_epsilon", panel_dta.platform_privacy_target_epsilon.tolist())
print("label", labels["alpha"])
print("is_inf", epsilon_is_inf.tolist())
)";

}  // namespace

TEST_CASE("the user guide's pandas snippets for loading the tables run and give the documented types", "[cli][docs]") {
  const std::string code = snippets("python");
  REQUIRE(code.find("pd.read_csv(\"panel.csv\")") != std::string::npos);
  REQUIRE(code.find("pd.read_stata(\"panel.dta\")") != std::string::npos);
  if (!pandas_available()) {
    WARN("skipping: /usr/bin/python3 cannot import pandas (install python3-pandas: scripts/install-deps.sh --tests)");
    return;
  }
  const fs::path dir = exported_fixture("pandas");
  const auto r = run_python(dir, "guide.py", code + facts);
  INFO(code);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  for (const std::string& line : std::vector<std::string>{
           "csv int64 int64 float64 float64 object object", "points [inf, 2.0] [nan, 1.0]",
           "alpha (2, 2) [0.15, 0.06]", "dta int32 int32 float64 object",
           "dta_epsilon [nan, nan, nan, nan, 2.0, 2.0, 2.0, 2.0]",
           "label share of the population in the collective",
           "is_inf [True, True, True, True, False, False, False, False]"}) {
    INFO(line);
    REQUIRE(r.output.find(line + "\n") != std::string::npos);
  }
  fs::remove_all(dir);
}

TEST_CASE("the user guide's R snippet for loading the tables runs where Rscript is installed", "[cli][docs]") {
  const std::string code = snippets("r");
  REQUIRE(code.find("read.csv(\"panel.csv\")") != std::string::npos);
  if (std::system("command -v Rscript >/dev/null 2>&1") != 0) {
    WARN("skipping: Rscript is not installed, so the R snippet of docs/user-guide.md is not run here");
    return;
  }
  const fs::path dir = exported_fixture("r");
  std::ofstream(dir / "guide.R") << code
                                 << "stopifnot(is.integer(panel$replicate), is.numeric(panel$alpha), "
                                    "is.infinite(points$platform_privacy_target_epsilon[1]))\n";
  const auto r = run_command("cd '" + dir.string() + "' && Rscript guide.R");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  fs::remove_all(dir);
}
