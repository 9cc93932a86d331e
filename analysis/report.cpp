#include "analysis/report.hpp"

#include <algorithm>
#include <cmath>

#include "analysis/collect.hpp"
#include "analysis/plot_outcomes.hpp"
#include "analysis/report_builder.hpp"
#include "analysis/report_dynamics.hpp"
#include "analysis/report_sections.hpp"
#include "config/labels.hpp"
#include "analysis/report_fork.hpp"
#include "analysis/report_many_collectives.hpp"
#include "analysis/report_two_collectives.hpp"
#include "util/atomic_file.hpp"
#include "util/column_name.hpp"
#include "util/csv_writer.hpp"

namespace aca::analysis {

namespace fs = std::filesystem;

namespace {

// A configuration in the reader's words ("ε = 4, learner: Group DRO"); "(run)" for a single run's curve.
std::string config_cell(const ConfigCurve& c) {
  const std::string s = config::settings_label(c.settings);
  return !s.empty() ? s : c.config.empty() ? "(run)" : c.config;
}

// A configuration in a legend: its settings in the reader's words ("ε = 4"), or `fallback` without settings.
std::string legend_name(const std::vector<Setting>& settings, const std::string& fallback) {
  const std::string s = config::settings_label(settings);
  return s.empty() ? fallback : s;
}

// What the S(α) figures' band and points are, for their captions.
const char* const band_caption = "line: monotone (isotonic) fit of the mean success; shaded band: range (min–max) "
                                 "of the replicates at each α, fitted monotone; crosses: every replicate";

std::string report_title(const FolderAnalysis& a) {
  return "acasim report: " + (a.sweep ? std::string("sweep ") : std::string("run ")) + a.dir.filename().string();
}

void add_header(ReportBuilder& r) {
  const FolderAnalysis& a = r.a;
  r.add(heading("# " + report_title(a)));
  long complete = 0;
  for (const auto& run : a.runs) complete += run.status == "complete";
  r.add(paragraph("Folder `" + a.dir.string() + "`: " + (a.sweep ? "a sweep" : "a single run") + " in mode `" +
                  a.mode + "`; " + std::to_string(a.runs.size()) + " run(s) summarised, " + std::to_string(complete) +
                  " complete. Success target S* = " + num(a.target) +
                  "; critical mass α*(S*) = min{α : S(α) ≥ S*} from an isotonic fit, never extrapolated beyond "
                  "the α grid (\"> max α tested\"). Tables behind every number: `analysis/`."));
}

// "p0123456789ab (settings): message" → {"p0123456789ab (settings)", "message"}; {"", w} for a warning of no point.
std::pair<std::string, std::string> split_point_prefix(const std::string& w) {
  const bool point = w.size() > 15 && w[0] == 'p' && w.compare(13, 2, " (") == 0 &&
                     w.find_first_not_of("0123456789abcdef", 1) == 13;
  const auto end = point ? w.find("): ", 15) : std::string::npos;
  if (end == std::string::npos) return {"", w};
  return {w.substr(0, end + 1), w.substr(end + 3)};
}

// First thing a reader sees: a measured success above the group-privacy cap contradicts the DP guarantee, and what
// the runs themselves could not vouch for.
void add_warnings(ReportBuilder& r) {
  if (r.a.warnings.empty()) return;
  std::size_t violations = 0;
  for (const auto& c : r.a.curves) violations += c.cap_violations.size();
  r.add(heading("## Warnings"));
  if (violations > 0)
    r.add(paragraph("**WARNING: " + std::to_string(violations) +
                    " measured success(es) above the group-privacy upper bound** — the (ε, δ) guarantee, "
                    "the recorded ε, or the replicate noise of the measurement deserves a look."));
  // A sweep repeats one warning for every point it concerns: one row per message, with how many points and the
  // first of them.
  FirstSeenGroups<std::string> by_message;
  for (const auto& w : r.a.warnings) {
    const auto [point, message] = split_point_prefix(w);
    by_message.add(message, point);
  }
  if (by_message.groups().size() == r.a.warnings.size()) {
    Rows rows = {{"warning"}};
    for (const auto& w : r.a.warnings) rows.push_back({w});
    r.add(table(rows));
    return;
  }
  Rows rows = {{"warning", "runs", "first run"}};
  for (const auto& [message, points] : by_message.groups())
    rows.push_back({message, std::to_string(points.size()), points.front()});
  r.add(table(rows));
}

void add_manifest(ReportBuilder& r) {
  if (!r.a.manifest) return;
  r.add(heading("## Manifest"));
  Rows rows = {{"field", "value"}};
  for (const auto& [k, text] : r.a.manifest->scalar_fields()) rows.push_back({k, text});
  r.add(table(rows));
  if (r.a.sweep) r.add(paragraph("Manifest of the first complete point; every point has its own manifest.json."));
}

void add_critical_mass_table(ReportBuilder& r) {
  const ConfigCurve& first = r.a.curves.front();
  r.add(heading("## Critical mass per configuration"));
  r.add(paragraph(std::string("S(α) from ") +
                  (first.source == "response_curve"
                       ? "the engine's response_curve.csv (trainings on an α grid), pooled over replicates"
                       : "round 0 of each point of the `population.initial_members` axis (α and S before "
                         "any agent revises)") +
                  "; bootstrap intervals over replicates (percentile, " + num(first.critical_mass.level * 100) +
                  " % nominal)."));
  Rows rows = {{"configuration", "collective", "α*", "interval", "α points", "status"}};
  for (const auto& c : r.a.curves)
    rows.push_back({config_cell(c), c.collective, cm_text(c.critical_mass.point), interval_text(c.critical_mass),
                    std::to_string(c.grid.alphas.size()), to_string(c.critical_mass.point.status)});
  r.long_table(std::move(rows), "analysis/critical_mass.csv");
}

void add_success_curve_figure(ReportBuilder& r, const std::string& col, const std::vector<const ConfigCurve*>& of) {
  std::vector<PlottedCurve> curves;
  std::vector<Line> bounds, caps;
  for (const ConfigCurve* c : of) {
    PlottedCurve s;
    s.label = legend_name(c->settings, col);
    s.fit = c->fit;
    for (std::size_t j = 0; j < c->grid.alphas.size(); ++j)
      for (double v : c->grid.successes[j]) s.points.push_back({c->grid.alphas[j], v});
    const std::string name = s.label;
    curves.push_back(std::move(s));
    if (!c->bound.x.empty()) {
      bounds.push_back(c->bound);
      bounds.back().label = name;
    }
    if (!c->privacy_cap.x.empty()) {
      caps.push_back(c->privacy_cap);
      caps.back().label = "group-privacy cap, " + legend_name(c->settings, col);
    }
  }
  const auto f = plot_success_curves(r.figs / ("success_curves_" + slug(col)), curves, bounds, r.a.target,
                                     r.success_style("S(α) of " + col + " per configuration"), caps);
  r.figure(f, "S(α) of " + col + " per configuration; " + band_caption +
                  (bounds.empty() ? std::string() : "; theory lower bound dashed (a bound, not a measurement)") +
                  (caps.empty() ? std::string()
                                : "; group-privacy upper bound under (ε, δ)-DP dash-dotted "
                                  "(a bound, not a measurement)") +
                  "; α = 0 is not drawn on the log axis");
}

void add_critical_mass(ReportBuilder& r) {
  if (r.a.curves.empty()) return;
  add_critical_mass_table(r);
  FirstSeenGroups<const ConfigCurve*> by_collective;
  for (const auto& c : r.a.curves) by_collective.add(c.collective, &c);
  for (const auto& [col, curves] : by_collective.groups()) add_success_curve_figure(r, col, curves);
}

std::string violations_cell(const ConfigCurve& c) {
  if (!c.privacy_note.empty()) return "-";
  std::string viol = std::to_string(c.cap_violations.size());
  for (std::size_t i = 0; i < c.cap_violations.size(); ++i)
    viol += (i ? ", " : " (VIOLATED at α = ") + round4(c.cap_violations[i]);
  if (!c.cap_violations.empty()) viol += ")";
  return viol;
}

void add_group_privacy(ReportBuilder& r) {
  const auto& curves = r.a.curves;
  if (std::none_of(curves.begin(), curves.end(), [](const ConfigCurve& c) { return std::isfinite(c.epsilon); }))
    return;
  r.add(heading("## Group-privacy bound under differential privacy"));
  r.add(paragraph("A collective of k members changes k = round(α · training rows) records, so (ε, δ)-DP "
                  "training caps its success: S(α) ≤ e^{kε}·S(0) + k·e^{(k−1)ε}·δ (literature §3), with "
                  "S(0) the fitted curve at α = 0 and the largest round-0 ε, δ over the configuration's runs. "
                  "A violation is a grid α > 0 whose measured mean success exceeds the cap (the cap bounds "
                  "the true probability; a mean over few replicates can exceed it by noise)."));
  Rows rows = {{"configuration", "collective", "ε", "δ", "training rows", "S(0)", "cap", "violations"}};
  for (const auto& c : curves) {
    if (!std::isfinite(c.epsilon)) continue;
    const bool drawn = c.privacy_note.empty();
    rows.push_back({config_cell(c), c.collective, round4(c.epsilon), num(c.delta), num(c.training_rows),
                    drawn ? round4(c.fit.curve.values.front()) : "-", drawn ? "drawn" : c.privacy_note,
                    violations_cell(c)});
  }
  r.long_table(std::move(rows), "analysis/success_curves.csv (the cap beside each curve)");
}

void add_learner_curves(ReportBuilder& r, const LearnerComparison& l) {
  Rows rows = {{"learner", "configuration", "collective", "α*", "interval"}};
  FirstSeenGroups<PlottedCurve> by_collective;
  for (const auto& [learner, i] : l.curves) {
    const ConfigCurve& c = r.a.curves[i];
    std::vector<Setting> rest;
    for (const auto& st : c.settings)
      if (st.first != l.axis) rest.push_back(st);
    const std::string others = config::settings_label(rest);
    rows.push_back({config::value_label(l.axis, learner), others.empty() ? "-" : others, c.collective,
                    cm_text(c.critical_mass.point), interval_text(c.critical_mass)});
    PlottedCurve sc;
    sc.label = config::value_label(l.axis, learner) + (others.empty() ? "" : ", " + others);
    sc.fit = c.fit;
    by_collective.add(c.collective, std::move(sc));
  }
  r.add(table(rows));
  for (const auto& [col, curves] : by_collective.groups()) {
    const auto f = plot_success_curves(r.figs / ("learners_success_" + slug(col)), curves, {}, r.a.target,
                                       r.success_style("S(α) of " + col + " per learner"));
    r.figure(f, "S(α) of " + col + " per learner on the same axes; " + std::string(band_caption));
  }
}

// An outcome in the reader's words: "worst_group_accuracy" → "worst-group accuracy", "final success workers" →
// "final success S (workers)".
std::string outcome_name(const std::string& outcome) {
  if (outcome == "clean_accuracy") return "clean accuracy";
  if (outcome == "worst_group_accuracy") return "worst-group accuracy";
  const std::string final_success = "final success ";
  if (outcome.rfind(final_success, 0) == 0) return "final success S (" + outcome.substr(final_success.size()) + ")";
  return outcome;
}

// α of a collective is a share, not an outcome of the learner: the figure shows accuracies and success.
bool learner_figure_outcome(const std::string& outcome) {
  return outcome.rfind("final alpha", 0) != 0 && outcome != "epsilon" && outcome != "welfare";
}

// One row per outcome and setting of the other axes: means never pool two policies (ε = 4 with ε = 1).
void add_learner_outcomes(ReportBuilder& r, const LearnerComparison& l) {
  Rows rows(1, {"outcome: mean [min, max] over runs", "settings"});
  rows[0].insert(rows[0].end(), l.learners.begin(), l.learners.end());
  std::vector<Line> series;
  for (const auto& g : l.groups)
    for (std::size_t o = 0; o < l.outcomes.size(); ++o) {
      const std::string setting = config::settings_label(g.settings);
      std::vector<std::string> row = {l.outcomes[o], setting.empty() ? "-" : setting};
      for (std::size_t i = 0; i < g.means[o].size(); ++i)
        row.push_back(g.runs[o][i] < 2 ? round4(g.means[o][i])
                                       : round4(g.means[o][i]) + " [" + round4(g.lows[o][i]) + ", " +
                                             round4(g.highs[o][i]) + "]");
      rows.push_back(std::move(row));
      if (learner_figure_outcome(l.outcomes[o]))
        series.push_back({outcome_name(l.outcomes[o]) + (g.settings.empty() ? "" : " (" + config::settings_label(g.settings) + ")"),
                          {}, g.means[o], g.lows[o], g.highs[o]});
    }
  r.add(table(rows));
  // With an α axis the S(α) figures compare the learners; means pooled over α levels would only blur that.
  const auto& axes = r.a.axes;
  if (std::find(axes.begin(), axes.end(), std::string(alpha_axis_key)) != axes.end() || series.empty()) return;
  PlotStyle st = r.style("outcomes at the last round per learner");
  st.xlabel = config::axis_label(l.axis);
  st.ylabel = "accuracy or success S";
  std::vector<std::string> names;
  for (const auto& learner : l.learners) names.push_back(config::value_label(l.axis, learner));
  const auto f = plot_category_points(r.figs / "learners_outcomes", names, series, st);
  r.figure(f, "worst-group accuracy, clean accuracy and final success per learner; points: means over runs, "
              "error bars: range (min–max) over runs");
}

void add_learners(ReportBuilder& r) {
  if (!r.a.learners) return;
  const LearnerComparison& l = *r.a.learners;
  r.add(heading("## Learners compared (" + l.axis + ", e.g. ERM vs GDRO)"));
  if (!l.curves.empty()) add_learner_curves(r, l);
  if (!l.outcomes.empty()) add_learner_outcomes(r, l);
}

void add_policy(ReportBuilder& r, const PolicyEffect& p) {
  r.add(heading("## α* against " + config::axis_label(p.parameter)));
  if (p.series.size() > max_series) {
    // A sampled design: every configuration is its own "series" of one point; a table and legend of hundreds of
    // them says nothing a reader can take in.
    r.add(paragraph("Every configuration's α* with its interval is in analysis/critical_mass_vs_" +
                    util::column_name(p.parameter) + ".csv (" + std::to_string(p.series.size()) +
                    " configurations: the other swept parameters vary from point to point). The figure under "
                    "\"Outcomes against the swept parameters\" draws them as one point each."));
    return;
  }
  // Series and values in the reader's words (the legend's "workers, T = 3", "ε = ∞ (no DP)" as "∞ (no DP)").
  Rows rows = {{"series", config::axis_label(p.parameter), "α*", "interval"}};
  for (std::size_t k = 0; k < p.series.size(); ++k) {
    const auto& s = p.series[k];
    for (std::size_t i = 0; i < s.x.size(); ++i)
      rows.push_back({k < p.legend.size() ? p.legend[k] : s.label, config::value_label(p.parameter, num(s.x[i])),
                      cm_text(s.intervals[i].point), interval_text(s.intervals[i])});
  }
  r.add(table(rows));
  PlotStyle st = r.style("critical mass α* against " + config::axis_label(p.parameter));
  st.xlabel = config::axis_label(p.parameter);
  st.ylabel = "critical mass α* (S* = " + round4(r.a.target) + ")";
  st.log_x = p.parameter.find("epsilon") != std::string::npos;
  std::vector<CriticalMassSeries> series = p.series;
  for (std::size_t i = 0; i < series.size() && i < p.legend.size(); ++i) series[i].label = p.legend[i];
  const double level = series.empty() || series[0].intervals.empty() ? 0.95 : series[0].intervals[0].level;
  const auto f = plot_critical_mass(r.figs / ("critical_mass_vs_" + slug(p.parameter)), series, st,
                                    config::value_label(p.parameter, "inf"));
  r.figure(f, "α* against " + config::axis_label(p.parameter) + " (one series per collective and other setting); "
              "error bars: " + round4(100 * level) + " % percentile bootstrap interval over replicates; open "
              "triangles: α* or its upper end beyond the largest α tested; ticks at the swept values" +
              (std::any_of(series.begin(), series.end(), [](const CriticalMassSeries& s) {
                 return std::any_of(s.x.begin(), s.x.end(), [](double x) { return std::isinf(x); });
               }) ? ", ∞ after the axis break" : ""));
}

void add_engine_critical_mass(ReportBuilder& r) {
  if (r.a.engine_critical_mass.empty()) return;
  r.add(heading("## Critical mass reported by the engine"));
  r.add(paragraph("summary.json's α*(S*) per run, from the engine's own success curve (theory: closed form; "
                  "response_curve: its fitted curve); nan: not reached on the curve's range."));
  Rows rows = {{"run / collective", "α*"}};
  for (const auto& [l, v] : r.a.engine_critical_mass) rows.push_back({l, round4(v)});
  r.long_table(std::move(rows), "analysis/runs.csv (critical_mass_*)");
}

void add_participation_map(ReportBuilder& r, const ParticipationMap& m, std::size_t index) {
  Rows rows = {{"α", "slope F′(α)", "stability", "tipping point"}};
  for (const auto& fp : m.fixed_points)
    rows.push_back({round4(fp.alpha), round4(fp.slope), to_string(fp.stability), fp.tipping_point ? "yes" : "no"});
  r.add(paragraph("Fixed points of " + m.label + (m.collectives > 1 ? " alone (the other collectives absent)" : "") +
                  " (engine, equilibria.csv):"));
  r.add(table(rows));
  if (add_alone_map_figure(r, m, index)) return;  // the engine's map across all α, where the run wrote it
  if (m.transitions.x.empty()) return;
  const std::string name = legend_name(m.settings, "") + (m.settings.empty() ? "" : ", ") + m.collective +
                           (m.mean_field ? " (mean-field)" : "");
  PlotStyle st = r.style("participation map: " + name);
  st.xlabel = "participation α in round t";
  st.ylabel = "participation α in round t + 1";
  st.height_in = 4.4;  // a square plot area
  Line transitions = m.transitions;
  transitions.label = "observed transition (every run)";
  const auto f = plot_participation_map(r.figs / ("participation_map_" + std::to_string(index)), transitions,
                                        m.fixed_points, st);
  r.figure(f, "participation map of " + name + ": every observed transition α_t → α_{t+1} of the configuration's "
              "runs (their scatter is the replicate spread), the 45° line, and the engine's fixed points (filled: "
              "stable, open: unstable, triangle: tipping point)");
}

// More maps than a reader compares side by side (a sampled design has one per point): the first ones, and where the
// rest are.
constexpr std::size_t max_maps_drawn = 12;

void add_participation_maps(ReportBuilder& r) {
  if (r.a.maps.empty()) return;
  r.add(heading("## Participation map and fixed points"));
  const std::size_t n = r.a.maps.size();
  if (n > max_maps_drawn)
    r.add(paragraph("The first " + std::to_string(max_maps_drawn) + " of " + std::to_string(n) +
                    " maps (collectives and configurations, in design order). Every map's fixed points are in "
                    "analysis/equilibria.csv and its transitions in analysis/participation_map.csv."));
  for (std::size_t i = 0; i < std::min(n, max_maps_drawn); ++i) add_participation_map(r, r.a.maps[i], i);
}

void add_constructiveness(ReportBuilder& r) {
  if (r.a.constructiveness.empty()) return;
  r.add(heading("## Constructiveness of competing collectives"));
  r.add(paragraph("CT_ij = S_i(with j) − S_i(alone); normalised: divided by S_i(alone) (acasim's choice of "
                  "normalisation; −1: j wipes i out, 0: no effect, > 0: j helps). Source `engine`: the run's "
                  "own constructiveness.csv; source `sweep`: round 0 of sweep points where i acts alone and "
                  "with j, i's members the same in both."));
  Rows rows = {{"source", "run / configuration", "replicate", "α profile", "i", "j", "CT_ij", "CT_ij / S_i(alone)"}};
  for (const auto& c : r.a.constructiveness) {
    const std::string profile = join(c.profile, ", ", round4);
    for_each_ordered_pair(c.collectives.size(), [&](std::size_t i, std::size_t j) {
      const std::string config = config::settings_label(c.settings);
      rows.push_back({c.source, config.empty() ? "-" : config, std::to_string(c.replicate),
                      profile.empty() ? "-" : profile, c.collectives[i], c.collectives[j], round4(c.matrix.raw(i, j)),
                      round4(c.matrix.normalised(i, j))});
    });
  }
  r.add(table(rows));
}

// Outcomes at the last round, one row per run: the comparison table of a sweep (ERM vs GDRO, ε, …).
void add_outcomes(ReportBuilder& r) {
  std::vector<std::string> keys;
  for (const auto& run : r.a.runs)
    for (const auto& o : run.outcomes) push_unique(keys, o.first);
  if (keys.empty()) return;
  r.add(heading("## Outcomes at the last round"));
  // Settings in the reader's words and the replicate; the runs table below maps them to point ids and folders.
  Rows rows(1, {"settings", "replicate"});
  rows[0].insert(rows[0].end(), keys.begin(), keys.end());
  for (const auto& run : r.a.runs) {
    if (run.outcomes.empty()) continue;
    const std::string settings = config::settings_label(run.settings);
    std::vector<std::string> row = {settings.empty() ? "-" : settings, std::to_string(run.replicate)};
    for (const auto& k : keys) {
      std::string cell = "-";
      for (const auto& o : run.outcomes)
        if (o.first == k) cell = round4(o.second);
      row.push_back(cell);
    }
    rows.push_back(std::move(row));
  }
  r.long_table(std::move(rows), "each run's metrics.csv");
}

void add_runs(ReportBuilder& r) {
  r.add(heading("## Runs summarised"));
  Rows rows = {{"run", "replicate", "settings", "status", "mode", "folder"}};
  for (const auto& run : r.a.runs)
    rows.push_back({run.id, std::to_string(run.replicate), config::settings_label(run.settings), run.status, run.mode,
                    run.dir.string()});
  r.add(table(rows));
}

void add_tables(ReportBuilder& r) {
  if (r.a.tables.empty()) return;
  r.add(heading("## Tables"));
  r.add(paragraph(join(r.a.tables, ", ", [](const fs::path& p) { return "`" + p.string() + "`"; })));
}

void add_scenario(ReportBuilder& r) {
  r.add(heading("## Scenario"));
  r.add({Block::code, r.a.scenario_text, {}, {}, {}});
}

}  // namespace

Report write_report(const FolderAnalysis& a, const fs::path& out_dir, const ReportOptions& options) {
  ReportBuilder r{a, out_dir, out_dir / "figures", {}, {}, {}};
  fs::create_directories(r.figs);
  r.base.gnuplot = options.gnuplot;
  add_header(r);
  add_sensitivity(r);  // a sobol or morris design asked "which parameter matters": its answer comes first
  add_summary(r);
  add_warnings(r);
  add_outcome_figures(r);
  add_heatmaps(r);
  add_manifest(r);
  add_critical_mass(r);
  add_group_privacy(r);
  add_learners(r);
  for (const auto& p : a.policies) add_policy(r, p);
  add_engine_critical_mass(r);
  add_dynamics(r);
  add_fork(r);
  add_participation_maps(r);
  add_two_collectives(r);
  add_many_collectives(r);
  add_constructiveness(r);
  add_outcomes(r);
  add_runs(r);
  add_tables(r);
  add_scenario(r);
  Report rep;
  rep.markdown = out_dir / "report.md";
  rep.html = out_dir / "report.html";
  rep.figures = std::move(r.figures);
  util::write_file_atomic(rep.markdown, markdown(r.blocks));
  util::write_file_atomic(rep.html, html(r.blocks, report_title(a)));
  return rep;
}

std::vector<std::string> referenced_files(const std::string& text) {
  std::vector<std::string> out;
  for (std::size_t p = text.find("]("); p != std::string::npos; p = text.find("](", p + 2)) {
    const auto e = text.find(')', p + 2);
    if (e == std::string::npos) break;
    out.push_back(text.substr(p + 2, e - p - 2));
  }
  for (std::size_t p = text.find("src=\""); p != std::string::npos; p = text.find("src=\"", p + 5)) {
    const auto e = text.find('"', p + 5);
    if (e == std::string::npos) break;
    out.push_back(text.substr(p + 5, e - p - 5));
  }
  return out;
}

}  // namespace aca::analysis
