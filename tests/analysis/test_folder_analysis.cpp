#include <catch2/catch.hpp>

#include "support/slurp.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "analysis/csv_table.hpp"
#include "analysis/folder_analysis.hpp"
#include "analysis/report.hpp"
#include "run_folder/summary_record.hpp"
#include "temp_dir.hpp"
#include "util/column_name.hpp"

namespace fs = std::filesystem;
using namespace aca::analysis;
using namespace aca::numerics;
using aca::analysis::test::ScratchDir;

namespace {

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

std::string num(double v) {
  std::ostringstream s;
  s.precision(17);
  s << v;
  return s.str();
}

// summary.json as the engine writes it: no α* known, not converged.
std::string summary_text(const std::string& mode, const std::vector<std::string>& collectives, double target) {
  aca::run_folder::SummaryRecord s;
  s.mode = mode;
  s.success_model = "one collective";
  s.target_success = target;
  s.collectives = collectives;
  aca::run_folder::CollectiveOutcome none;
  none.critical_mass = none.critical_mass_lower = none.critical_mass_upper = std::nan("");
  s.outcomes.assign(collectives.size(), none);
  return aca::run_folder::to_json(s).dump(2) + "\n";
}

// A run folder as the engine writes it: α and S at round 0 (then α moving towards `next`), manifest, summary.
void write_run(const fs::path& dir, double alpha, double success, double next, const std::string& status = "complete") {
  write(dir / "metrics.csv", "round,collective,metric,value,source\n0,c,alpha," + num(alpha) + ",learned\n0,c,success," +
                                 num(success) + ",learned\n1,c,alpha," + num(next) + ",learned\n1,c,success," +
                                 num(success) + ",learned\n");
  write(dir / "manifest.json", "{\n  \"status\": \"" + status + "\",\n  \"mode\": \"learned\",\n  \"seed\": 3\n}\n");
  write(dir / "summary.json", summary_text("learned", {"c"}, 0.5));
}

// Two ε configurations × 4 α × 3 replicates. ε = 8: S = α / 0.08 (α* = 0.04 exactly, replicate noise symmetric);
// ε = 1: S = α / 0.2 stays below S* = 0.5 on the grid (α* > 0.08). One more point never finished.
fs::path make_sweep(const ScratchDir& tmp) {
  const fs::path dir = tmp / "sweep";
  std::string points = "point,replicate,platform.privacy.target_epsilon,population.initial_members\n";
  int id = 0;
  for (const char* eps : {"1.0", "8.0"})
    for (int m : {10, 20, 40, 80})
      for (int r = 0; r < 3; ++r) {
        const std::string pid = "p" + std::to_string(id++);
        points += pid + "," + std::to_string(r) + "," + eps + ",\"[" + std::to_string(m) + "]\"\n";
        const double alpha = m / 1000.0;
        const double s = alpha / (std::string(eps) == "8.0" ? 0.08 : 0.2) + 0.01 * (r - 1);
        write_run(dir / "points" / pid, alpha, s, std::min(1.0, 2 * alpha));
      }
  points += "pcrash,0,8.0,\"[160]\"\n";
  write_run(dir / "points" / "pcrash", 0.16, 1.0, 0.2, "failed");
  write(dir / "design.csv", points);
  write(dir / "scenario.resolved.toml", "[simulation]\nmode = \"learned\"\n");
  return dir;
}

}  // namespace

TEST_CASE("sweep analysis: points differing only in the alpha axis form one curve whose critical mass is recovered",
          "[analysis][analyze]") {
  ScratchDir tmp("analyze_sweep");
  const fs::path dir = make_sweep(tmp);
  AnalyzeOptions o;
  o.bootstrap.resamples = 300;
  const FolderAnalysis a = analyze_folder(dir, o);
  REQUIRE(a.sweep);
  REQUIRE(a.target == 0.5);
  REQUIRE(a.runs.size() == 25);
  REQUIRE(a.runs.back().status == "failed");
  REQUIRE(a.curves.size() == 2);
  const ConfigCurve& low = a.curves[0];
  const ConfigCurve& high = a.curves[1];
  REQUIRE(low.config == "platform.privacy.target_epsilon=1");
  REQUIRE(low.source == "alpha_axis");
  REQUIRE(low.grid.alphas.size() == 4);  // the failed point at α = 0.16 is not measured
  REQUIRE(high.grid.alphas.size() == 4);
  REQUIRE(high.grid.successes[0].size() == 3);
  REQUIRE(high.critical_mass.point.status == CriticalMassStatus::reached);
  REQUIRE(high.critical_mass.point.alpha == Approx(0.04).margin(1e-12));
  REQUIRE(high.critical_mass.lower <= 0.04);
  REQUIRE(high.critical_mass.upper >= 0.04);
  // Never extrapolated: ε = 1 does not reach S* on the grid.
  REQUIRE(low.critical_mass.point.status == CriticalMassStatus::not_reached);
  REQUIRE(describe(low.critical_mass.point).find("> 0.08") != std::string::npos);

  REQUIRE(a.policies.size() == 1);
  REQUIRE(a.policies[0].parameter == "platform.privacy.target_epsilon");
  REQUIRE(a.policies[0].series.size() == 1);
  REQUIRE(a.policies[0].series[0].x == std::vector<double>{1.0, 8.0});

  const CsvTable cm = read_csv_table(dir / "analysis" / "critical_mass.csv");
  REQUIRE(cm.rows.size() == 2);
  REQUIRE(cm.rows[0][cm.column("status")] == "not_reached");
  REQUIRE(parse_number(cm.rows[1][cm.column("alpha_star")]) == Approx(0.04).margin(1e-12));
  REQUIRE(read_csv_table(dir / "analysis" / "runs.csv").rows.size() == 25);
  REQUIRE(fs::exists(dir / "analysis" / "critical_mass_vs_platform_privacy_target_epsilon.csv"));
  // Dynamics of every replicate of each configuration (the failed point has no metrics read).
  REQUIRE(a.dynamics.size() == 2 * 4 * 3);
  REQUIRE(a.dynamics[0].alpha[0].y == std::vector<double>{0.01, 0.02});
}

TEST_CASE("run analysis: response curve with band and bootstrap critical mass, dynamics and fixed points",
          "[analysis][analyze]") {
  ScratchDir tmp("analyze_run");
  const fs::path dir = tmp / "run";
  write_run(dir, 0.02, 0.3, 0.05);
  std::string rc = "collective,alpha,replicate,success,fit,fit_lower,fit_upper\n";
  for (double alpha : {0.0, 0.05, 0.1, 0.2})
    for (int r = 0; r < 4; ++r) rc += "c," + num(alpha) + "," + std::to_string(r) + "," + num(std::min(1.0, 4 * alpha) + 0.01 * (r % 2)) + ",0,0,0\n";
  write(dir / "response_curve.csv", rc);
  write(dir / "equilibria.csv", "collective,alpha,slope,stability,tipping_point\nc,0,0,stable,false\n"
                                "c,0.03,2,unstable,true\nc,0.2,0.1,stable,false\n");
  write(dir / "constructiveness.csv", "collective,other,success_with_other,success_alone,constructiveness,relative\n"
                                      "c,d,0.2,0.4,-0.2,-0.5\nd,c,0.3,0.3,0,0\n");
  const FolderAnalysis a = analyze_folder(dir);
  REQUIRE(!a.sweep);
  // The engine's own constructiveness is carried into the analysis.
  REQUIRE(a.constructiveness.size() == 1);
  REQUIRE(a.constructiveness[0].source == "engine");
  REQUIRE(a.constructiveness[0].collectives == std::vector<std::string>{"c", "d"});
  REQUIRE(a.constructiveness[0].matrix.raw(0, 1) == -0.2);
  REQUIRE(a.constructiveness[0].matrix.normalised(0, 1) == -0.5);
  REQUIRE(std::isnan(a.constructiveness[0].matrix.raw(0, 0)));
  // Outcomes at the last round: final α and S of each collective.
  REQUIRE(a.runs[0].outcomes.size() == 2);
  REQUIRE(a.runs[0].outcomes[0].first == "final alpha c");
  REQUIRE(a.runs[0].outcomes[0].second == 0.05);
  REQUIRE(a.runs.size() == 1);
  REQUIRE(a.curves.size() == 1);
  REQUIRE(a.curves[0].source == "response_curve");
  REQUIRE(a.curves[0].grid.alphas.size() == 4);
  // Means 0.005, 0.205, 0.405, 0.805: S* = 0.5 is crossed between 0.1 and 0.2 at 0.1 + 0.1·0.095/0.4.
  REQUIRE(a.curves[0].critical_mass.point.alpha == Approx(0.1 + 0.1 * 0.095 / 0.4).margin(1e-12));
  REQUIRE(a.maps.size() == 1);
  REQUIRE(a.maps[0].fixed_points.size() == 3);
  REQUIRE(a.maps[0].fixed_points[1].tipping_point);
  REQUIRE(a.maps[0].transitions.x == std::vector<double>{0.02});
  REQUIRE(a.maps[0].transitions.y == std::vector<double>{0.05});
  REQUIRE(a.dynamics.size() == 1);
  REQUIRE(fs::exists(dir / "analysis" / "equilibria.csv"));
  REQUIRE(fs::exists(dir / "analysis" / "success_curves.csv"));
}

TEST_CASE("a folder that is neither a run nor a sweep is a read error", "[analysis][analyze]") {
  ScratchDir tmp("analyze_empty");
  REQUIRE_THROWS_AS(analyze_folder(tmp.path()), RunReadError);
}

TEST_CASE("the report references only existing non-empty figures and lists every run it summarises",
          "[analysis][report]") {
  ScratchDir tmp("report");
  const fs::path dir = make_sweep(tmp);
  AnalyzeOptions o;
  o.bootstrap.resamples = 200;
  const FolderAnalysis a = analyze_folder(dir, o);
  const Report r = write_report(a, dir / "report");
  REQUIRE(r.figures.size() >= 3);  // S(α), α*(ε), trajectories
  for (const fs::path& f : {r.markdown, r.html}) {
    const std::string text = slurp(f);
    const auto refs = referenced_files(text);
    REQUIRE(refs.size() >= r.figures.size());
    for (const auto& ref : refs) {
      INFO(f.string() << " references " << ref);
      REQUIRE(fs::file_size(dir / "report" / ref) > 0);
      if (ref.size() > 4 && ref.substr(ref.size() - 4) == ".png") REQUIRE(is_png_file(dir / "report" / ref));
      if (ref.size() > 4 && ref.substr(ref.size() - 4) == ".svg") REQUIRE(is_svg_file(dir / "report" / ref));
    }
    for (const auto& run : a.runs) {
      INFO(run.id);
      REQUIRE(text.find(run.id) != std::string::npos);
    }
    REQUIRE(text.find("0.08 (max alpha tested)") != std::string::npos);  // "> " is "&gt; " in HTML
    REQUIRE(text.find("learned") != std::string::npos);  // the mode and the manifest fields
  }
  for (const auto& fig : r.figures) {
    REQUIRE(is_png_file(fig.png));
    REQUIRE(is_svg_file(fig.svg));
  }
}

TEST_CASE("referenced_files finds Markdown images and HTML sources in order", "[analysis][report]") {
  const auto refs = referenced_files("a ![x](figures/a.png) b [s](figures/a.svg)\n<img src=\"figures/b.svg\">");
  REQUIRE(refs == std::vector<std::string>{"figures/a.png", "figures/a.svg", "figures/b.svg"});
}

TEST_CASE("read_csv_table handles quoted fields and rejects ragged rows", "[analysis][csv]") {
  ScratchDir tmp("csv");
  write(tmp / "a.csv", "k,v\n\"x,y\",\"say \"\"hi\"\"\"\n");
  const CsvTable t = read_csv_table(tmp / "a.csv");
  REQUIRE(t.rows.size() == 1);
  REQUIRE(t.rows[0][0] == "x,y");
  REQUIRE(t.rows[0][1] == "say \"hi\"");
  write(tmp / "b.csv", "k,v\n1\n");
  REQUIRE_THROWS_AS(read_csv_table(tmp / "b.csv"), RunReadError);
}

TEST_CASE("constructiveness of two collectives from points where each acts alone and both act", "[analysis][analyze]") {
  ScratchDir tmp("analyze_ct");
  const fs::path dir = tmp / "sweep";
  // S_a: 0.6 alone, 0.3 with b (b hurts a); S_b: 0.4 alone, 0.5 with a (a helps b).
  struct P { const char* id; const char* members; double aa, ab, sa, sb; };
  const P pts[] = {{"pa", "[10, 0]", 0.01, 0.0, 0.6, 0.0}, {"pb", "[0, 20]", 0.0, 0.02, 0.0, 0.4},
                   {"pab", "[10, 20]", 0.01, 0.02, 0.3, 0.5}};
  std::string index = "point,replicate,population.initial_members\n";
  for (const auto& p : pts) {
    index += std::string(p.id) + ",0,\"" + p.members + "\"\n";
    const fs::path d = dir / "points" / p.id;
    write(d / "metrics.csv", "round,collective,metric,value,source\n0,a,alpha," + num(p.aa) + ",theory\n0,a,success," +
                                 num(p.sa) + ",theory\n0,b,alpha," + num(p.ab) + ",theory\n0,b,success," + num(p.sb) +
                                 ",theory\n");
    write(d / "manifest.json", "{\"status\": \"complete\", \"mode\": \"theory\"}");
    write(d / "summary.json", summary_text("theory", {"a", "b"}, 0.9));
  }
  write(dir / "design.csv", index);
  const FolderAnalysis a = analyze_folder(dir);
  REQUIRE(a.constructiveness.size() == 1);
  const auto& c = a.constructiveness[0];
  REQUIRE(c.collectives == std::vector<std::string>{"a", "b"});
  REQUIRE(c.profile == std::vector<double>{0.01, 0.02});
  REQUIRE(c.matrix.raw(0, 1) == Approx(-0.3));
  REQUIRE(c.matrix.normalised(0, 1) == Approx(-0.5));
  REQUIRE(c.matrix.raw(1, 0) == Approx(0.1));
  REQUIRE(c.matrix.normalised(1, 0) == Approx(0.25));
  REQUIRE(read_csv_table(dir / "analysis" / "constructiveness.csv").rows.size() == 2);
}

namespace {

// A learned-mode point as the engine writes it for a private platform: round-0 α and S of collective c, and the
// platform's round-0 ε, δ and training_rows (`extra` adds more platform metrics, e.g. worst_group_accuracy).
void write_private_run(const fs::path& dir, double alpha, double success, double epsilon, double rows,
                       const std::string& extra = "") {
  write(dir / "metrics.csv", "round,collective,metric,value,source\n0,,training_rows," + num(rows) +
                                 ",learned\n0,,epsilon," + num(epsilon) + ",learned\n0,,delta,1e-05,learned\n" +
                                 extra + "0,c,alpha," + num(alpha) + ",learned\n0,c,success," + num(success) +
                                 ",learned\n");
  write(dir / "manifest.json", "{\n  \"status\": \"complete\",\n  \"mode\": \"learned\",\n  \"seed\": 3\n}\n");
  write(dir / "summary.json", summary_text("learned", {"c"}, 0.5));
}

// 1000 training rows, α ∈ {0, 0.01, 0.02, 0.04}, 2 identical replicates. ε = 0.001: S stays 0.1 up to α = 0.02
// (cap ≈ 0.1011, 0.1022), then jumps to 0.6 at α = 0.04 where the cap is e^{0.04}·0.1 + 40·e^{0.039}·1e-5 ≈ 0.1045:
// exactly one violation. ε = 1: the cap is 1 from k = 10 on, so S rising to 0.9 violates nothing.
fs::path make_private_sweep(const ScratchDir& tmp) {
  const fs::path dir = tmp / "private_sweep";
  std::string points = "point,replicate,platform.privacy.target_epsilon,population.initial_members\n";
  const std::vector<double> tight = {0.1, 0.1, 0.1, 0.6}, loose = {0.1, 0.3, 0.5, 0.9};
  int id = 0;
  for (const double eps : {0.001, 1.0})
    for (std::size_t j = 0; j < 4; ++j)
      for (int r = 0; r < 2; ++r) {
        const int members = std::vector<int>{0, 10, 20, 40}[j];
        const std::string pid = "q" + std::to_string(id++);
        points += pid + "," + std::to_string(r) + "," + num(eps) + ",\"[" + std::to_string(members) + "]\"\n";
        write_private_run(dir / "points" / pid, members / 1000.0, (eps < 0.5 ? tight : loose)[j], eps, 1000);
      }
  write(dir / "design.csv", points);
  write(dir / "scenario.resolved.toml", "[simulation]\nmode = \"learned\"\n");
  return dir;
}

}  // namespace

TEST_CASE("group-privacy cap beside a private measured curve: a constructed violation is counted and reported, "
          "a curve under its cap is not", "[analysis][analyze][privacy]") {
  ScratchDir tmp("analyze_private");
  const fs::path dir = make_private_sweep(tmp);
  AnalyzeOptions o;
  o.bootstrap.resamples = 100;
  std::ostringstream warn;
  o.warn = &warn;
  const FolderAnalysis a = analyze_folder(dir, o);
  REQUIRE(a.curves.size() == 2);
  const ConfigCurve& tight = a.curves[0];
  const ConfigCurve& loose = a.curves[1];
  REQUIRE(tight.epsilon == 0.001);
  REQUIRE(tight.delta == 1e-5);
  REQUIRE(tight.training_rows == 1000);
  REQUIRE(tight.privacy_note.empty());
  REQUIRE(tight.privacy_cap.x == std::vector<double>{0.0, 0.01, 0.02, 0.04});
  for (std::size_t j = 0; j < 4; ++j) {
    const auto k = static_cast<std::int64_t>(std::llround(tight.privacy_cap.x[j] * 1000));
    REQUIRE(tight.privacy_cap.y[j] == Approx(std::exp(k * 0.001) * 0.1 + k * std::exp((k - 1) * 0.001) * 1e-5));
  }
  REQUIRE(tight.cap_violations == std::vector<double>{0.04});
  REQUIRE(loose.privacy_note.empty());
  REQUIRE(loose.privacy_cap.y[1] == 1.0);
  REQUIRE(loose.cap_violations.empty());
  REQUIRE(a.warnings.size() == 1);
  REQUIRE(a.warnings[0].find("GROUP-PRIVACY BOUND VIOLATED") != std::string::npos);
  REQUIRE(warn.str().find("GROUP-PRIVACY BOUND VIOLATED") != std::string::npos);

  const CsvTable sc = read_csv_table(dir / "analysis" / "success_curves.csv");
  REQUIRE(sc.rows.size() == 8);
  REQUIRE(parse_number(sc.rows[3][sc.column("group_privacy_cap")]) == Approx(tight.privacy_cap.y[3]));
  REQUIRE(parse_number(sc.rows[3][sc.column("group_privacy_cap")]) < parse_number(sc.rows[3][sc.column("mean")]));

  const Report r = write_report(a, dir / "report");
  const std::string md = slurp(r.markdown);
  REQUIRE(md.find("WARNING: 1 measured success(es) above the group-privacy upper bound") != std::string::npos);
  REQUIRE(md.find("VIOLATED at α = 0.04") != std::string::npos);
  REQUIRE(slurp(r.html).find("GROUP-PRIVACY BOUND VIOLATED") != std::string::npos);
  // The cap is drawn on the S(α) figure and labelled as an upper bound.
  const std::string script = slurp(dir / "report" / "figures" / "success_curves_c.gp");
  REQUIRE(script.find("group-privacy cap") != std::string::npos);
  REQUIRE(script.find("(upper bound)") != std::string::npos);
  REQUIRE(is_png_file(dir / "report" / "figures" / "success_curves_c.png"));
}

TEST_CASE("group-privacy cap: skipped and said so without alpha = 0 on the grid, absent for non-private runs",
          "[analysis][analyze][privacy]") {
  ScratchDir tmp("analyze_private_no_zero");
  const fs::path dir = tmp / "run";
  write_private_run(dir, 0.02, 0.3, 2.0, 500);
  write(dir / "response_curve.csv", "collective,alpha,replicate,success,fit,fit_lower,fit_upper\n"
                                    "c,0.01,0,0.2,0,0,0\nc,0.05,0,0.6,0,0,0\n");
  AnalyzeOptions o;
  o.warn = nullptr;
  const FolderAnalysis a = analyze_folder(dir, o);
  REQUIRE(a.curves.size() == 1);
  REQUIRE(a.curves[0].epsilon == 2.0);
  REQUIRE(a.curves[0].privacy_cap.x.empty());
  REQUIRE(a.curves[0].privacy_note.find("no α = 0") != std::string::npos);
  REQUIRE(a.warnings.size() == 1);
  const CsvTable sc = read_csv_table(dir / "analysis" / "success_curves.csv");
  REQUIRE(sc.rows[0][sc.column("group_privacy_cap")].empty());

  // Not private: no ε recorded, no cap, no warning.
  ScratchDir tmp2("analyze_not_private");
  const fs::path plain = make_sweep(tmp2);
  o.bootstrap.resamples = 50;
  const FolderAnalysis b = analyze_folder(plain, o);
  REQUIRE(b.warnings.empty());
  for (const auto& c : b.curves) {
    REQUIRE(std::isinf(c.epsilon));
    REQUIRE(c.privacy_cap.x.empty());
  }
}

TEST_CASE("a platform.learner axis with an alpha axis gives S(alpha) per learner on one figure and alpha* per "
          "learner", "[analysis][report][learners]") {
  ScratchDir tmp("learners_alpha");
  const fs::path dir = tmp / "sweep";
  std::string points = "point,replicate,platform.learner,population.initial_members\n";
  int id = 0;
  for (const char* learner : {"sgd", "gdro"})
    for (int m : {10, 20, 40, 80})
      for (int r = 0; r < 2; ++r) {
        const std::string pid = "p" + std::to_string(id++);
        points += pid + "," + std::to_string(r) + ",'" + learner + "',\"[" + std::to_string(m) + "]\"\n";  // as sweeps write it
        write_run(dir / "points" / pid, m / 1000.0, m / (std::string(learner) == "sgd" ? 80.0 : 160.0), m / 1000.0);
      }
  write(dir / "design.csv", points);
  write(dir / "scenario.resolved.toml", "[simulation]\nmode = \"learned\"\n");
  AnalyzeOptions o;
  o.bootstrap.resamples = 50;
  const FolderAnalysis a = analyze_folder(dir, o);
  REQUIRE(a.learners.has_value());
  REQUIRE(a.learners->learners == std::vector<std::string>{"sgd", "gdro"});
  REQUIRE(a.learners->curves.size() == 2);
  REQUIRE(a.learners->curves[0].first == "sgd");
  REQUIRE(a.learners->curves[1].first == "gdro");
  // sgd: S = α / 0.08 reaches 0.5 at α = 0.04; gdro: S = α / 0.16 reaches it at 0.08.
  REQUIRE(a.curves[a.learners->curves[0].second].critical_mass.point.alpha == Approx(0.04));
  REQUIRE(a.curves[a.learners->curves[1].second].critical_mass.point.alpha == Approx(0.08));
  const Report r = write_report(a, dir / "report");
  const fs::path fig = dir / "report" / "figures" / "learners_success_c.png";
  REQUIRE(is_png_file(fig));
  const std::string md = slurp(r.markdown);
  REQUIRE(md.find("figures/learners_success_c.png") != std::string::npos);
  REQUIRE(md.find("## Learners compared") != std::string::npos);
  const std::string script = slurp(dir / "report" / "figures" / "learners_success_c.gp");
  // Legends name the learners in the reader's words, one entry per curve.
  REQUIRE(script.find("with linespoints lt 1 title 'ERM (SGD)'") != std::string::npos);
  REQUIRE(script.find("with linespoints lt 2 title 'Group DRO'") != std::string::npos);
  REQUIRE(script.find("sgd") == std::string::npos);
}

TEST_CASE("a platform.learner axis without an alpha axis gives the outcomes per learner as a point figure",
          "[analysis][report][learners]") {
  ScratchDir tmp("learners_outcomes");
  const fs::path dir = tmp / "sweep";
  std::string points = "point,replicate,platform.learner\n";
  int id = 0;
  for (const char* learner : {"sgd", "gdro"})
    for (int r = 0; r < 2; ++r) {
      const std::string pid = "p" + std::to_string(id++);
      points += pid + "," + std::to_string(r) + ",\"\"\"" + learner + "\"\"\"\n";
      const double wga = (std::string(learner) == "sgd" ? 0.6 : 0.8) + 0.02 * r;
      write_private_run(dir / "points" / pid, 0.05, 0.4 + 0.1 * r, 3.0, 100,
                        "0,,worst_group_accuracy," + num(wga) + ",learned\n");
    }
  write(dir / "design.csv", points);
  write(dir / "scenario.resolved.toml", "[simulation]\nmode = \"learned\"\n");
  AnalyzeOptions o;
  o.warn = nullptr;
  const FolderAnalysis a = analyze_folder(dir, o);
  REQUIRE(a.learners.has_value());
  const auto& l = *a.learners;
  const auto it = std::find(l.outcomes.begin(), l.outcomes.end(), "worst_group_accuracy");
  REQUIRE(it != l.outcomes.end());
  REQUIRE(l.groups.size() == 1);  // no other axis: one group
  const auto& wga = l.groups[0].means[static_cast<std::size_t>(it - l.outcomes.begin())];
  REQUIRE(wga[0] == Approx(0.61));
  REQUIRE(wga[1] == Approx(0.81));
  const auto s = std::find(l.outcomes.begin(), l.outcomes.end(), "final success c");
  REQUIRE(s != l.outcomes.end());
  REQUIRE(l.groups[0].means[static_cast<std::size_t>(s - l.outcomes.begin())][0] == Approx(0.45));
  const CsvTable t = read_csv_table(dir / "analysis" / "learner_outcomes.csv");
  REQUIRE(t.rows.size() == 2 * l.outcomes.size());
  REQUIRE(t.header ==
          std::vector<std::string>{"platform_learner", "collective", "outcome", "mean", "min", "max", "runs"});
  // The runs' range beside the mean: worst-group accuracy 0.6 / 0.62 of sgd's two runs.
  const auto sgd_wga = std::find_if(t.rows.begin(), t.rows.end(), [&](const auto& row) {
    return row[0] == "sgd" && row[t.column("outcome")] == "worst_group_accuracy";
  });
  REQUIRE(sgd_wga != t.rows.end());
  CHECK(parse_number((*sgd_wga)[t.column("min")]) == Approx(0.6));
  CHECK(parse_number((*sgd_wga)[t.column("max")]) == Approx(0.62));
  CHECK((*sgd_wga)[t.column("runs")] == "2");
  CHECK(l.groups[0].lows[static_cast<std::size_t>(it - l.outcomes.begin())][1] == Approx(0.8));
  CHECK(l.groups[0].highs[static_cast<std::size_t>(it - l.outcomes.begin())][1] == Approx(0.82));
  const Report r = write_report(a, dir / "report");
  REQUIRE(is_png_file(dir / "report" / "figures" / "learners_outcomes.png"));
  REQUIRE(is_svg_file(dir / "report" / "figures" / "learners_outcomes.svg"));
  for (const fs::path& f : {r.markdown, r.html}) {
    const auto refs = referenced_files(slurp(f));
    REQUIRE(std::find(refs.begin(), refs.end(), "figures/learners_outcomes.svg") != refs.end());
  }
  const std::string gp = slurp(dir / "report" / "figures" / "learners_outcomes.gp");
  REQUIRE(gp.find("set xtics ('ERM (SGD)' 0, 'Group DRO' 1)") != std::string::npos);
  REQUIRE(gp.find("set xlabel 'learner'") != std::string::npos);
  REQUIRE(gp.find("using 1:2:3:4 with yerrorbars") != std::string::npos);
  // Error bars from the runs' range: worst-group accuracy 0.6 / 0.62 (sgd) and 0.8 / 0.82 (gdro), means between.
  const std::string dat = slurp(dir / "report" / "figures" / "learners_outcomes.dat");
  const auto block = dat.find("# worst-group accuracy: category value lower upper\n");
  REQUIRE(block != std::string::npos);
  std::istringstream rows(dat.substr(dat.find('\n', block) + 1));
  double x = 0, mean = 0, lo = 0, hi = 0;
  REQUIRE(rows >> x >> mean >> lo >> hi);
  CHECK(mean == Approx(0.61));
  CHECK(lo == Approx(0.6));
  CHECK(hi == Approx(0.62));
  REQUIRE(rows >> x >> mean >> lo >> hi);
  CHECK(mean == Approx(0.81));
  CHECK(lo == Approx(0.8));
  CHECK(hi == Approx(0.82));
}

TEST_CASE("report figures name settings in the reader's words, put ticks at the swept values and draw the "
          "replicates' range", "[analysis][report][style]") {
  ScratchDir tmp("report_words");
  const fs::path dir = make_sweep(tmp);
  AnalyzeOptions o;
  o.bootstrap.resamples = 50;
  o.warn = nullptr;
  const FolderAnalysis a = analyze_folder(dir, o);
  write_report(a, dir / "report");
  const fs::path figs = dir / "report" / "figures";
  const std::string curves = slurp(figs / "success_curves_c.gp");
  CHECK(curves.find("title 'ε = 1'") != std::string::npos);
  CHECK(curves.find("title 'ε = 8'") != std::string::npos);
  const std::string policy = slurp(figs / "critical_mass_vs_platform_privacy_target_epsilon.gp");
  CHECK(policy.find("set xlabel 'privacy budget ε' noenhanced") != std::string::npos);
  CHECK(policy.find("set xtics ('1' 1, '8' 8)\n") != std::string::npos);
  CHECK(policy.find("title 'c'") != std::string::npos);
  // Three replicates per configuration: the Dynamics section draws α(t) and S(t) across replicates, legends in the
  // reader's words.
  const std::string alpha_gp = slurp(figs / "replicates_c_0.gp");
  CHECK(alpha_gp.find("title 'ε = 1, initial members = 10'") != std::string::npos);
  const std::string success_gp = slurp(figs / "replicates_success_c_0.gp");
  CHECK(success_gp.find("title 'ε = 1, initial members = 10'") != std::string::npos);
  // Every figure: no key, point id or key=value string in a title or label.
  for (const auto& e : fs::directory_iterator(figs)) {
    if (e.path().extension() != ".gp") continue;
    const std::string gp = slurp(e.path());
    INFO(e.path());
    CHECK(gp.find("title 'p0") == std::string::npos);
    CHECK(gp.find("platform.privacy") == std::string::npos);
    CHECK(gp.find("=8") == std::string::npos);
    CHECK(gp.find("set title") == std::string::npos);
  }
  // Three replicates per configuration: both figures carry the replicates' range (round mean min max) as a band.
  for (const std::string* gp : {&alpha_gp, &success_gp})
    CHECK(gp->find("using 1:3:4 with filledcurves") != std::string::npos);
  const std::string header = "# ε = 1, initial members = 10, mean min max over 3 replicates\n";
  const std::string dat = slurp(figs / "replicates_c_0.dat");
  const auto block = dat.find(header);
  REQUIRE(block != std::string::npos);
  std::istringstream rows(dat.substr(block + header.size()));
  double t = 0, v = 0, lo = 0, hi = 0;
  REQUIRE(rows >> t >> v >> lo >> hi);
  CHECK(t == 0);
  CHECK(v == Approx(0.01));  // ε = 1, initial members 10: α = 0.01 in every replicate
  CHECK(lo == Approx(0.01));
  CHECK(hi == Approx(0.01));
  // The success figure's block of the same configuration: replicate r has S = 0.05 + 0.01 (r − 1) at round 0.
  const std::string sdat = slurp(figs / "replicates_success_c_0.dat");
  const auto success = sdat.find(header);
  REQUIRE(success != std::string::npos);
  std::istringstream srows(sdat.substr(success + header.size()));
  REQUIRE(srows >> t >> v >> lo >> hi);
  CHECK(v == Approx(0.05));
  CHECK(lo == Approx(0.04));
  CHECK(hi == Approx(0.06));
  // The convergence table names configurations in the same words, never key=value.
  const std::string md = slurp(dir / "report" / "report.md");
  const std::string dynamics = md.substr(md.find("## Dynamics"));
  CHECK(dynamics.find("| ε = 1, initial members = 10 |") != std::string::npos);
  CHECK(dynamics.substr(0, dynamics.find("\n## ", 1)).find("platform.privacy") == std::string::npos);
}

namespace {

// learner × ε × initial members [m, 20] of collectives "left" and "right" × 2 replicates, as `acasim sweep` writes
// the design (TOML text: 'erm', inf, "[10, 20]"). Platform rows name the platform. clean_accuracy =
// 0.5 + 0.1·(index of ε) + 0.05·(gdro) + 0.01·replicate + 0.001·(m = 40): a mean pooling ε would be off by ≥ 0.05.
// Replicate 1 stops one round earlier (stop_when = converged).
const std::vector<std::string> epsilons = {"1.0", "4.0", "inf"};

double clean_accuracy(std::size_t eps, bool gdro, int replicate, int members) {
  return 0.5 + 0.1 * static_cast<double>(eps) + (gdro ? 0.05 : 0.0) + 0.01 * replicate + (members == 40 ? 0.001 : 0.0);
}

void write_two_collective_run(const fs::path& dir, std::size_t eps, bool gdro, int replicate, int members) {
  std::string m = "round,collective,metric,value,source\n";
  const int rounds = replicate == 0 ? 3 : 2;
  for (int t = 0; t < rounds; ++t) {
    const double left = members / 1000.0 + 0.1 * t + 0.01 * replicate;
    m += std::to_string(t) + ",left,alpha," + num(left) + ",learned\n";
    m += std::to_string(t) + ",left,success," + num(std::min(1.0, 10 * left)) + ",learned\n";
    m += std::to_string(t) + ",right,alpha,0.02,learned\n";
    m += std::to_string(t) + ",right,success,0.1,learned\n";
    m += std::to_string(t) + ",platform,clean_accuracy," + num(clean_accuracy(eps, gdro, replicate, members)) +
         ",learned\n";
  }
  write(dir / "metrics.csv", m);
  write(dir / "manifest.json", "{\n  \"status\": \"complete\",\n  \"mode\": \"learned\",\n  \"seed\": 3\n}\n");
  write(dir / "summary.json", summary_text("learned", {"left", "right"}, 0.5));
  write(dir / "equilibria.csv",
        "collective,alpha,slope,stability,tipping_point,map\nleft,0.3,0.5,stable,false,mean_field\n");
  write(dir / "constructiveness.csv", "collective,other,success_with_other,success_alone,constructiveness,relative\n"
                                      "left,right,0.2,0.4,-0.2,-0.5\nright,left,0.3,0.3,0,0\n");
}

fs::path make_two_axis_sweep(const ScratchDir& tmp) {
  const fs::path dir = tmp / "two_axis";
  std::string points = "point,replicate,platform.learner,platform.privacy.target_epsilon,population.initial_members\n";
  int id = 0;
  for (const char* learner : {"erm", "gdro"})
    for (std::size_t e = 0; e < epsilons.size(); ++e)
      for (int members : {10, 40})
        for (int r = 0; r < 2; ++r) {
          const std::string pid = "p" + std::to_string(id++);
          points += pid + "," + std::to_string(r) + ",'" + learner + "'," + epsilons[e] + ",\"[" +
                    std::to_string(members) + ", 20]\"\n";
          write_two_collective_run(dir / "points" / pid, e, std::string(learner) == "gdro", r, members);
        }
  write(dir / "points.csv", points);
  write(dir / "scenario.resolved.toml", "[simulation]\nmode = \"learned\"\n");
  return dir;
}

AnalyzeOptions quiet_options() {
  AnalyzeOptions o;
  o.warn = nullptr;
  o.bootstrap.resamples = 50;
  return o;
}

const std::vector<std::string> setting_header = {"platform_learner", "platform_privacy_target_epsilon",
                                                 "population_initial_members_left",
                                                 "population_initial_members_right"};

std::vector<std::string> concat(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

}  // namespace

TEST_CASE("analysis tables on a two-axis sweep: point, replicate and one typed column per axis, no labels, "
          "no sentinels", "[analysis][analyze][tables]") {
  ScratchDir tmp("two_axis_tables");
  const fs::path dir = make_two_axis_sweep(tmp);
  analyze_folder(dir, quiet_options());
  const CsvTable runs = read_csv_table(dir / "analysis" / "runs.csv");
  REQUIRE(runs.header == concat(concat({"point", "replicate"}, setting_header),
                                {"status", "mode", "critical_mass_left", "critical_mass_right", "converged",
                                 "converged_round", "period", "dir"}));
  REQUIRE(runs.rows.size() == 24);
  // p5: erm, ε = 4, m = 10, replicate 1. Strings unquoted, inf as inf, the list split per collective;
  // an unknown α* and a run that did not converge are empty cells.
  const auto& p5 = runs.rows[5];
  REQUIRE(std::vector<std::string>(p5.begin(), p5.begin() + 6) ==
          std::vector<std::string>{"p5", "1", "erm", "4.0", "10", "20"});
  const auto& p9 = runs.rows[9];
  REQUIRE(std::vector<std::string>(p9.begin(), p9.begin() + 6) ==
          std::vector<std::string>{"p9", "1", "erm", "inf", "10", "20"});
  REQUIRE(p9[runs.column("critical_mass_left")].empty());
  REQUIRE(p9[runs.column("converged")] == "false");
  REQUIRE(p9[runs.column("converged_round")].empty());

  const CsvTable cm = read_csv_table(dir / "analysis" / "critical_mass.csv");
  // Per configuration: the α axis is what the curve spans, so it has no column.
  REQUIRE(cm.header[0] == "platform_learner");
  REQUIRE(cm.header[1] == "platform_privacy_target_epsilon");
  REQUIRE(cm.header[2] == "collective");
  REQUIRE(cm.rows.size() == 2 * 3 * 2);
  REQUIRE(cm.rows[0][0] == "erm");
  REQUIRE(cm.rows[0][1] == "1.0");  // a real axis keeps its decimal point, as in points.csv
  REQUIRE(cm.rows[0][2] == "left");
  REQUIRE(cm.rows[11][0] == "gdro");
  REQUIRE(cm.rows[11][1] == "inf");
  REQUIRE(cm.rows[11][2] == "right");
  for (const char* f : {"critical_mass.csv", "success_curves.csv", "dynamics.csv", "runs.csv", "learner_outcomes.csv",
                        "critical_mass_vs_platform_privacy_target_epsilon.csv"}) {
    INFO(f);
    const CsvTable t = read_csv_table(dir / "analysis" / f);
    for (const char* gone : {"config", "run", "map", "series", "label"}) REQUIRE_FALSE(t.has(gone));
    for (const auto& h : t.header) REQUIRE(h == aca::util::column_name(h));
    for (const auto& row : t.rows)
      for (const auto& v : row) {
        REQUIRE(v != "nan");
        REQUIRE(v != "-1");
        REQUIRE(v.find('\'') == std::string::npos);
        REQUIRE(v.find('[') == std::string::npos);
      }
  }
  const CsvTable vs = read_csv_table(dir / "analysis" / "critical_mass_vs_platform_privacy_target_epsilon.csv");
  REQUIRE(vs.header == concat({"platform_learner", "platform_privacy_target_epsilon"},
                              {"collective", "target", "status", "alpha_star", "max_alpha_tested", "level", "lower",
                               "upper", "resamples", "resamples_not_reached"}));
  REQUIRE(vs.rows.size() == 12);
  // Sorted by ε within each series (collective, learner): 1, 4, inf.
  REQUIRE((vs.rows[0][1] == "1.0" && vs.rows[1][1] == "4.0" && vs.rows[2][1] == "inf"));
}

TEST_CASE("learner outcomes are means within every setting of the other axes: epsilon 4 and 1 never pooled",
          "[analysis][analyze][tables][learners]") {
  ScratchDir tmp("two_axis_learners");
  const fs::path dir = make_two_axis_sweep(tmp);
  const FolderAnalysis a = analyze_folder(dir, quiet_options());
  REQUIRE(a.learners.has_value());
  REQUIRE(a.learners->groups.size() == 3);  // one per ε; the α axis and the replicate are pooled
  const CsvTable t = read_csv_table(dir / "analysis" / "learner_outcomes.csv");
  REQUIRE(t.header == std::vector<std::string>{"platform_learner", "platform_privacy_target_epsilon", "collective",
                                               "outcome", "mean", "min", "max", "runs"});
  std::size_t checked = 0;
  for (const auto& row : t.rows) {
    if (row[t.column("outcome")] != "clean_accuracy") continue;
    REQUIRE(row[t.column("collective")] == "platform");
    const std::size_t e = static_cast<std::size_t>(
        std::find(epsilons.begin(), epsilons.end(), row[1]) - epsilons.begin());
    REQUIRE(e < epsilons.size());
    const bool gdro = row[0] == "gdro";
    // Mean over replicates 0, 1 and m = 10, 40 of that learner and ε only.
    double expected = 0;
    for (int r : {0, 1})
      for (int m : {10, 40}) expected += clean_accuracy(e, gdro, r, m) / 4;
    REQUIRE(parse_number(row[t.column("mean")]) == Approx(expected).epsilon(1e-12));
    // Its range over the same four runs: replicate 0 at m = 10 lowest, replicate 1 at m = 40 highest.
    REQUIRE(parse_number(row[t.column("min")]) == Approx(clean_accuracy(e, gdro, 0, 10)).epsilon(1e-12));
    REQUIRE(parse_number(row[t.column("max")]) == Approx(clean_accuracy(e, gdro, 1, 40)).epsilon(1e-12));
    REQUIRE(row[t.column("runs")] == "4");
    ++checked;
  }
  REQUIRE(checked == 2 * 3);
  // The collectives' outcomes carry the collective in its own column.
  const auto left = std::find_if(t.rows.begin(), t.rows.end(), [&](const auto& r) {
    return r[t.column("collective")] == "left" && r[t.column("outcome")] == "final_alpha";
  });
  REQUIRE(left != t.rows.end());
  // The report's learner table has one row per outcome and ε, and names ε.
  write_report(a, dir / "report");
  const std::string md = slurp(dir / "report" / "report.md");
  REQUIRE(md.find("| clean_accuracy | ε = 4 |") != std::string::npos);
  REQUIRE(md.find("| clean_accuracy | ε = 1 |") != std::string::npos);
}

TEST_CASE("platform rows named platform read back as platform-wide series, like an empty collective",
          "[analysis][analyze][tables]") {
  ScratchDir tmp("two_axis_platform");
  const fs::path dir = make_two_axis_sweep(tmp);
  const FolderAnalysis a = analyze_folder(dir, quiet_options());
  const auto& o = a.runs[0].outcomes;
  const auto it = std::find_if(o.begin(), o.end(), [](const auto& kv) { return kv.first == "clean_accuracy"; });
  REQUIRE(it != o.end());
  REQUIRE(it->second == Approx(clean_accuracy(0, false, 0, 10)));
  // "platform" is not taken for a collective of the runs.
  REQUIRE(a.collectives == std::vector<std::string>{"left", "right"});
  const CsvTable d = read_csv_table(dir / "analysis" / "dynamics.csv");
  for (const auto& row : d.rows) REQUIRE(row[d.column("collective")] != "platform");
}

TEST_CASE("participation maps, equilibria and constructiveness name configuration and collective in columns",
          "[analysis][analyze][tables]") {
  ScratchDir tmp("two_axis_maps");
  const fs::path dir = make_two_axis_sweep(tmp);
  analyze_folder(dir, quiet_options());
  const CsvTable eq = read_csv_table(dir / "analysis" / "equilibria.csv");
  REQUIRE(eq.header == std::vector<std::string>{"platform_learner", "platform_privacy_target_epsilon", "collective",
                                                "mean_field", "alpha", "slope", "stability", "tipping_point"});
  REQUIRE(eq.rows.size() == 2 * 3);  // one fixed point of left per configuration (read once per configuration)
  REQUIRE(eq.rows[0] == std::vector<std::string>{"erm", "1.0", "left", "true", "0.3", "0.5", "stable", "false"});
  const CsvTable pm = read_csv_table(dir / "analysis" / "participation_map.csv");
  REQUIRE(pm.header == std::vector<std::string>{"platform_learner", "platform_privacy_target_epsilon", "collective",
                                                "mean_field", "alpha_t", "alpha_next"});
  const CsvTable ct = read_csv_table(dir / "analysis" / "constructiveness.csv");
  REQUIRE(ct.header == concat(concat({"source", "point", "replicate"}, setting_header),
                              {"collective_i", "collective_j", "alpha_left", "alpha_right", "ct", "ct_normalised"}));
  REQUIRE(ct.rows.size() == 24 * 2);
  REQUIRE(ct.rows[0] == std::vector<std::string>{"engine", "p0", "0", "erm", "1.0", "10", "20", "left", "right", "", "",
                                                 "-0.2", "-0.5"});
}

TEST_CASE("dynamics.csv keeps every replicate of every configuration with its settings",
          "[analysis][analyze][tables]") {
  ScratchDir tmp("two_axis_dynamics");
  const fs::path dir = make_two_axis_sweep(tmp);
  const FolderAnalysis a = analyze_folder(dir, quiet_options());
  REQUIRE(a.dynamics.size() == 24);
  const CsvTable d = read_csv_table(dir / "analysis" / "dynamics.csv");
  REQUIRE(d.header ==
          concat(concat({"point", "replicate"}, setting_header), {"collective", "round", "alpha", "success"}));
  // 12 configurations × (3 rounds of replicate 0 + 2 of replicate 1) × 2 collectives.
  REQUIRE(d.rows.size() == 12 * 5 * 2);
  const auto p1 = std::find_if(d.rows.begin(), d.rows.end(), [](const auto& r) { return r[0] == "p1"; });
  REQUIRE(p1 != d.rows.end());
  REQUIRE(std::vector<std::string>(p1->begin(), p1->begin() + 8) ==
          std::vector<std::string>{"p1", "1", "erm", "1.0", "10", "20", "left", "0"});
  REQUIRE(parse_number((*p1)[d.column("alpha")]) == Approx(0.02));
  REQUIRE(parse_number((*p1)[d.column("success")]) == Approx(0.2));
}

TEST_CASE("every analysis table loads in pandas: no Unnamed columns, measured columns numeric",
          "[analysis][analyze][tables][pandas]") {
  if (std::system("/usr/bin/python3 -c 'import pandas' > /dev/null 2>&1") != 0) {
    WARN("/usr/bin/python3 with pandas not installed (scripts/install-deps.sh --tests): check skipped");
    return;
  }
  ScratchDir tmp("two_axis_pandas");
  const fs::path dir = make_two_axis_sweep(tmp);
  analyze_folder(dir, quiet_options());
  const fs::path script = tmp / "check.py";
  // Text columns are named; everything else must come out numeric (or boolean) — a "nan" text, a "[40, 40]" or
  // a quoted 'sgd' would turn a column into text.
  write(script,
        "import glob, sys\nimport pandas as pd\n"
        "text = {'point', 'collective', 'source', 'status', 'describe', 'mode', 'dir', 'platform_learner',\n"
        "        'stability', 'collective_i', 'collective_j', 'outcome'}\n"
        "files = sorted(glob.glob(sys.argv[1] + '/*.csv'))\n"
        "assert len(files) == 9, files\n"
        "for f in files:\n"
        "    df = pd.read_csv(f)\n"
        "    assert len(df) > 0, f\n"
        "    for c in df.columns:\n"
        "        assert not c.startswith('Unnamed'), (f, c)\n"
        "        if c in text: continue\n"
        "        assert pd.api.types.is_numeric_dtype(df[c]) or pd.api.types.is_bool_dtype(df[c]), (f, c, df[c].dtype)\n"
        "eps = pd.read_csv(sys.argv[1] + '/runs.csv')['platform_privacy_target_epsilon']\n"
        "assert sorted(set(eps)) == [1.0, 4.0, float('inf')], sorted(set(eps))\n"
        "print('ok', len(files))\n");
  const fs::path log = tmp / "check.log";
  const int rc = std::system(("/usr/bin/python3 " + script.string() + " " + (dir / "analysis").string() + " > " +
                              log.string() + " 2>&1").c_str());
  INFO(slurp(log));
  REQUIRE(rc == 0);
  REQUIRE(slurp(log).find("ok ") != std::string::npos);
}

TEST_CASE("the report lists a warning that many points share once, with how many and the first of them",
          "[analysis][report]") {
  ScratchDir tmp("report_warnings");
  const fs::path dir = make_sweep(tmp);
  FolderAnalysis a = analyze_folder(dir);
  a.warnings = {"p0123456789ab (ε = 1): the α grid ends at 0.6", "p111111111111 (ε = 2): the α grid ends at 0.6",
                "p222222222222 (ε = 4): another matter", "a warning of no point"};
  const Report r = write_report(a, dir / "report");
  const std::string md = slurp(r.markdown);
  CHECK_THAT(md, Catch::Contains("| warning | runs | first run |"));
  CHECK_THAT(md, Catch::Contains("| the α grid ends at 0.6 | 2 | p0123456789ab (ε = 1) |"));
  CHECK_THAT(md, Catch::Contains("| another matter | 1 | p222222222222 (ε = 4) |"));
  CHECK_THAT(md, Catch::Contains("| a warning of no point | 1 |  |"));
  CHECK(md.find("p111111111111") == std::string::npos);
}
