#include "analysis/folder_analysis.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>

#include "analysis/collect.hpp"
#include "analysis/csv_table.hpp"
#include "analysis/sweep_design.hpp"
#include "analysis/table_export.hpp"
#include "config/labels.hpp"
#include "data/theory_bounds.hpp"
#include "run_folder/run_status.hpp"
#include "run_folder/summary_record.hpp"
#include "util/column_name.hpp"
#include "util/csv_writer.hpp"
#include "util/rng.hpp"

namespace aca::analysis {

namespace fs = std::filesystem;
using config::SettingColumns;
using config::with_setting_columns;

namespace {

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string label_of(const std::vector<Setting>& settings) {
  return join(settings, ", ", [](const Setting& s) {
    // TOML writers may print 0.005 as 0.0050000000000000001; show the shortest text that reads back the same.
    const double x = parse_number(s.second);
    return s.first + "=" + (std::isfinite(x) ? util::format_number(x) : s.second);
  });
}

template <class T>
std::vector<T> without(const std::vector<T>& v, std::size_t skip) {
  std::vector<T> out;
  for (std::size_t k = 0; k < v.size(); ++k)
    if (k != skip) out.push_back(v[k]);
  return out;
}

std::size_t alpha_axis_index(const std::vector<std::string>& axes) {
  return static_cast<std::size_t>(std::find(axes.begin(), axes.end(), std::string(alpha_axis_key)) - axes.begin());
}

struct RunData {
  RunEntry entry;
  std::optional<RunMetrics> metrics;
  std::optional<run_folder::SummaryRecord> summary;  // absent for runs that did not finish
  bool complete() const { return metrics.has_value(); }
};

std::vector<std::string> run_collectives(const RunMetrics& m) {
  std::vector<std::string> out;
  for (const auto& s : m.series)
    if (s.metric == "alpha") push_unique(out, s.collective);
  return out;
}

double first_value(const RunMetrics& m, const std::string& collective, const std::string& metric) {
  const Series* s = m.find(collective, metric);
  return s && !s->values.empty() ? s->values.front() : std::nan("");
}

std::vector<std::pair<std::string, double>> last_round_outcomes(const RunMetrics& m) {
  std::vector<std::pair<std::string, double>> out;
  for (const auto& c : run_collectives(m))
    for (const char* metric : {"alpha", "success"})
      if (const Series* s = m.find(c, metric); s && !s->values.empty())
        out.push_back({std::string("final ") + metric + " " + c, s->values.back()});
  for (const char* metric : {"clean_accuracy", "worst_group_accuracy", "welfare", "epsilon"})
    if (const Series* s = m.find("", metric); s && !s->values.empty()) out.push_back({metric, s->values.back()});
  return out;
}

RunData load_run(RunEntry e) {
  RunData d;
  if (fs::exists(e.dir / "manifest.json")) {
    const Manifest m = read_manifest(e.dir / "manifest.json");
    e.status = m.status();
    e.mode = m.mode();
  } else {
    e.status = "missing";
  }
  if (e.status == "complete" && fs::exists(e.dir / "metrics.csv")) {
    d.metrics = read_metrics_csv(e.dir / "metrics.csv");
    if (fs::exists(e.dir / "summary.json")) d.summary = run_folder::read_summary(e.dir);
  }
  if (d.metrics) e.outcomes = last_round_outcomes(*d.metrics);
  d.entry = std::move(e);
  return d;
}

std::vector<RunData> load_sweep_points(FolderAnalysis& a) {
  const CsvTable pts = read_csv_table(design_file(a.dir));
  for (std::size_t c = 2; c < pts.header.size(); ++c) a.axes.push_back(pts.header[c]);
  std::vector<RunData> runs;
  for (const auto& r : pts.rows) {
    RunEntry e;
    e.id = r[0];
    e.replicate = std::stol(r[1]);
    e.dir = a.dir / "points" / e.id;
    for (std::size_t c = 2; c < r.size(); ++c) e.settings.push_back({pts.header[c], r[c]});
    runs.push_back(load_run(std::move(e)));
  }
  return runs;
}

std::vector<RunData> load_runs(FolderAnalysis& a) {
  std::vector<RunData> runs;
  if (is_sweep_folder(a.dir)) {
    a.sweep = true;
    runs = load_sweep_points(a);
  } else if (fs::exists(a.dir / "metrics.csv") || fs::exists(a.dir / "manifest.json")) {
    // A single run is analysed only when finished: a running, stopped or failed run's files are not its results.
    run_folder::require_complete_run(a.dir);
    RunEntry e;
    e.dir = a.dir;
    e.id = a.dir.filename().string();
    runs.push_back(load_run(std::move(e)));
  } else {
    throw RunReadError(a.dir.string(), 0, 0, "neither a run folder (metrics.csv) nor a sweep folder (design.csv): give "
                                            "the folder `acasim run` or `acasim sweep` wrote");
  }
  a.scenario_text = read_text(a.dir / "scenario.resolved.toml");
  return runs;
}

// Mode, manifest and target come from the first complete run: an unfinished one may not have them.
void describe_runs(FolderAnalysis& a, const std::vector<RunData>& runs) {
  const auto first = std::find_if(runs.begin(), runs.end(), [](const RunData& r) { return r.complete(); });
  if (first != runs.end()) {
    a.mode = first->entry.mode;
    if (fs::exists(first->entry.dir / "manifest.json")) a.manifest = read_manifest(first->entry.dir / "manifest.json");
    if (first->summary) a.target = first->summary->target_success;
    a.collectives = first->summary ? first->summary->collectives : run_collectives(*first->metrics);
  }
  for (const auto& r : runs) a.runs.push_back(r.entry);
}

std::string run_label(const FolderAnalysis& a, const RunEntry& e) {
  // The id finds the folder; the settings in the reader's words say what the run is.
  return a.sweep ? e.id + (e.settings.empty() ? "" : " (" + config::settings_label(e.settings) + ")") : e.id;
}

struct Configuration {
  std::string key;                       // label_of(settings)
  std::vector<Setting> settings;         // without the α axis, as the configuration's first point has them
  std::vector<const RunData*> complete;  // its complete runs, in design order
};

std::vector<Configuration> group_configurations(const std::vector<std::string>& axes,
                                                const std::vector<RunData>& runs) {
  const std::size_t alpha_axis = alpha_axis_index(axes);
  FirstSeenGroups<const RunData*> groups;
  for (const auto& r : runs) groups.add(label_of(without(r.entry.settings, alpha_axis)), &r);
  std::vector<Configuration> configs;
  for (const auto& [key, members] : groups.groups()) {
    Configuration c{key, without(members.front()->entry.settings, alpha_axis), {}};
    for (const RunData* r : members)
      if (r->complete()) c.complete.push_back(r);
    configs.push_back(std::move(c));
  }
  return configs;
}

std::vector<const RunData*> in_config_order(const std::vector<Configuration>& configs) {
  std::vector<const RunData*> out;
  for (const auto& c : configs) out.insert(out.end(), c.complete.begin(), c.complete.end());
  return out;
}

ConfigCurve make_curve(std::string config, std::vector<Setting> settings, std::string collective, std::string source,
                       const std::vector<numerics::Observation>& obs, double target, const AnalyzeOptions& o,
                       std::uint64_t index) {
  ConfigCurve c;
  c.config = std::move(config);
  c.settings = std::move(settings);
  c.collective = std::move(collective);
  c.source = std::move(source);
  c.grid = group_by_alpha(obs);
  c.fit = fit_monotone(c.grid);
  util::Engine rng = util::make_stream(o.seed, numerics::bootstrap_stream, index);
  c.critical_mass = bootstrap_critical_mass(c.grid, target, rng, o.bootstrap);
  return c;
}

// The cap bounds the true success probability; the measured mean is an estimate, so a violation can also be
// replicate noise — it is reported either way, since it is where a reader must look.
void add_privacy_cap(ConfigCurve& c, std::vector<std::string>& warnings) {
  const std::string who = (c.config.empty() ? std::string("run") : c.config) + " / " + c.collective;
  if (c.grid.alphas.empty() || c.grid.alphas.front() != 0.0) {
    c.privacy_note = "the α grid has no α = 0, so S without the collective is unmeasured: group-privacy cap skipped";
  } else if (!(c.training_rows > 0)) {
    c.privacy_note = "no training_rows recorded: group-privacy cap skipped";
  }
  if (!c.privacy_note.empty()) {
    warnings.push_back("group-privacy cap of " + who + ": " + c.privacy_note);
    return;
  }
  const double s0 = c.fit.curve.values.front();
  c.privacy_cap.label = "group-privacy cap (" + c.collective + ", ε = " + util::format_number(c.epsilon) + ")";
  for (std::size_t j = 0; j < c.grid.alphas.size(); ++j) {
    const double alpha = c.grid.alphas[j];
    const auto k = static_cast<std::int64_t>(std::llround(alpha * c.training_rows));
    const double cap = data::group_privacy_success_cap(s0, k, c.epsilon, c.delta);
    c.privacy_cap.x.push_back(alpha);
    c.privacy_cap.y.push_back(cap);
    // At α = 0 the cap is S(0) itself, fitted from these very means: no test there.
    if (alpha > 0 && c.fit.raw_means[j] > cap + 1e-12) {
      c.cap_violations.push_back(alpha);
      warnings.push_back("GROUP-PRIVACY BOUND VIOLATED: " + who + ": measured mean success " +
                         util::format_number(c.fit.raw_means[j]) + " > cap " + util::format_number(cap) + " at α = " +
                         util::format_number(alpha) + " (k = " + std::to_string(k) + " records, ε = " +
                         util::format_number(c.epsilon) + ", δ = " + util::format_number(c.delta) +
                         ", S(0) = " + util::format_number(s0) + ")");
    }
  }
}

enum class CurveSource { response_curve, alpha_axis, none };

// The engine's estimate wins wherever it exists: one run with response_curve.csv makes it the folder's source.
CurveSource curve_source(const std::vector<std::string>& axes, const std::vector<RunData>& runs) {
  for (const auto& r : runs)
    if (r.complete() && fs::exists(r.entry.dir / "response_curve.csv")) return CurveSource::response_curve;
  return alpha_axis_index(axes) < axes.size() ? CurveSource::alpha_axis : CurveSource::none;
}

struct CurveInputs {
  std::vector<std::string> collectives;  // first-seen order
  std::map<std::string, std::vector<numerics::Observation>> observations;
  std::map<std::string, std::map<double, double>> bound;  // α → theory lower bound
};

void add_response_curve(const fs::path& file, CurveInputs& in) {
  const CsvTable t = read_csv_table(file);
  for (const auto& row : t.rows)
    in.observations[row[t.column("collective")]].push_back(
        {parse_number(row[t.column("alpha")]), parse_number(row[t.column("success")])});
}

// Round 0: α and S before any agent revises, so α is the point's own setting.
void add_round0(const RunMetrics& m, CurveInputs& in) {
  for (const auto& c : run_collectives(m)) {
    const double alpha = first_value(m, c, "alpha"), success = first_value(m, c, "success");
    if (!std::isnan(alpha) && !std::isnan(success)) in.observations[c].push_back({alpha, success});
  }
}

// The engine records the exact theory bound (categorical data) at the α of every round: each (α_t, bound_t) is a
// point of the bound curve, whichever way S(α) itself was measured.
void add_theory_bounds(const RunMetrics& m, CurveInputs& in) {
  for (const auto& c : run_collectives(m)) {
    const Series* al = m.find(c, "alpha");
    if (!al) continue;
    std::map<long, double> alpha_at;
    for (std::size_t t = 0; t < al->rounds.size(); ++t) alpha_at[al->rounds[t]] = al->values[t];
    for (const char* b : {"feature_label_bound", "feature_only_bound"}) {
      const Series* bs = m.find(c, b);
      if (!bs) continue;
      for (std::size_t t = 0; t < bs->rounds.size(); ++t) {
        const auto it = alpha_at.find(bs->rounds[t]);
        if (it != alpha_at.end() && !std::isnan(bs->values[t]) && !std::isnan(it->second))
          in.bound[c][it->second] = bs->values[t];
      }
    }
  }
}

CurveInputs gather_curve_inputs(const Configuration& config, CurveSource source) {
  CurveInputs in;
  for (const RunData* r : config.complete) {
    for (const auto& c : run_collectives(*r->metrics)) push_unique(in.collectives, c);
    const fs::path rc = r->entry.dir / "response_curve.csv";
    if (source == CurveSource::response_curve) {
      if (!fs::exists(rc)) continue;
      add_response_curve(rc, in);
    } else if (source == CurveSource::alpha_axis) {
      add_round0(*r->metrics, in);
    }
    add_theory_bounds(*r->metrics, in);
  }
  return in;
}

// The loosest (ε, δ, rows) of a configuration's runs keeps the group-privacy cap valid for each of them.
struct CurvePrivacy {
  bool all_private = false;
  double epsilon = 0.0, delta = 0.0, training_rows = 0.0;
};

CurvePrivacy privacy_of(const std::vector<const RunData*>& runs) {
  CurvePrivacy p;
  p.all_private = !runs.empty();
  for (const RunData* r : runs) {
    const RunMetrics& m = *r->metrics;
    const double e = first_value(m, "", "epsilon");
    p.all_private = p.all_private && std::isfinite(e);
    if (std::isfinite(e)) {
      p.epsilon = std::max(p.epsilon, e);
      const double d = first_value(m, "", "delta");
      if (!std::isnan(d)) p.delta = std::max(p.delta, d);
    }
    const double n = first_value(m, "", "training_rows");
    if (!std::isnan(n)) p.training_rows = std::max(p.training_rows, n);
  }
  return p;
}

Line bound_line(const CurveInputs& in, const std::string& collective) {
  Line l;
  l.label = "theory lower bound (" + collective + ")";
  if (const auto it = in.bound.find(collective); it != in.bound.end())
    for (const auto& [x, y] : it->second) {
      l.x.push_back(x);
      l.y.push_back(y);
    }
  return l;
}

void add_curves(FolderAnalysis& a, const std::vector<RunData>& runs, const std::vector<Configuration>& configs,
                const AnalyzeOptions& o) {
  const CurveSource source = curve_source(a.axes, runs);
  const std::string source_name = source == CurveSource::response_curve ? "response_curve" : "alpha_axis";
  std::uint64_t index = 0;
  for (const auto& config : configs) {
    const CurveInputs in = gather_curve_inputs(config, source);
    const CurvePrivacy privacy = privacy_of(config.complete);
    for (const auto& c : in.collectives) {
      const auto obs = in.observations.find(c);
      if (obs == in.observations.end() || obs->second.empty()) continue;
      ConfigCurve curve = make_curve(config.key, config.settings, c, source_name, obs->second, a.target, o, index++);
      curve.bound = bound_line(in, c);
      if (privacy.all_private) {
        curve.epsilon = privacy.epsilon;
        curve.delta = privacy.delta;
        curve.training_rows = privacy.training_rows;
        add_privacy_cap(curve, a.warnings);
      }
      a.curves.push_back(std::move(curve));
    }
  }
}

bool is_policy_axis(const std::vector<ConfigCurve>& curves, std::size_t axis) {
  std::set<double> distinct;
  bool numeric = true;
  for (const auto& c : curves) {
    const double v = parse_number(c.settings[axis].second);
    // +inf is a policy value (target_epsilon = inf: non-private), drawn at a marked position beyond the others.
    numeric = numeric && (std::isfinite(v) || v == std::numeric_limits<double>::infinity());
    distinct.insert(v);
  }
  return numeric && distinct.size() >= 2;
}

// Sorted by the parameter; each point keeps the index of its curve so the table can name its settings.
void add_series(PolicyEffect& p, const std::string& label, const std::vector<ConfigCurve>& curves,
                std::vector<std::pair<double, std::size_t>> points) {
  std::stable_sort(points.begin(), points.end(), [](const auto& l, const auto& r) { return l.first < r.first; });
  CriticalMassSeries s;
  s.label = label;
  s.parameter = p.parameter;
  std::vector<std::size_t> index;
  for (const auto& [x, i] : points) {
    s.x.push_back(x);
    s.intervals.push_back(curves[i].critical_mass);
    index.push_back(i);
  }
  p.series.push_back(std::move(s));
  p.curve.push_back(std::move(index));
}

PolicyEffect policy_effect(const std::vector<ConfigCurve>& curves, std::size_t axis, const std::string& parameter) {
  FirstSeenGroups<std::pair<double, std::size_t>> by_series;
  std::map<std::string, std::string> legend;  // series label → the reader's words
  for (std::size_t i = 0; i < curves.size(); ++i) {
    const ConfigCurve& c = curves[i];
    const std::string rest = label_of(without(c.settings, axis));
    const std::string label = rest.empty() ? c.collective : c.collective + ": " + rest;
    by_series.add(label, {parse_number(c.settings[axis].second), i});
    const std::string words = config::settings_label(without(c.settings, axis));
    legend[label] = words.empty() ? c.collective : c.collective + ", " + words;
  }
  PolicyEffect p;
  p.parameter = parameter;
  for (const auto& [label, points] : by_series.groups()) {
    add_series(p, label, curves, points);
    p.legend.push_back(legend[label]);
  }
  return p;
}

void add_policies(FolderAnalysis& a) {
  const std::vector<std::string> config_axes = without(a.axes, alpha_axis_index(a.axes));
  for (std::size_t ax = 0; ax < config_axes.size(); ++ax)
    if (is_policy_axis(a.curves, ax)) a.policies.push_back(policy_effect(a.curves, ax, config_axes[ax]));
}

// design.csv holds TOML text: a string axis value is a literal 'sgd' (or a basic "sgd").
std::string unquote(std::string v) {
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) v = v.substr(1, v.size() - 2);
  return v;
}

std::string learner_of(const std::vector<Setting>& settings, const std::string& axis) {
  for (const auto& [k, v] : settings)
    if (k == axis) return unquote(v);
  return std::string();
}

// Sum, count and range of one outcome of one learner within one setting of the other axes.
struct OutcomeAccumulator {
  double sum = 0.0;
  long n = 0;
  double min = std::numeric_limits<double>::infinity();
  double max = -std::numeric_limits<double>::infinity();
  void add(double v) {
    sum += v;
    ++n;
    min = std::min(min, v);
    max = std::max(max, v);
  }
};
using OutcomeSums = std::map<std::string, std::map<std::string, OutcomeAccumulator>>;  // outcome → learner → acc

LearnerComparison::Group learner_group(const LearnerComparison& l, std::vector<Setting> settings, OutcomeSums& sums) {
  LearnerComparison::Group g{std::move(settings), {}, {}, {}, {}};
  for (const auto& o : l.outcomes) {
    std::vector<double> m, lo, hi;
    std::vector<long> n;
    for (const auto& name : l.learners) {
      const auto it = sums[o].find(name);
      const bool any = it != sums[o].end() && it->second.n > 0;
      m.push_back(any ? it->second.sum / static_cast<double>(it->second.n) : std::nan(""));
      n.push_back(any ? it->second.n : 0L);
      lo.push_back(any ? it->second.min : std::nan(""));
      hi.push_back(any ? it->second.max : std::nan(""));
    }
    g.means.push_back(std::move(m));
    g.runs.push_back(std::move(n));
    g.lows.push_back(std::move(lo));
    g.highs.push_back(std::move(hi));
  }
  return g;
}

// Grouped by every axis but α and the learner (the replicate is no axis): pooling ε = 4 with ε = 1 would report
// a mean of no policy at all.
void add_learner_outcome_means(LearnerComparison& l, const std::vector<std::string>& axes,
                               const std::vector<RunData>& runs) {
  const std::size_t alpha_axis = alpha_axis_index(axes);
  FirstSeenGroups<const RunData*> by_setting;
  std::map<std::string, std::vector<Setting>> settings_of;
  for (const auto& r : runs) {
    push_unique(l.learners, learner_of(r.entry.settings, l.axis));
    std::vector<Setting> rest;
    for (const auto& s : without(r.entry.settings, alpha_axis))
      if (s.first != l.axis) rest.push_back(s);
    const std::string key = label_of(rest);
    settings_of.emplace(key, rest);
    by_setting.add(key, &r);
    if (r.complete())
      for (const auto& [o, v] : r.entry.outcomes)
        if (!std::isnan(v)) push_unique(l.outcomes, o);
  }
  for (const auto& [key, members] : by_setting.groups()) {
    OutcomeSums sums;
    for (const RunData* r : members) {
      if (!r->complete()) continue;
      for (const auto& [o, v] : r->entry.outcomes) {
        if (std::isnan(v)) continue;
        sums[o][learner_of(r->entry.settings, l.axis)].add(v);
      }
    }
    l.groups.push_back(learner_group(l, settings_of[key], sums));
  }
}

void add_learner_comparison(FolderAnalysis& a, const std::vector<RunData>& runs) {
  LearnerComparison l;
  if (std::find(a.axes.begin(), a.axes.end(), l.axis) == a.axes.end()) return;
  add_learner_outcome_means(l, a.axes, runs);
  for (std::size_t i = 0; i < a.curves.size(); ++i) l.curves.push_back({learner_of(a.curves[i].settings, l.axis), i});
  a.learners = std::move(l);
}

// A learned run has no engine curve, so its summary's α* says nothing.
void add_engine_critical_mass(FolderAnalysis& a, const std::vector<const RunData*>& runs) {
  if (a.mode == "learned") return;
  for (const RunData* r : runs) {
    if (!r->summary) continue;
    const std::string label = run_label(a, r->entry);
    for (std::size_t k = 0; k < r->summary->collectives.size(); ++k)
      a.engine_critical_mass.push_back(
          {label + " " + r->summary->collectives[k], r->summary->outcomes[k].critical_mass});
  }
}

Line series_line(const RunMetrics& m, const std::string& collective, const char* metric) {
  Line l;
  l.label = collective.empty() ? "platform" : collective;
  if (const Series* s = m.find(collective, metric))
    for (std::size_t t = 0; t < s->values.size(); ++t) {
      l.x.push_back(static_cast<double>(s->rounds[t]));
      l.y.push_back(s->values[t]);
    }
  return l;
}

RunDynamics run_dynamics(const RunData& r, std::string label) {
  RunDynamics d;
  d.label = std::move(label);
  d.point = r.entry.id;
  d.replicate = r.entry.replicate;
  d.settings = r.entry.settings;
  for (const auto& c : run_collectives(*r.metrics)) {
    d.alpha.push_back(series_line(*r.metrics, c, "alpha"));
    d.success.push_back(series_line(*r.metrics, c, "success"));
  }
  d.converged_round = r.summary ? r.summary->converged_round.value_or(-1) : 0L;
  d.period = r.summary ? r.summary->period : 0L;
  return d;
}

// Every replicate: the spread over seeds is part of the result; only the report's figures cap what they draw.
void add_dynamics(FolderAnalysis& a, const std::vector<const RunData*>& runs) {
  for (const RunData* r : runs) a.dynamics.push_back(run_dynamics(*r, run_label(a, r->entry)));
}

// Sets `mean_field` when the engine marked the map as the population average standing in for a network's (files
// written before the `map` column existed have none).
std::vector<numerics::FixedPoint> read_equilibria(const fs::path& file, const std::string& collective,
                                                  bool& mean_field) {
  std::vector<numerics::FixedPoint> out;
  if (!fs::exists(file)) return out;
  const CsvTable t = read_csv_table(file);
  const bool has_map = t.has("map");
  for (const auto& r : t.rows) {
    if (r[t.column("collective")] != collective) continue;
    if (has_map && r[t.column("map")] == "mean_field") mean_field = true;
    numerics::FixedPoint fp;
    fp.alpha = fp.alpha_end = parse_number(r[t.column("alpha")]);
    fp.slope = parse_number(r[t.column("slope")]);
    const std::string st = r[t.column("stability")];
    fp.stability = st == "stable" ? numerics::Stability::stable : st == "unstable" ? numerics::Stability::unstable : numerics::Stability::neutral;
    fp.tipping_point = r[t.column("tipping_point")] == "true";
    out.push_back(fp);
  }
  return out;
}

struct Transitions {
  std::vector<std::string> collectives;  // first-seen order, also those that never moved
  std::map<std::string, Line> lines;     // (α_t, α_{t+1}) per collective, pooled over runs
};

Transitions observed_transitions(const Configuration& config) {
  Transitions out;
  for (const RunData* r : config.complete)
    for (const auto& c : run_collectives(*r->metrics)) {
      push_unique(out.collectives, c);
      const Series* s = r->metrics->find(c, "alpha");
      if (!s) continue;
      Line& l = out.lines[c];
      for (std::size_t t = 1; t < s->values.size(); ++t) {
        l.x.push_back(s->values[t - 1]);
        l.y.push_back(s->values[t]);
      }
    }
  return out;
}

// Sorted by α_t so the map reads as a curve.
Line sorted_by_x(const Line& t, std::string label) {
  std::vector<std::size_t> idx(t.x.size());
  for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
  std::stable_sort(idx.begin(), idx.end(), [&](std::size_t l, std::size_t r) { return t.x[l] < t.x[r]; });
  Line out;
  out.label = std::move(label);
  for (std::size_t i : idx) {
    out.x.push_back(t.x[i]);
    out.y.push_back(t.y[i]);
  }
  return out;
}

void add_participation_maps(FolderAnalysis& a, const std::vector<Configuration>& configs) {
  for (const auto& config : configs) {
    if (config.complete.empty()) continue;
    const fs::path equilibria = config.complete.front()->entry.dir / "equilibria.csv";
    if (!fs::exists(equilibria)) continue;
    Transitions transitions = observed_transitions(config);
    for (const auto& c : transitions.collectives) {
      ParticipationMap m;
      const std::string words = config::settings_label(config.settings);
      m.label = words.empty() ? c : words + ", " + c;
      m.settings = config.settings;
      m.collective = c;
      m.transitions = sorted_by_x(transitions.lines[c], "observed α_t → α_{t+1}");
      m.fixed_points = read_equilibria(equilibria, c, m.mean_field);
      if (m.mean_field) m.label += " (mean-field)";
      m.run_dir = config.complete.front()->entry.dir;
      m.collectives = transitions.collectives.size();
      a.maps.push_back(std::move(m));
    }
  }
}

using Profiles = std::map<std::vector<double>, std::vector<double>>;  // round-0 α per collective → S per collective

// Only runs with the same K ≥ 2 collectives as the first such run are comparable profiles.
std::map<long, Profiles> round0_profiles(const Configuration& config, std::vector<std::string>& collectives) {
  std::map<long, Profiles> by_replicate;
  for (const RunData* r : config.complete) {
    const auto cs = run_collectives(*r->metrics);
    if (cs.size() < 2) continue;
    if (collectives.empty()) collectives = cs;
    if (cs != collectives) continue;
    std::vector<double> alpha, success;
    for (const auto& c : cs) {
      alpha.push_back(first_value(*r->metrics, c, "alpha"));
      success.push_back(first_value(*r->metrics, c, "success"));
    }
    by_replicate[r->entry.replicate][alpha] = success;
  }
  return by_replicate;
}

// Read where only i (and j) keep the profile's members, so S_i changes by j's presence alone.
std::optional<numerics::PairwiseSuccess> pairwise_success(const Profiles& points, const std::vector<double>& profile,
                                                          const std::vector<double>& success) {
  const std::size_t K = profile.size();
  const auto only = [&](std::size_t i, std::size_t j) -> const std::vector<double>* {
    std::vector<double> v(K, 0.0);
    v[i] = profile[i];
    v[j] = profile[j];
    const auto it = points.find(v);
    return it == points.end() ? nullptr : &it->second;
  };
  numerics::PairwiseSuccess ps;
  ps.with = {K, std::vector<double>(K * K, 0.0)};
  for (std::size_t i = 0; i < K; ++i) {
    const auto* alone = only(i, i);
    if (!alone || std::isnan((*alone)[i])) return std::nullopt;
    ps.alone.push_back((*alone)[i]);
    for (std::size_t j = 0; j < K; ++j) {
      if (i == j) continue;
      // With two collectives the profile itself is the point where only i and j act.
      const auto* pair = K == 2 ? &success : only(i, j);
      if (!pair || std::isnan((*pair)[i])) return std::nullopt;
      ps.with(i, j) = (*pair)[i];
    }
  }
  return ps;
}

void add_sweep_constructiveness(FolderAnalysis& a, const std::vector<Configuration>& configs) {
  for (const auto& config : configs) {
    std::vector<std::string> collectives;
    const std::map<long, Profiles> by_replicate = round0_profiles(config, collectives);
    for (const auto& [rep, points] : by_replicate)
      for (const auto& [profile, success] : points) {
        if (!std::all_of(profile.begin(), profile.end(), [](double x) { return x > 0; })) continue;
        if (const auto ps = pairwise_success(points, profile, success))
          a.constructiveness.push_back(
              {config.key, config.settings, "", rep, collectives, profile, numerics::constructiveness(*ps)});
      }
  }
}

// The engine's own CT (fresh trainings or the joint curve), as a run's constructiveness.csv has it.
ConstructivenessAt read_engine_constructiveness(const fs::path& file) {
  const CsvTable t = read_csv_table(file);
  ConstructivenessAt c;
  c.source = "engine";
  for (const auto& row : t.rows)
    for (const char* col : {"collective", "other"}) push_unique(c.collectives, row[t.column(col)]);
  const std::size_t K = c.collectives.size();
  c.matrix.raw = {K, std::vector<double>(K * K, std::nan(""))};
  c.matrix.normalised = c.matrix.raw;
  const auto index = [&](const std::string& n) {
    return static_cast<std::size_t>(std::find(c.collectives.begin(), c.collectives.end(), n) - c.collectives.begin());
  };
  for (const auto& row : t.rows) {
    const std::size_t i = index(row[t.column("collective")]), j = index(row[t.column("other")]);
    c.matrix.raw(i, j) = parse_number(row[t.column("constructiveness")]);
    c.matrix.normalised(i, j) = parse_number(row[t.column("relative")]);
  }
  return c;
}

void add_engine_constructiveness(FolderAnalysis& a, const std::vector<RunData>& runs) {
  for (const auto& r : runs) {
    if (!r.complete() || !fs::exists(r.entry.dir / "constructiveness.csv")) continue;
    ConstructivenessAt c = read_engine_constructiveness(r.entry.dir / "constructiveness.csv");
    c.config = run_label(a, r.entry);
    c.settings = r.entry.settings;
    c.point = r.entry.id;
    c.replicate = r.entry.replicate;
    a.constructiveness.push_back(std::move(c));
  }
}

// Listed in FolderAnalysis::tables only once committed: the report must not point at a table that is not there.
class AnalysisTable {
 public:
  AnalysisTable(FolderAnalysis& a, const std::string& name, const std::vector<std::string>& header)
      : a_(a), path_(a.dir / "analysis" / name), csv_(path_, header) {}
  void row(const std::vector<std::string>& fields) { csv_.row(fields); }
  void commit() {
    remove_stata_copy(path_);  // `acasim export` writes it again from the new CSV; a stale copy must not stay
    csv_.commit();
    a_.tables.push_back(path_);
  }

 private:
  FolderAnalysis& a_;
  fs::path path_;
  util::CsvWriter csv_;
};

// A measured number; NaN (nothing measured, nothing reached) is an empty cell, never the text "nan".
std::string cell(double v) { return std::isnan(v) ? std::string() : util::format_number(v); }

std::vector<std::string> fields(std::vector<std::string> before, const std::vector<std::string>& settings,
                                const std::vector<std::string>& after) {
  before.insert(before.end(), settings.begin(), settings.end());
  before.insert(before.end(), after.begin(), after.end());
  return before;
}

// Tables per run carry every axis; tables per configuration (a curve spans the α axis) every axis but α.
struct Columns {
  SettingColumns run, config;
};

Columns setting_columns(const FolderAnalysis& a) {
  std::vector<std::vector<Setting>> points;
  for (const auto& r : a.runs) points.push_back(r.settings);
  return {SettingColumns(a.axes, points, a.collectives),
          SettingColumns(without(a.axes, alpha_axis_index(a.axes)), points, a.collectives)};
}

std::vector<std::string> summary_collectives(const FolderAnalysis& a, const std::vector<RunData>& runs) {
  std::vector<std::string> out = a.collectives;
  for (const auto& r : runs)
    if (r.summary)
      for (const auto& c : r.summary->collectives) push_unique(out, c);
  return out;
}

// One column per collective for summary.json's α*: one value per cell.
std::vector<std::string> critical_mass_cells(const RunData& r, const std::vector<std::string>& collectives) {
  std::vector<std::string> out(collectives.size());
  if (!r.summary) return out;
  for (std::size_t k = 0; k < r.summary->collectives.size(); ++k) {
    const auto at = std::find(collectives.begin(), collectives.end(), r.summary->collectives[k]);
    out[static_cast<std::size_t>(at - collectives.begin())] = cell(r.summary->outcomes[k].critical_mass);
  }
  return out;
}

void write_runs_csv(FolderAnalysis& a, const Columns& cols, const std::vector<RunData>& runs) {
  const std::vector<std::string> collectives = summary_collectives(a, runs);
  std::vector<std::string> after = {"status", "mode"};
  for (const auto& c : collectives) after.push_back("critical_mass_" + util::column_name(c));
  for (const char* c : {"converged", "converged_round", "period", "dir"}) after.push_back(c);
  AnalysisTable csv(a, "runs.csv", with_setting_columns({"point", "replicate"}, cols.run, after));
  for (const auto& r : runs) {
    std::vector<std::string> rest = {r.entry.status, r.entry.mode};
    for (auto& c : critical_mass_cells(r, collectives)) rest.push_back(std::move(c));
    std::string converged, converged_round, period;
    if (r.summary) {
      converged = r.summary->converged_round ? "true" : "false";
      if (r.summary->converged_round) converged_round = std::to_string(*r.summary->converged_round);
      period = std::to_string(r.summary->period);
    }
    rest.insert(rest.end(), {converged, converged_round, period, r.entry.dir.string()});
    csv.row(fields({r.entry.id, std::to_string(r.entry.replicate)}, cols.run.cells(r.entry.settings), rest));
  }
  csv.commit();
}

std::size_t min_replicates(const ConfigCurve& c) {
  std::size_t min_rep = c.grid.successes.empty() ? 0 : c.grid.successes.front().size();
  for (const auto& s : c.grid.successes) min_rep = std::min(min_rep, s.size());
  return min_rep;
}

void write_critical_mass_csv(FolderAnalysis& a, const Columns& cols) {
  AnalysisTable csv(a, "critical_mass.csv",
                    with_setting_columns({}, cols.config,
                                         {"collective", "source", "target", "status", "alpha_star", "describe", "level",
                                          "lower", "upper", "max_alpha_tested", "alphas", "min_replicates",
                                          "resamples", "resamples_not_reached"}));
  for (const auto& c : a.curves) {
    const auto& iv = c.critical_mass;
    csv.row(fields({}, cols.config.cells(c.settings),
                   {c.collective, c.source, cell(iv.point.target), to_string(iv.point.status),
                    iv.point.found() ? cell(iv.point.alpha) : "", describe(iv.point), cell(iv.level), cell(iv.lower),
                    cell(iv.upper), cell(iv.point.max_alpha_tested), std::to_string(c.grid.alphas.size()),
                    std::to_string(min_replicates(c)), std::to_string(iv.resamples),
                    std::to_string(iv.resamples_not_reached)}));
  }
  csv.commit();
}

std::string value_at(const Line& l, double x) {
  std::string v;
  for (std::size_t i = 0; i < l.x.size(); ++i)
    if (l.x[i] == x) v = cell(l.y[i]);
  return v;
}

void write_success_curves_csv(FolderAnalysis& a, const Columns& cols) {
  AnalysisTable csv(a, "success_curves.csv",
                    with_setting_columns({}, cols.config,
                                         {"collective", "source", "alpha", "replicates", "mean", "fit", "fit_lower",
                                          "fit_upper", "theory_bound", "group_privacy_cap"}));
  for (const auto& c : a.curves)
    for (std::size_t j = 0; j < c.grid.alphas.size(); ++j) {
      const std::string cap = j < c.privacy_cap.y.size() ? cell(c.privacy_cap.y[j]) : "";
      csv.row(fields({}, cols.config.cells(c.settings),
                     {c.collective, c.source, cell(c.grid.alphas[j]), std::to_string(c.fit.counts[j]),
                      cell(c.fit.raw_means[j]), cell(c.fit.curve.values[j]), cell(c.fit.lower.values[j]),
                      cell(c.fit.upper.values[j]), value_at(c.bound, c.grid.alphas[j]), cap}));
    }
  csv.commit();
}

// One row per (setting of the other axes, learner, outcome) that some run measured: mean and range over the runs.
void write_learner_outcomes_csv(FolderAnalysis& a, const Columns& cols) {
  const LearnerComparison& l = *a.learners;
  AnalysisTable csv(a, "learner_outcomes.csv",
                    with_setting_columns({}, cols.config, {"collective", "outcome", "mean", "min", "max", "runs"}));
  for (const auto& g : l.groups)
    for (std::size_t i = 0; i < l.learners.size(); ++i) {
      std::vector<Setting> settings = g.settings;
      settings.push_back({l.axis, l.learners[i]});
      const std::vector<std::string> cells = cols.config.cells(settings);
      for (std::size_t o = 0; o < l.outcomes.size(); ++o) {
        if (g.runs[o][i] == 0) continue;
        const auto [collective, outcome] = outcome_parts(l.outcomes[o]);
        csv.row(fields({}, cells, {collective, outcome, cell(g.means[o][i]), cell(g.lows[o][i]), cell(g.highs[o][i]),
                                  std::to_string(g.runs[o][i])}));
      }
    }
  csv.commit();
}

void write_policy_csv(FolderAnalysis& a, const Columns& cols, const PolicyEffect& p) {
  AnalysisTable csv(a, "critical_mass_vs_" + util::column_name(p.parameter) + ".csv",
                    with_setting_columns({}, cols.config,
                                         {"collective", "target", "status", "alpha_star", "max_alpha_tested", "level",
                                          "lower", "upper", "resamples", "resamples_not_reached"}));
  for (const auto& index : p.curve)
    for (std::size_t i : index) {
      const ConfigCurve& c = a.curves[i];
      const auto& iv = c.critical_mass;
      csv.row(fields({}, cols.config.cells(c.settings),
                     {c.collective, cell(iv.point.target), to_string(iv.point.status),
                      iv.point.found() ? cell(iv.point.alpha) : "", cell(iv.point.max_alpha_tested), cell(iv.level),
                      cell(iv.lower), cell(iv.upper), std::to_string(iv.resamples),
                      std::to_string(iv.resamples_not_reached)}));
    }
  csv.commit();
}

void write_dynamics_csv(FolderAnalysis& a, const Columns& cols) {
  AnalysisTable csv(a, "dynamics.csv",
                    with_setting_columns({"point", "replicate"}, cols.run,
                                         {"collective", "round", "alpha", "success"}));
  for (const auto& d : a.dynamics) {
    const std::vector<std::string> settings = cols.run.cells(d.settings);
    for (std::size_t k = 0; k < d.alpha.size(); ++k)
      for (std::size_t t = 0; t < d.alpha[k].x.size(); ++t)
        csv.row(fields({d.point, std::to_string(d.replicate)}, settings,
                       {d.alpha[k].label, cell(d.alpha[k].x[t]), cell(d.alpha[k].y[t]),
                        t < d.success[k].y.size() ? cell(d.success[k].y[t]) : ""}));
  }
  csv.commit();
}

// The α profile as one column per collective (alpha_<name>), empty where a row has none (the engine's own CT).
void write_constructiveness_csv(FolderAnalysis& a, const Columns& cols) {
  std::vector<std::string> names = a.collectives;
  for (const auto& c : a.constructiveness)
    for (const auto& n : c.collectives) push_unique(names, n);
  std::vector<std::string> after = {"collective_i", "collective_j"};
  for (const auto& n : names) after.push_back("alpha_" + util::column_name(n));
  after.insert(after.end(), {"ct", "ct_normalised"});
  AnalysisTable csv(a, "constructiveness.csv", with_setting_columns({"source", "point", "replicate"}, cols.run, after));
  for (const auto& c : a.constructiveness) {
    std::vector<std::string> profile(names.size());
    for (std::size_t k = 0; k < c.profile.size() && k < c.collectives.size(); ++k)
      profile[static_cast<std::size_t>(std::find(names.begin(), names.end(), c.collectives[k]) - names.begin())] =
          cell(c.profile[k]);
    const std::vector<std::string> settings = cols.run.cells(c.settings);
    for_each_ordered_pair(c.collectives.size(), [&](std::size_t i, std::size_t j) {
      std::vector<std::string> rest = {c.collectives[i], c.collectives[j]};
      rest.insert(rest.end(), profile.begin(), profile.end());
      rest.insert(rest.end(), {cell(c.matrix.raw(i, j)), cell(c.matrix.normalised(i, j))});
      csv.row(fields({c.source, c.point, std::to_string(c.replicate)}, settings, rest));
    });
  }
  csv.commit();
}

void write_participation_map_csv(FolderAnalysis& a, const Columns& cols) {
  AnalysisTable csv(a, "participation_map.csv",
                    with_setting_columns({}, cols.config, {"collective", "mean_field", "alpha_t", "alpha_next"}));
  for (const auto& m : a.maps)
    for (std::size_t i = 0; i < m.transitions.x.size(); ++i)
      csv.row(fields({}, cols.config.cells(m.settings),
                     {m.collective, m.mean_field ? "true" : "false", cell(m.transitions.x[i]),
                      cell(m.transitions.y[i])}));
  csv.commit();
}

void write_equilibria_csv(FolderAnalysis& a, const Columns& cols) {
  AnalysisTable csv(a, "equilibria.csv",
                    with_setting_columns({}, cols.config,
                                         {"collective", "mean_field", "alpha", "slope", "stability", "tipping_point"}));
  for (const auto& m : a.maps)
    for (const auto& fp : m.fixed_points)
      csv.row(fields({}, cols.config.cells(m.settings),
                     {m.collective, m.mean_field ? "true" : "false", cell(fp.alpha), cell(fp.slope),
                      to_string(fp.stability), fp.tipping_point ? "true" : "false"}));
  csv.commit();
}

void write_sensitivity_csv(FolderAnalysis& a) {
  AnalysisTable csv(a, "sensitivity.csv", sensitivity_header());
  for (const auto& e : a.sensitivity->rows) csv.row(sensitivity_row(*a.sensitivity, e));
  csv.commit();
}

void write_tables(FolderAnalysis& a, const std::vector<RunData>& runs) {
  fs::create_directories(a.dir / "analysis");
  const Columns cols = setting_columns(a);
  write_runs_csv(a, cols, runs);
  if (!a.curves.empty()) {
    write_critical_mass_csv(a, cols);
    write_success_curves_csv(a, cols);
  }
  if (a.learners && !a.learners->outcomes.empty()) write_learner_outcomes_csv(a, cols);
  for (const auto& p : a.policies) write_policy_csv(a, cols, p);
  write_dynamics_csv(a, cols);
  if (!a.constructiveness.empty()) write_constructiveness_csv(a, cols);
  if (!a.maps.empty()) {
    write_participation_map_csv(a, cols);
    write_equilibria_csv(a, cols);
  }
  if (a.sensitivity) write_sensitivity_csv(a);
}

}  // namespace

// What each run's engine could not vouch for (summary.json's warnings), named by run in a sweep.
void add_run_warnings(FolderAnalysis& a, const std::vector<RunData>& runs) {
  for (const auto& r : runs)
    if (r.summary)
      for (const auto& w : r.summary->warnings)
        a.warnings.push_back(a.sweep ? run_label(a, r.entry) + ": " + w.message : w.message);
}

std::pair<std::string, std::string> outcome_parts(const std::string& outcome) {
  // last_round_outcomes names a collective's outcome "final <metric> <collective>"; the rest are the platform's.
  const std::string prefix = "final ";
  if (outcome.rfind(prefix, 0) != 0) return {"platform", outcome};
  const auto space = outcome.find(' ', prefix.size());
  if (space == std::string::npos) return {"platform", outcome};
  return {outcome.substr(space + 1), "final_" + outcome.substr(prefix.size(), space - prefix.size())};
}

FolderAnalysis analyze_folder(const fs::path& dir, const AnalyzeOptions& o) {
  FolderAnalysis a;
  a.dir = dir;
  const std::vector<RunData> runs = load_runs(a);
  describe_runs(a, runs);
  add_run_warnings(a, runs);
  const std::vector<Configuration> configs = group_configurations(a.axes, runs);
  add_curves(a, runs, configs, o);
  add_policies(a);
  add_learner_comparison(a, runs);
  const std::vector<const RunData*> by_config = in_config_order(configs);
  add_engine_critical_mass(a, by_config);
  add_dynamics(a, by_config);
  add_participation_maps(a, configs);
  add_sweep_constructiveness(a, configs);
  add_engine_constructiveness(a, runs);
  if (a.sweep)
    a.sensitivity = sweep_sensitivity(dir, a.collectives, a.axes, o.seed, o.bootstrap.resamples, o.bootstrap.level);
  write_tables(a, runs);
  if (o.warn)
    for (const auto& w : a.warnings) *o.warn << "acasim analyze: " << w << '\n';
  return a;
}

}  // namespace aca::analysis
