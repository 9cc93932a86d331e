#include <catch2/catch.hpp>

#include <cmath>

#include "analysis/policy_outcomes.hpp"
#include "analysis/report_sections.hpp"

using namespace aca::analysis;
using namespace aca::numerics;

namespace {

CriticalMassInterval interval(double alpha, double lower, double upper) {
  CriticalMassInterval ci;
  ci.point.status = CriticalMassStatus::reached;
  ci.point.alpha = alpha;
  ci.point.max_alpha_tested = 0.9;
  ci.lower = lower;
  ci.upper = upper;
  return ci;
}

FixedPoint fixed_point(double alpha, Stability s, bool tipping = false) {
  FixedPoint fp;
  fp.alpha = fp.alpha_end = alpha;
  fp.stability = s;
  fp.tipping_point = tipping;
  return fp;
}

// One ε configuration: α*, one stable equilibrium, final α and welfare over two replicates.
PolicyOutcome row(const std::string& eps, double alpha_star, double lower, double upper, double equilibrium,
                  std::vector<double> final_alpha, std::vector<double> welfare) {
  PolicyOutcome o;
  o.settings = {{"platform.privacy.target_epsilon", eps}};
  o.collective = "workers";
  o.runs = final_alpha.size();
  o.critical_mass = interval(alpha_star, lower, upper);
  o.equilibria = {fixed_point(equilibrium, Stability::stable)};
  o.final_alpha = spread_of(final_alpha);
  o.welfare = spread_of(welfare);
  return o;
}

}  // namespace

TEST_CASE("spread_of gives mean, extremes and the normal 95 % half-width, NaN values left out", "[analysis][summary]") {
  const Spread s = spread_of({0.2, NAN, 0.4, 0.6});
  REQUIRE(s.n == 3);
  REQUIRE(s.mean == Approx(0.4));
  REQUIRE(s.min == 0.2);
  REQUIRE(s.max == 0.6);
  REQUIRE(s.ci_half == Approx(1.96 * 0.2 / std::sqrt(3.0)));
  REQUIRE(std::isnan(spread_of({0.5}).ci_half));
  REQUIRE(spread_of({NAN}).n == 0);
}

TEST_CASE("the summary table has one row per policy with alpha*, its interval, equilibria, final alpha and welfare",
          "[analysis][summary]") {
  std::vector<PolicyOutcome> rows = {row("inf", 0.00872, 0.008439, 0.009004, 0.4616, {0.46, 0.47}, {0.15, 0.17}),
                                     row("1.0", 0.02099, 0.005348, 0.02548, 0.6213, {0.62}, {0.27})};
  rows[1].equilibria.push_back(fixed_point(0.1, Stability::unstable, true));
  const Rows t = summary_rows(rows);
  REQUIRE(t.size() == 3);
  REQUIRE(t[0] == std::vector<std::string>{"policy", "α* [95 % bootstrap interval]", "equilibria (stability)",
                                           "final α: mean [min, max]", "welfare: mean [min, max]", "runs"});
  REQUIRE(t[1] == std::vector<std::string>{"ε = ∞", "0.00872 [0.008439, 0.009004]", "0.4616 (stable)",
                                           "0.465 [0.46, 0.47]", "0.16 [0.15, 0.17]", "2"});
  REQUIRE(t[2][0] == "ε = 1");
  REQUIRE(t[2][2] == "0.6213 (stable); 0.1 (unstable, tipping point)");
  REQUIRE(t[2][3] == "0.62");  // one run: no range
}

TEST_CASE("the summary sentence says from the numbers how the swept axis moves each outcome", "[analysis][summary]") {
  const std::vector<PolicyOutcome> rows = {row("inf", 0.00872, 0.008439, 0.009004, 0.4616, {0.4643}, {0.1581}),
                                           row("4.0", 0.02031, 0.004975, 0.02549, 0.5692, {0.5717}, {0.2282}),
                                           row("1.0", 0.02099, 0.005348, 0.02548, 0.6213, {0.6183}, {0.2715})};
  const auto s = summary_sentences(rows);
  REQUIRE(s.size() == 1);
  REQUIRE(s[0] ==
          "As ε goes from ∞ to 1: α* rises from 0.0087 (ε = ∞) to 0.021 (ε = 1) — their 95 % intervals overlap; "
          "the stable equilibrium rises from 0.46 (ε = ∞) to 0.62 (ε = 1); final α rises from 0.46 (ε = ∞) to "
          "0.62 (ε = 1); welfare rises from 0.16 (ε = ∞) to 0.27 (ε = 1).");
}

TEST_CASE("the summary sentence names falling, unchanged and non-monotone outcomes and disjoint intervals",
          "[analysis][summary]") {
  std::vector<PolicyOutcome> rows = {row("1", 0.05, 0.04, 0.06, 0.5, {0.9}, {0.3}),
                                     row("2", 0.03, 0.02, 0.035, 0.5, {0.2}, {0.1}),
                                     row("3", 0.01, 0.005, 0.015, 0.5, {0.8}, {0.1})};
  const auto s = summary_sentences(rows);
  REQUIRE(s.size() == 1);
  REQUIRE(s[0].find("α* falls from 0.05 (ε = 1) to 0.01 (ε = 3) — their 95 % intervals do not overlap") !=
          std::string::npos);
  REQUIRE(s[0].find("the stable equilibrium stays at 0.5;") != std::string::npos);
  REQUIRE(s[0].find("final α moves non-monotonically from 0.9 (ε = 1) to 0.8 (ε = 3)") != std::string::npos);
  // Two stable equilibria in one configuration: no single equilibrium to follow, so no clause about it.
  rows[1].equilibria.push_back(fixed_point(0.9, Stability::stable));
  REQUIRE(summary_sentences(rows)[0].find("stable equilibrium") == std::string::npos);
}

TEST_CASE("a single run's summary has one row and no sentence", "[analysis][summary]") {
  PolicyOutcome o = row("1", 0.05, 0.04, 0.06, 0.5, {0.9}, {0.3});
  o.settings.clear();
  o.critical_mass.reset();
  const Rows t = summary_rows({o});
  REQUIRE(t.size() == 2);
  REQUIRE(t[1][0] == "(this run)");
  // No α* measured anywhere: no α* column (a column of "not measured" would only push the answers aside).
  REQUIRE(t[0] == std::vector<std::string>{"policy", "equilibria (stability)", "final α: mean [min, max]",
                                           "welfare: mean [min, max]", "runs"});
  REQUIRE(summary_sentences({o}).empty());
  o.engine_critical_mass = 0.04762;  // theory mode: the engine's α*, marked as having no interval
  REQUIRE(summary_rows({o})[0][1] == "α*");
  REQUIRE(summary_rows({o})[1][1] == "0.04762 (engine, no interval)");
}

TEST_CASE("policy_outcomes pools a configuration's complete runs over replicates and alpha points and matches its "
          "curve and map", "[analysis][summary]") {
  FolderAnalysis a;
  a.sweep = true;
  a.axes = {"platform.learner", alpha_axis_key};
  const auto run = [](const std::string& learner, const std::string& members, const std::string& status,
                      double final_alpha, double welfare) {
    RunEntry e;
    e.settings = {{"platform.learner", learner}, {alpha_axis_key, members}};
    e.status = status;
    if (status == "complete") e.outcomes = {{"final alpha c", final_alpha}, {"welfare", welfare}};
    return e;
  };
  a.runs = {run("'sgd'", "[10]", "complete", 0.2, 1.0), run("'sgd'", "[50]", "complete", 0.4, 3.0),
            run("'gdro'", "[10]", "complete", 0.6, 2.0), run("'gdro'", "[50]", "failed", 0.0, 0.0)};
  ConfigCurve c;
  c.settings = {{"platform.learner", "'gdro'"}};
  c.collective = "c";
  c.critical_mass = interval(0.03, 0.02, 0.04);
  a.curves.push_back(c);
  ParticipationMap m;
  m.settings = {{"platform.learner", "'sgd'"}};
  m.collective = "c";
  m.fixed_points = {fixed_point(0.3, Stability::stable)};
  a.maps.push_back(m);

  const auto rows = policy_outcomes(a);
  REQUIRE(rows.size() == 2);
  REQUIRE(settings_legend(rows[0].settings) == "learner = sgd");
  REQUIRE(rows[0].runs == 2);
  REQUIRE(rows[0].final_alpha.mean == Approx(0.3));
  REQUIRE(rows[0].welfare.max == 3.0);
  REQUIRE_FALSE(rows[0].critical_mass);
  REQUIRE(stable_equilibria(rows[0]) == std::vector<double>{0.3});
  REQUIRE(rows[1].runs == 1);  // the failed run is no outcome
  REQUIRE(rows[1].final_alpha.mean == 0.6);
  REQUIRE(rows[1].critical_mass->point.alpha == 0.03);
  REQUIRE(rows[1].equilibria.empty());
  REQUIRE(varied_axes(rows) == std::vector<std::string>{"platform.learner"});
}

TEST_CASE("settings every configuration shares are left out of the summary's labels and sentences",
          "[analysis][summary]") {
  std::vector<PolicyOutcome> rows = {row("1", 0.05, 0.04, 0.06, 0.5, {0.9}, {0.3}), row("2", 0.03, 0.02, 0.035, 0.4, {0.2}, {0.1})};
  for (auto& o : rows) o.settings.push_back({"platform.learner", "'dp_sgd'"});
  REQUIRE(fixed_axes(rows) == std::vector<std::string>{"platform.learner"});
  REQUIRE(summary_rows(rows)[1][0] == "ε = 1");
  REQUIRE(summary_sentences(rows)[0].rfind("As ε goes from 1 to 2: α* falls", 0) == 0);
  rows.pop_back();  // one configuration: its settings name it
  REQUIRE(summary_rows(rows)[1][0] == "ε = 1, learner = dp_sgd");
}
