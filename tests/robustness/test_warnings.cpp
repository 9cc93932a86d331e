// Issue 15 §8: an estimate at the edge of what was estimated says so — on stderr ("warning: ..." one line each), in
// summary.json's `warnings` and in the report — and the defaults keep shipped-style scenarios clear of warnings.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "robustness/robustness.hpp"

namespace fs = std::filesystem;
using aca::robustness::BadInput;
using aca::robustness::check_case;
using aca::robustness::Scratch;
using aca::robustness::scenarios;

namespace {

nlohmann::json summary_of(const fs::path& dir) { return nlohmann::json::parse(slurp(dir / "summary.json")); }

// The codes of summary.json's warnings, in order.
std::vector<std::string> warning_codes(const fs::path& dir) {
  std::vector<std::string> codes;
  const nlohmann::json summary = summary_of(dir);
  for (const auto& w : summary.at("warnings")) codes.push_back(w.at("code").get<std::string>());
  return codes;
}

}  // namespace

TEST_CASE("a run whose estimates reach their edge warns on stderr, in summary.json and in the report", "[robustness]") {
  const Scratch tmp("warnings");
  const std::string dp = scenarios + "dp_regulation.toml";
  const std::string net = scenarios + "network_cascade.toml";
  const BadInput cases[] = {
      {"participation grows past the α grid of the curve",
       "run " + dp + " --set 'response_curve.alphas=[0.0,0.01,0.03,0.1,0.3]' --out " + (tmp / "grid"), 0,
       {"warning: collective `workers`: the participation map points beyond the α grid",
        "response_curve.alphas up to 0.3", "equilibria above 0.3 are unknown"}},
      {"an explicit tolerance below the sampling noise of a logit rule",
       "run " + dp + " --set simulation.convergence_tolerance=0.001 --out " + (tmp / "tol"), 0,
       {"warning: simulation.convergence_tolerance = 0.001 is below the sampling noise",
        "1/(2·√population.size) = 0.00913", "set it to at least 0.00913"}},
      {"a mean-field map for agents who look at their network neighbours", "run " + net + " --out " + (tmp / "net"), 0,
       {"warning: equilibria and tipping points are mean-field", "population.network.kind = \"watts_strogatz\"",
        "decision.share = \"neighbours\"", ", mean-field)"}},
  };
  for (const auto& c : cases) {
    const auto r = check_case(c);
    // One line each: every warning line starts with "warning: " and holds no other warning.
    std::size_t lines = 0;
    for (std::size_t p = r.output.find("warning: "); p != std::string::npos; p = r.output.find("warning: ", p + 1))
      ++lines;
    CHECK(lines == 1);
  }

  CHECK(warning_codes(tmp.path() / "grid") == std::vector<std::string>{"equilibria_beyond_grid"});
  CHECK(slurp(tmp.path() / "grid" / "equilibria.csv") == "collective,alpha,slope,stability,tipping_point,map\n");
  CHECK(warning_codes(tmp.path() / "tol") == std::vector<std::string>{"tolerance_below_noise"});
  CHECK(summary_of(tmp.path() / "tol").at("converged_round").is_null());
  CHECK(warning_codes(tmp.path() / "net") == std::vector<std::string>{"mean_field_map"});
  CHECK_THAT(slurp(tmp.path() / "net" / "equilibria.csv"), Catch::Contains(",mean_field\n"));

  const auto report = check_case({"the report of a run with warnings",
                                  "report " + (tmp / "grid") + " --out " + (tmp / "grid-report"), 0, {}});
  const std::string md = slurp(tmp.path() / "grid-report" / "report.md");
  CHECK_THAT(md, Catch::Contains("## Warnings"));
  CHECK_THAT(md, Catch::Contains("the participation map points beyond the α grid"));
  CHECK_THAT(slurp(tmp.path() / "grid-report" / "report.html"), Catch::Contains("points beyond the α grid"));

  check_case({"the report of a run on a network", "report " + (tmp / "net") + " --out " + (tmp / "net-report"), 0, {}});
  const std::string net_md = slurp(tmp.path() / "net-report" / "report.md");
  CHECK_THAT(net_md, Catch::Contains("Fixed points of movement (mean-field)"));
  CHECK_THAT(net_md, Catch::Contains("equilibria and tipping points are mean-field"));
  CHECK_THAT(slurp(tmp.path() / "net-report" / "figures" / "trajectories.gp"),
             Catch::Contains("tipping point (mean-field)"));
}

TEST_CASE("shipped scenarios run with their defaults give no warning", "[robustness]") {
  const Scratch tmp("no_warnings");
  for (const char* name : {"quickstart", "theory_tipping", "dp_regulation", "free_riding", "three_collectives"}) {
    const fs::path out = tmp.path() / name;
    const auto r = check_case({std::string(name) + " as shipped",
                               "run " + scenarios + name + ".toml --out " + out.string(), 0, {}});
    CHECK_THAT(r.output, !Catch::Contains("warning:"));
    CHECK(summary_of(out).at("warnings").empty());
  }
}

TEST_CASE("the default convergence tolerance scales with the sampling noise, so a logit steady state converges",
          "[robustness]") {
  const Scratch tmp("tolerance");
  const fs::path out = tmp.path() / "dp";
  check_case({"dp_regulation (logit, 3,000 agents) with the default tolerance",
              "run " + scenarios + "dp_regulation.toml --out " + out.string(), 0, {"participation converged from round"}});
  const auto s = summary_of(out);
  REQUIRE(s.at("converged_round").is_number_integer());
  CHECK(s.at("converged_round").get<long>() == 4);
}

TEST_CASE("on a network whose agents look at the global share the map is exact: no mean-field label or warning",
          "[robustness]") {
  const Scratch tmp("global_share");
  const fs::path out = tmp.path() / "net";
  const auto r = check_case({"theory_tipping on a small-world network, decision.share = \"global\"",
                             "run " + scenarios + "theory_tipping.toml --set population.network.kind='\"watts_strogatz\"' "
                             "--set population.network.k=10 --out " + out.string(), 0, {"tipping point"}});
  CHECK_THAT(r.output, !Catch::Contains("warning:"));
  CHECK_THAT(r.output, !Catch::Contains("mean-field"));
  const std::string eq = slurp(out / "equilibria.csv");
  CHECK_THAT(eq, Catch::Contains(",true,global\n"));
  CHECK_THAT(eq, !Catch::Contains("mean_field"));
}

TEST_CASE("two collectives on a joint curve warn when the joint map points beyond the grid it was estimated on",
          "[robustness]") {
  const Scratch tmp("joint_grid");
  const fs::path out = tmp.path() / "two";
  check_case({"two_collectives with response_curve.alphas up to 0.3",
              "run " + scenarios + "two_collectives.toml --set 'response_curve.alphas=[0.0,0.02,0.1,0.3]' --out " +
                  out.string(),
              0,
              {"warning: collective `left`: the joint participation map points beyond the α grid",
               "at (α_1, α_2) = (0.3, 0) it gives α_1 = 0.958", "joint equilibria above 0.3 are unknown",
               "warning: collective `right`: the joint participation map"}});
  CHECK(slurp(out / "equilibria_joint.csv") == "alpha_1,alpha_2,stability,eigen_modulus_1,eigen_modulus_2,complex\n");
  const auto codes = warning_codes(out);
  CHECK(std::count(codes.begin(), codes.end(), "equilibria_beyond_grid") == 4);  // each map alone, and the joint map
}

TEST_CASE("a sweep's warnings name the point they concern", "[robustness]") {
  const Scratch tmp("sweep_warnings");
  const auto r = check_case({"dp_regulation's quick sweep with response_curve.alphas up to 0.3",
                             "sweep " + scenarios + "dp_regulation.toml --quick --set 'response_curve.alphas=[0.0,0.1,0.3]' "
                             "--out " + (tmp / "out"),
                             0, {"warning: point p", ": collective `workers`: the participation map points beyond"}});
  for (const auto& point : fs::directory_iterator(tmp.path() / "out" / "points")) {
    INFO(point.path());
    CHECK_THAT(r.output, Catch::Contains("warning: point " + point.path().filename().string() + ": "));
    CHECK(warning_codes(point.path()) == std::vector<std::string>{"equilibria_beyond_grid"});
  }
}
