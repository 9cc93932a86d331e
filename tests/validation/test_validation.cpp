// Smoke tests of the validation scenarios (scenarios/validation/, docs/validation.md): each runs the scenario's
// --quick design through the acasim binary and asserts the direction of the published effect, with a tolerance
// of two standard errors computed from the replicate spread (fixed seeds: the scenario's).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/csv_table.hpp"
#include "analysis/run_reader.hpp"
#include "run_folder/summary_record.hpp"
#include "data/theory_bounds.hpp"
#include "run_process.hpp"

namespace fs = std::filesystem;
using aca::analysis::CsvTable;
using aca::analysis::parse_number;
using aca::analysis::read_csv_table;

namespace {

const std::string validation_dir = std::string(ACASIM_SOURCE_DIR) + "/scenarios/validation/";

/// Runs `acasim sweep SCENARIO --quick` into a fresh temporary folder and returns it.
fs::path run_quick(const std::string& scenario) {
  const fs::path out = fs::temp_directory_path() / ("acasim_validation_" + fs::path(scenario).stem().string());
  fs::remove_all(out);
  const auto r = run_acasim("sweep " + validation_dir + scenario + " --quick --quiet --jobs 2 --out " + out.string());
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  return out;
}

/// One sweep point: its folder and its axis values as written in design.csv (strings unquoted).
struct Point {
  fs::path dir;
  std::map<std::string, std::string> axis;
};

std::string unquote(std::string s) {
  if (s.size() >= 2 && s.front() == '\'' && s.back() == '\'') s = s.substr(1, s.size() - 2);
  return s;
}

std::vector<Point> sweep_points(const fs::path& sweep) {
  const CsvTable t = read_csv_table(sweep / "design.csv");
  std::vector<Point> out;
  for (const auto& row : t.rows) {
    Point p;
    p.dir = sweep / "points" / row[t.column("point")];
    for (std::size_t c = 0; c < t.header.size(); ++c) p.axis[t.header[c]] = unquote(row[c]);
    out.push_back(std::move(p));
  }
  return out;
}

/// Mean and standard error of a sample (SE = sd/√n; 0 for fewer than two values).
struct Moments {
  double mean = 0, se = 0;
  std::size_t n = 0;
};

Moments moments(const std::vector<double>& v) {
  Moments m;
  m.n = v.size();
  if (v.empty()) return m;
  for (double x : v) m.mean += x;
  m.mean /= static_cast<double>(v.size());
  if (v.size() < 2) return m;
  double ss = 0;
  for (double x : v) ss += (x - m.mean) * (x - m.mean);
  m.se = std::sqrt(ss / static_cast<double>(v.size() - 1) / static_cast<double>(v.size()));
  return m;
}

/// Replicate successes per α from a point's response_curve.csv (one collective).
std::map<double, std::vector<double>> response_curve(const fs::path& point) {
  const CsvTable t = read_csv_table(point / "response_curve.csv");
  std::map<double, std::vector<double>> out;
  for (const auto& row : t.rows)
    out[parse_number(row[t.column("alpha")])].push_back(parse_number(row[t.column("success")]));
  return out;
}

/// Average over `alphas` of mean_a(α) − mean_b(α), with its standard error from the replicate spread.
struct Difference {
  double mean = 0, se = 0;
};

Difference curve_difference(const std::map<double, std::vector<double>>& a,
                            const std::map<double, std::vector<double>>& b, const std::vector<double>& alphas) {
  Difference d;
  double var = 0;
  for (double al : alphas) {
    const Moments ma = moments(a.at(al)), mb = moments(b.at(al));
    d.mean += ma.mean - mb.mean;
    var += ma.se * ma.se + mb.se * mb.se;
  }
  d.mean /= static_cast<double>(alphas.size());
  d.se = std::sqrt(var) / static_cast<double>(alphas.size());
  return d;
}

/// The grid value nearest to `alpha` (response-curve α values are written with finite precision).
double grid_alpha(const std::map<double, std::vector<double>>& curve, double alpha) {
  double best = curve.begin()->first;
  for (const auto& [al, v] : curve)
    if (std::abs(al - alpha) < std::abs(best - alpha)) best = al;
  REQUIRE(std::abs(best - alpha) < 1e-6);
  return best;
}

/// Round-0 value of a metric of collective `c` in a point's metrics.csv (NaN when absent).
double round0(const aca::analysis::RunMetrics& m, const std::string& c, const std::string& metric) {
  const auto* s = m.find(c, metric);
  return s && !s->values.empty() ? s->values.front() : std::nan("");
}

}  // namespace

TEST_CASE("validation 1: measured success of the Bayes-optimal learner is never below the Hardt et al. bounds",
          "[validation]") {
  const fs::path sweep = run_quick("01_theory_bounds.toml");
  int checked = 0, binding = 0;
  std::map<std::string, std::map<double, double>> success_by_strategy;
  for (const auto& p : sweep_points(sweep)) {
    const auto m = aca::analysis::read_metrics_csv(p.dir / "metrics.csv");
    const std::string& strategy = p.axis.at("collective.0.strategy");
    const std::string bound_name = strategy == "feature_label" ? "feature_label_bound" : "feature_only_bound";
    const double bound = round0(m, "collective", bound_name);
    const double upper = round0(m, "collective", "success_upper");  // Wilson upper end: the test-set noise
    const double alpha = round0(m, "collective", "alpha");
    INFO(p.dir << " strategy " << strategy << " alpha " << alpha << " bound " << bound << " success upper " << upper);
    REQUIRE(std::isfinite(bound));
    REQUIRE(std::isfinite(upper));
    CHECK(upper >= bound);
    ++checked;
    if (bound > 0.5) ++binding;
    success_by_strategy[strategy][alpha] = round0(m, "collective", "success");
  }
  CHECK(checked == 8);
  // The check must bite: some bounds are far from trivial.
  CHECK(binding >= 2);
  // Success grows with the collective: the largest collective succeeds, the smallest feature-label one does not.
  for (const auto& [strategy, curve] : success_by_strategy) {
    INFO(strategy);
    CHECK(curve.rbegin()->second > curve.begin()->second + 0.5);
  }
}

TEST_CASE("validation 3: DP-SGD at epsilon 1 needs a larger collective than SGD and respects the group-privacy cap",
          "[validation]") {
  const fs::path sweep = run_quick("03_dp_harder.toml");
  std::map<double, std::vector<double>> sgd, dp;
  double epsilon = 0, delta = 1e-5;
  for (const auto& p : sweep_points(sweep)) {
    if (p.axis.at("platform.learner") == "sgd") {
      sgd = response_curve(p.dir);
    } else {
      dp = response_curve(p.dir);
      epsilon = std::stod(p.axis.at("platform.privacy.target_epsilon"));
    }
  }
  REQUIRE(!sgd.empty());
  REQUIRE(!dp.empty());
  REQUIRE(epsilon == 1.0);
  // Direction: in the transition region (α = 3 % and 5 %) plain SGD gives more success than DP-SGD.
  const Difference d = curve_difference(sgd, dp, {grid_alpha(sgd, 0.03), grid_alpha(sgd, 0.05)});
  INFO("S_sgd - S_dp = " << d.mean << " ± " << d.se);
  CHECK(d.mean > 2 * d.se);
  CHECK(d.mean > 0.1);

  // Group privacy (literature §3): k members change k records, so E[S(k)] ≤ e^{kε} E[S(0)] + k e^{(k−1)ε} δ.
  // E[S(0)] is taken at its upper 2-SE end and the measured mean may exceed the cap by 2 SE of its own spread.
  const std::int64_t population = 3000;
  const Moments s0 = moments(dp.at(0.0));
  int violations = 0, checked = 0;
  for (const auto& [alpha, values] : dp) {
    if (alpha == 0.0) continue;
    const auto k = static_cast<std::int64_t>(std::llround(alpha * population));
    const double cap = aca::data::group_privacy_success_cap(std::min(1.0, s0.mean + 2 * s0.se), k, epsilon, delta);
    const Moments sk = moments(values);
    ++checked;
    if (sk.mean > cap + 2 * sk.se) {
      ++violations;
      WARN("GROUP-PRIVACY VIOLATION: k = " << k << " members, measured S = " << sk.mean << " ± " << sk.se
                                            << " > cap " << cap << " (S(0) = " << s0.mean << ", eps = " << epsilon
                                            << ")");
    }
  }
  CHECK(checked >= 3);
  CHECK(violations == 0);
  // The cap is informative for the smallest collective (1 member): below 1, so a violation could be seen.
  const double cap1 = aca::data::group_privacy_success_cap(std::min(1.0, s0.mean + 2 * s0.se), 1, epsilon, delta);
  CHECK(cap1 < 1.0);
}

TEST_CASE("validation 4: Group DRO gives a collective more success than ERM at the same small size",
          "[validation]") {
  const fs::path sweep = run_quick("04_gdro_easier.toml");
  std::map<double, std::vector<double>> erm, gdro;
  for (const auto& p : sweep_points(sweep))
    (p.axis.at("platform.learner") == "sgd" ? erm : gdro) = response_curve(p.dir);
  REQUIRE(!erm.empty());
  REQUIRE(!gdro.empty());
  const Difference d = curve_difference(gdro, erm, {0.01, 0.02, 0.05});
  INFO("S_gdro - S_erm at alpha 1-5 % = " << d.mean << " ± " << d.se);
  CHECK(d.mean > 2 * d.se);
  CHECK(d.mean > 0.1);
  // Not an artefact of the starting point: at α = 0 GDRO does not already send marked points to the target more.
  const Difference d0 = curve_difference(gdro, erm, {0.0});
  INFO("S_gdro - S_erm at alpha 0 = " << d0.mean << " ± " << d0.se);
  CHECK(d0.mean < 2 * d0.se + 0.05);
}

TEST_CASE("validation 3b: under DP-SGD the privacy level barely moves success while DP itself lowers it a lot",
          "[validation]") {
  // docs/validation.md 3b: on Fashion-MNIST with the MLP, lowering ε from 8 to 1 leaves α* within its interval at
  // every batch size tested, while DP-SGD against SGD raises it severalfold: clipping, not the ε-dependent noise,
  // carries the DP penalty here. The quick design: 3,000 images, batch 64, SGD and DP-SGD at ε = 1 and 8.
  const fs::path sweep = run_quick("03b_privacy_levers.toml");
  std::map<std::string, std::map<double, std::vector<double>>> by;  // "learner/ε"
  for (const auto& p : sweep_points(sweep)) {
    const int eps = static_cast<int>(parse_number(p.axis.at("platform.privacy.target_epsilon")));
    by[p.axis.at("platform.learner") + "/" + std::to_string(eps)] = response_curve(p.dir);
  }
  const std::vector<double> alphas{0.05, 0.1};
  const Difference penalty = curve_difference(by.at("sgd/8"), by.at("dp_sgd/8"), alphas);
  const Difference eps = curve_difference(by.at("dp_sgd/8"), by.at("dp_sgd/1"), alphas);
  INFO("S(SGD) - S(DP, eps 8) = " << penalty.mean << " ± " << penalty.se << "; S(DP, eps 8) - S(DP, eps 1) = "
                                  << eps.mean << " ± " << eps.se);
  CHECK(penalty.mean > 2 * penalty.se);
  CHECK(penalty.mean > 0.2);
  // The ε effect is at most a third of the DP penalty (measured: 0.01 against 0.47).
  CHECK(std::abs(eps.mean) + 2 * eps.se < penalty.mean / 3);
}

TEST_CASE("validation 3c: the clipping norm moves success far more than the privacy level does", "[validation]") {
  // docs/validation.md 3c: over ε ∈ [0.5, 8], C ∈ [0.2, 5], batch 32-256, 2-10 epochs and learning rate 0.03-0.3
  // the total Sobol index of α* is 0.74 for C and 0.009 for ε. Quick design: the map's 10,000 images at batch 64,
  // 3 epochs, learning rate 0.03; C ∈ {0.25, 4} × ε ∈ {1, 8}. The ε effect is read at C = 4, where the noise per
  // example σC/B is largest and ε could matter most.
  const fs::path sweep = run_quick("03c_privacy_sobol.toml");
  std::map<std::string, std::map<double, std::vector<double>>> by;  // "C/ε"
  for (const auto& p : sweep_points(sweep)) {
    const double c = parse_number(p.axis.at("platform.privacy.clip"));
    const int eps = static_cast<int>(parse_number(p.axis.at("platform.privacy.target_epsilon")));
    by[(c < 1 ? std::string("small") : std::string("large")) + "/" + std::to_string(eps)] = response_curve(p.dir);
  }
  const std::vector<double> alphas{0.05, 0.1};
  const Difference clip = curve_difference(by.at("small/8"), by.at("large/8"), alphas);
  const Difference eps = curve_difference(by.at("large/8"), by.at("large/1"), alphas);
  INFO("S(C 0.25) - S(C 4) at eps 8 = " << clip.mean << " ± " << clip.se << "; S(eps 8) - S(eps 1) at C 4 = "
                                        << eps.mean << " ± " << eps.se);
  CHECK(std::abs(clip.mean) > 2 * clip.se);
  CHECK(std::abs(clip.mean) > 0.1);
  // Measured: 0.235 ± 0.053 against -0.009 ± 0.030.
  CHECK(std::abs(eps.mean) + 2 * eps.se < std::abs(clip.mean) / 2);
}

TEST_CASE("validation 4b: Group DRO with the data's groups helps a collective whose signal sits on class features "
          "more than one whose signal sits on noise features",
          "[validation]") {
  // docs/validation.md 4b: with the data's own groups GDRO's advantage over ERM depends on where the signal lies;
  // with a signal on noise features and 30 epochs it vanishes within the intervals. Quick design: correlation
  // 0.95, η_q = 0.05, target 0, 30 epochs; ERM and GDRO, signal on features {0, 1} or {8, 9}.
  const fs::path sweep = run_quick("04b_gdro_conditions.toml");
  std::map<std::string, std::map<double, std::vector<double>>> by;
  for (const auto& p : sweep_points(sweep))
    by[p.axis.at("platform.learner") + p.axis.at("collective.0.signal.features")] = response_curve(p.dir);
  const std::vector<double> alphas{0.005, 0.01, 0.02};
  const Difference on_class = curve_difference(by.at("gdro[0, 1]"), by.at("sgd[0, 1]"), alphas);
  const Difference on_noise = curve_difference(by.at("gdro[8, 9]"), by.at("sgd[8, 9]"), alphas);
  const double se = std::sqrt(on_class.se * on_class.se + on_noise.se * on_noise.se);
  INFO("GDRO - ERM at alpha 0.5-2 %: class features " << on_class.mean << " ± " << on_class.se << ", noise features "
                                                      << on_noise.mean << " ± " << on_noise.se);
  CHECK(on_class.mean > 2 * on_class.se);
  CHECK(on_class.mean - on_noise.mean > 2 * se);
  CHECK(on_class.mean - on_noise.mean > 0.1);
}

TEST_CASE("validation 7: a public good is free-ridden to nothing, an exclusive one is not, and DP raises the "
          "critical mass and participation",
          "[validation]") {
  const fs::path sweep = run_quick("07_participation_economics.toml");
  const CsvTable t = read_csv_table(sweep / "results.csv");
  std::map<std::string, double> final_alpha, critical;
  for (const auto& row : t.rows) {
    const std::string key = row[t.column("platform_learner")] + "/" + row[t.column("collective_0_good")];
    final_alpha[key] = parse_number(row[t.column("final_alpha")]);
    critical[key] = parse_number(row[t.column("critical_mass")]);
  }
  REQUIRE(final_alpha.size() == 4);
  // Tolerance: the binomial spread of a share of 3,000 logit choosers, sqrt(α(1−α)/N), twice.
  const auto tol = [](double a, double b) { return 2 * std::sqrt((a * (1 - a) + b * (1 - b)) / 3000.0); };
  for (const char* learner : {"sgd", "dp_sgd"}) {
    const double ex = final_alpha[std::string(learner) + "/exclusive"];
    const double pub = final_alpha[std::string(learner) + "/public"];
    INFO(learner << ": exclusive " << ex << ", public " << pub);
    CHECK(ex - pub > tol(ex, pub));
    CHECK(pub < 0.02);
  }
  INFO("critical mass sgd " << critical["sgd/exclusive"] << ", dp " << critical["dp_sgd/exclusive"]);
  CHECK(critical["dp_sgd/exclusive"] > critical["sgd/exclusive"]);
  // The privacy mandate lowers members' privacy cost more than it raises the needed size: more join.
  const double ex_sgd = final_alpha["sgd/exclusive"], ex_dp = final_alpha["dp_sgd/exclusive"];
  CHECK(ex_dp - ex_sgd > tol(ex_dp, ex_sgd));
}

TEST_CASE("validation 8: colliding signals with different targets destroy success, disjoint signals do not",
          "[validation]") {
  const fs::path sweep = run_quick("08_two_collectives.toml");
  std::map<std::string, std::vector<double>> ct;  // "position/target" → raw CT of both collectives, all seeds
  for (const auto& p : sweep_points(sweep)) {
    const auto summary = aca::run_folder::read_summary(p.dir);
    REQUIRE(summary.constructiveness);
    const auto& raw = summary.constructiveness->raw;
    REQUIRE(raw.size() == 2);
    const std::string key = p.axis.at("collective.1.signal.position") + "/" + p.axis.at("collective.1.target");
    ct[key].push_back(raw[0][1]);  // A's success with B minus alone
    ct[key].push_back(raw[1][0]);  // B's success with A minus alone
  }
  REQUIRE(ct.size() == 4);
  const Moments collide = moments(ct.at("[24, 24]/5"));
  const Moments disjoint_same = moments(ct.at("[1, 1]/8"));
  const Moments disjoint_diff = moments(ct.at("[1, 1]/5"));
  const Moments same_signal_same_target = moments(ct.at("[24, 24]/8"));
  INFO("CT colliding/different target " << collide.mean << " ± " << collide.se << "; disjoint/same target "
                                        << disjoint_same.mean << " ± " << disjoint_same.se << "; disjoint/different "
                                        << disjoint_diff.mean << " ± " << disjoint_diff.se << "; same signal/same target "
                                        << same_signal_same_target.mean << " ± " << same_signal_same_target.se);
  CHECK(collide.mean < -2 * collide.se);
  CHECK(collide.mean < -0.2);
  CHECK(disjoint_same.mean - collide.mean >
        2 * std::sqrt(collide.se * collide.se + disjoint_same.se * disjoint_same.se));
  // "Does not lower": within 5 points of success plus two standard errors of zero.
  CHECK(disjoint_same.mean > -0.05 - 2 * disjoint_same.se);
  CHECK(same_signal_same_target.mean > -0.05 - 2 * same_signal_same_target.se);
}

TEST_CASE("validation 5a: randomising base labels raises feature-only success", "[validation]") {
  const fs::path sweep = run_quick("05_label_noise.toml");
  std::map<double, std::map<double, std::vector<double>>> by_noise;
  for (const auto& p : sweep_points(sweep))
    by_noise[std::stod(p.axis.at("data.categorical.label_noise"))] = response_curve(p.dir);
  REQUIRE(by_noise.size() == 2);
  const auto& clean = by_noise.begin()->second;
  const auto& noisy = by_noise.rbegin()->second;
  REQUIRE(by_noise.rbegin()->first > 0.5);
  const Difference d = curve_difference(noisy, clean, {0.02, 0.05, 0.1});
  INFO("S(noise 0.6) - S(noise 0) at alpha 2-10 % = " << d.mean << " ± " << d.se);
  CHECK(d.mean > 2 * d.se);
  CHECK(d.mean > 0.1);
}

TEST_CASE("validation 5b: fewer training epochs lower the collective's success", "[validation]") {
  const fs::path sweep = run_quick("05b_epochs.toml");
  std::map<int, std::map<double, std::vector<double>>> by_epochs;
  for (const auto& p : sweep_points(sweep)) by_epochs[std::stoi(p.axis.at("platform.epochs"))] = response_curve(p.dir);
  REQUIRE(by_epochs.size() == 2);
  REQUIRE(by_epochs.begin()->first == 1);
  const Difference d =
      curve_difference(by_epochs.rbegin()->second, by_epochs.begin()->second, {0.005, 0.01, 0.03, 0.05});
  INFO("S(10 epochs) - S(1 epoch) at alpha 0.5-5 % = " << d.mean << " ± " << d.se);
  CHECK(d.mean > 2 * d.se);
  CHECK(d.mean > 0.1);
}

TEST_CASE("validation 6: gradient cancelling steers logistic regression to a near target but not to a far one "
          "within bounds",
          "[validation]") {
  const fs::path sweep = run_quick("06_gradient_cancel.toml");
  // distance[target][members] = ‖θ̂ − θ*‖ after full-batch gradient descent (converged to about 1e-4).
  std::map<std::string, std::map<int, double>> distance, agreement;
  for (const auto& p : sweep_points(sweep)) {
    const auto m = aca::analysis::read_metrics_csv(p.dir / "metrics.csv");
    const std::string target = p.axis.at("collective.0.gradient_cancel.theta");
    const std::string members = p.axis.at("population.initial_members");
    const int k = std::stoi(members.substr(1));
    distance[target][k] = round0(m, "collective", "theta_distance");
    agreement[target][k] = round0(m, "collective", "success");
  }
  const auto& near = distance.at("[-0.71, 0.77, 0.0]");
  const auto& far = distance.at("[1.42, -1.54, 0.0]");
  INFO("near: " << near.at(0) << " -> " << near.at(40) << " -> " << near.at(800) << "; far: " << far.at(0) << " -> "
                << far.at(40) << " -> " << far.at(800));
  // Reached: the optimiser's tolerance (full-batch GD, 2,000 epochs) is far below 0.05.
  CHECK(near.at(800) < 0.05);
  CHECK(agreement.at("[-0.71, 0.77, 0.0]").at(800) >= 0.99);
  // Not reached within the feature bounds, though the collective pulls towards it.
  CHECK(far.at(800) > 1.0);
  CHECK(far.at(800) < far.at(0));
  // The near target is cheaper: at 2 % the collective has closed a larger share of its gap.
  CHECK(near.at(40) / near.at(0) < far.at(40) / far.at(0));
}

TEST_CASE("validation 2: a feature-label collective succeeds with a few percent of the images, a feature-only one "
          "needs far more",
          "[validation]") {
  const fs::path sweep = run_quick("02_small_collectives.toml");
  std::map<std::string, std::map<double, std::vector<double>>> by_strategy;
  for (const auto& p : sweep_points(sweep)) by_strategy[p.axis.at("collective.0.strategy")] = response_curve(p.dir);
  const auto& label = by_strategy.at("feature_label");
  const auto& only = by_strategy.at("feature_only");
  const Difference d = curve_difference(label, only, {0.05, 0.1});
  INFO("S(feature-label) - S(feature-only) at alpha 5-10 % = " << d.mean << " ± " << d.se);
  CHECK(d.mean > 2 * d.se);
  CHECK(d.mean > 0.3);
  CHECK(moments(label.at(0.1)).mean >= 0.9);
  // Feature-only does move the model once every target image carries the signal (α = 1), only much less.
  const Moments at1 = moments(only.at(1.0)), at0 = moments(only.at(0.0));
  INFO("feature-only S(1) = " << at1.mean << " ± " << at1.se << ", S(0) = " << at0.mean << " ± " << at0.se);
  CHECK(at1.mean - at0.mean > 2 * std::sqrt(at1.se * at1.se + at0.se * at0.se));
}

TEST_CASE("validation 2c: longer training lets a small feature-label collective succeed more", "[validation]") {
  // docs/validation.md 2c: on all 60,000 images α*(0.9) falls from 0.72 % (5 epochs) to ≈ 0.2 % (20–100 epochs).
  // The quick design: 5,000 images, 2 against 10 epochs, α ∈ {0, 0.5 %, 1 %, 2 %}, 2 trainings per α.
  const fs::path sweep = run_quick("02c_full_data.toml");
  std::map<int, std::map<double, std::vector<double>>> by_epochs;
  for (const auto& p : sweep_points(sweep))
    by_epochs[static_cast<int>(parse_number(p.axis.at("platform.epochs")))] = response_curve(p.dir);
  REQUIRE(by_epochs.size() == 2);
  const auto& longer = by_epochs.rbegin()->second;
  const auto& shorter = by_epochs.begin()->second;
  const Difference d = curve_difference(longer, shorter, {grid_alpha(longer, 0.01), grid_alpha(longer, 0.02)});
  INFO("S(10 epochs) - S(2 epochs) at alpha 1-2 % = " << d.mean << " ± " << d.se);
  CHECK(d.mean > 2 * d.se);
  CHECK(d.mean > 0.2);
}

TEST_CASE("validation 2b: a feature-only collective gains more success when its target class is more common",
          "[validation]") {
  // Literature §1: feature-only success S(α) ≥ 1 − ((1−p)/(pα))·ξ grows with p, the target's base rate. The quick
  // design sets the bags' share of 3,000 training images to 0.1 or 0.5 (test images not rebalanced).
  const fs::path sweep = run_quick("02b_feature_only_share.toml");
  std::map<double, std::map<double, std::vector<double>>> by_share;
  for (const auto& p : sweep_points(sweep))
    by_share[parse_number(p.axis.at("data.class_share.share"))] = response_curve(p.dir);
  REQUIRE(by_share.size() == 2);
  const auto& rare = by_share.begin()->second;
  const auto& common = by_share.rbegin()->second;
  const Difference d = curve_difference(common, rare, {grid_alpha(common, 0.5), grid_alpha(common, 1.0)});
  INFO("S(share 0.5) - S(share 0.1) at alpha 0.5 and 1 = " << d.mean << " ± " << d.se);
  CHECK(d.mean > 2 * d.se);
  CHECK(d.mean > 0.1);
  // Not only the base rate: the collective's own gain S(1) − S(0) is larger for the common target.
  const Moments c1 = moments(common.at(grid_alpha(common, 1.0))), c0 = moments(common.at(grid_alpha(common, 0.0)));
  const Moments r1 = moments(rare.at(grid_alpha(rare, 1.0))), r0 = moments(rare.at(grid_alpha(rare, 0.0)));
  const double gain = (c1.mean - c0.mean) - (r1.mean - r0.mean);
  const double gain_se = std::sqrt(c1.se * c1.se + c0.se * c0.se + r1.se * r1.se + r0.se * r0.se);
  INFO("gain(share 0.5) - gain(share 0.1) = " << gain << " ± " << gain_se);
  CHECK(gain > 2 * gain_se);
  CHECK(gain > 0.1);
}

TEST_CASE("validation 6b: the collective reaches theta* exactly when alpha >= 1/(1+t_max), t_max its best reachable t",
          "[validation]") {
  // Literature §1: if members can make their mean gradient −t times the base data's at θ*, θ* is stationary for
  // α = 1/(1+t). With reported points confined to the feature box the reachable t is at most t_max, so θ* is
  // attainable iff α ≥ 1/(1+t_max). The engine records per fit t_required = (1−α)/α, the plan's best t and
  // whether t_required is reachable; this runs the full 3-target × 7-size grid (21 trainings).
  const fs::path out = fs::temp_directory_path() / "acasim_validation_06_full";
  fs::remove_all(out);
  const auto r = run_acasim("sweep " + validation_dir + "06_gradient_cancel.toml --quiet --jobs 2 --out " + out.string());
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  struct Row {
    double alpha, t_best, distance;
    bool feasible;
  };
  std::map<std::string, std::vector<Row>> by_target;
  for (const auto& p : sweep_points(out)) {
    const auto m = aca::analysis::read_metrics_csv(p.dir / "metrics.csv");
    by_target[p.axis.at("collective.0.gradient_cancel.theta")].push_back(
        {round0(m, "collective", "alpha"), round0(m, "collective", "cancel_t_best"),
         round0(m, "collective", "theta_distance"), round0(m, "collective", "cancel_feasible") == 1.0});
  }
  REQUIRE(by_target.size() == 3);
  // The plan is the best point combination over the box (a linear program), not a two-point construction: for the
  // far target it reaches t ≈ 0.13 where the construction stopped at 0.095-0.096 (docs/validation.md 6).
  for (const auto& row : by_target.at("[1.42, -1.54, 0.0]"))
    if (row.alpha > 0) CHECK(row.t_best >= 0.105);
  for (const auto& [target, rows] : by_target) {
    // t_max: the best t of the infeasible plans (each is capped by the box, not by the required t).
    double t_max = 0;
    for (const auto& row : rows)
      if (!row.feasible && row.alpha > 0) t_max = std::max(t_max, row.t_best);
    const double threshold = t_max > 0 ? 1.0 / (1.0 + t_max) : 0.0;
    for (const auto& row : rows) {
      if (row.alpha == 0) continue;
      INFO("target " << target << ", alpha " << row.alpha << ", t_max " << t_max << ", threshold " << threshold
                     << ", distance " << row.distance);
      // 2,000 full-batch epochs converge to ~1e-3 (measured 2e-4 to 7e-3 when reachable, ≥ 0.24 when not).
      const bool reached = row.distance < 0.05;
      CHECK(reached == row.feasible);
      // Away from the threshold (±10 % for the spread of t_best across samples) feasibility follows 1/(1+t_max).
      if (row.alpha > 1.1 * threshold) CHECK(row.feasible);
      if (row.alpha < 0.9 * threshold) CHECK_FALSE(row.feasible);
    }
  }
}

TEST_CASE("validation 6 linear: least-squares gradient cancelling reaches theta* at every alpha > 0 (free responses "
          "make t_max infinite)",
          "[validation]") {
  // Literature §1 for least squares: a member's gradient (θ*·x̃ − r)·x̃ has a coefficient its response r sets
  // freely, so the plan reaches every t within any feature box that leaves room (t_max = ∞, threshold
  // 1/(1+t_max) = 0): θ* is stationary for every α > 0. The quick grid: near and far targets at α = 0, 1 %, 40 %.
  const fs::path sweep = run_quick("06b_gradient_cancel_linear.toml");
  int reached = 0;
  for (const auto& p : sweep_points(sweep)) {
    const auto m = aca::analysis::read_metrics_csv(p.dir / "metrics.csv");
    const double alpha = round0(m, "collective", "alpha"), distance = round0(m, "collective", "theta_distance");
    const bool feasible = round0(m, "collective", "cancel_feasible") == 1.0;
    INFO("target " << p.axis.at("collective.0.gradient_cancel.theta") << ", alpha " << alpha << ", distance "
                   << distance << ", t_required " << round0(m, "collective", "cancel_t_required") << ", t_best "
                   << round0(m, "collective", "cancel_t_best"));
    if (alpha == 0) {
      // No members: the platform fits the base data's least squares, far from either target (0.74 and 2.99).
      CHECK_FALSE(feasible);
      CHECK(distance > 0.5);
      continue;
    }
    CHECK(feasible);
    CHECK(round0(m, "collective", "cancel_t_best") == Approx(round0(m, "collective", "cancel_t_required")));
    // Full-batch gradient descent (learning rate 0.1, 2,000 epochs) contracts the error by ≤ 1 − 0.1·λ_min ≈ 0.95
    // per step, so what is left is float32 rounding of the cancelling sums (measured ≤ 5e-7); 1e-4 allows for it.
    CHECK(distance < 1e-4);
    // So the deployed model labels the test points as f_θ* does (1 where θ*·x̃ > ½).
    CHECK(round0(m, "collective", "success") >= 0.999);
    ++reached;
  }
  CHECK(reached == 4);
}
