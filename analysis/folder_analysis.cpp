#include "analysis/folder_analysis.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "analysis/csv_table.hpp"
#include "data/theory_bounds.hpp"
#include "run_folder/summary_record.hpp"
#include "util/csv_writer.hpp"
#include "util/rng.hpp"

namespace aca::analysis {

namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string label_of(const std::vector<Setting>& settings) {
  std::string s;
  for (const auto& [k, v] : settings) {
    // TOML writers may print 0.005 as 0.0050000000000000001; show the shortest text that reads back the same.
    const double x = parse_number(v);
    s += (s.empty() ? "" : ", ") + k + "=" + (std::isfinite(x) ? util::format_number(x) : v);
  }
  return s;
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
    if (s.metric == "alpha" && std::find(out.begin(), out.end(), s.collective) == out.end()) out.push_back(s.collective);
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
    if (fs::exists(e.dir / "summary.json"))
      d.summary = run_folder::read_summary(e.dir);
  }
  if (d.metrics) {
    for (const auto& c : run_collectives(*d.metrics))
      for (const char* m : {"alpha", "success"})
        if (const Series* s = d.metrics->find(c, m); s && !s->values.empty())
          e.outcomes.push_back({std::string("final ") + m + " " + c, s->values.back()});
    for (const char* m : {"clean_accuracy", "worst_group_accuracy", "welfare", "epsilon"})
      if (const Series* s = d.metrics->find("", m); s && !s->values.empty()) e.outcomes.push_back({m, s->values.back()});
  }
  d.entry = std::move(e);
  return d;
}

double first_value(const RunMetrics& m, const std::string& collective, const std::string& metric) {
  const Series* s = m.find(collective, metric);
  return s && !s->values.empty() ? s->values.front() : std::nan("");
}

std::vector<numerics::FixedPoint> read_equilibria(const fs::path& file, const std::string& collective) {
  std::vector<numerics::FixedPoint> out;
  if (!fs::exists(file)) return out;
  const CsvTable t = read_csv_table(file);
  for (const auto& r : t.rows) {
    if (r[t.column("collective")] != collective) continue;
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

std::string interval_end(double v) { return std::isinf(v) ? "inf" : util::format_number(v); }

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

// points.csv holds TOML text: a string axis value is a literal 'sgd' (or a basic "sgd").
std::string unquote(std::string v) {
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) v = v.substr(1, v.size() - 2);
  return v;
}

void write_tables(FolderAnalysis& a, const std::vector<RunData>& runs) {
  const fs::path out = a.dir / "analysis";
  fs::create_directories(out);
  {
    std::vector<std::string> h = {"run", "replicate"};
    h.insert(h.end(), a.axes.begin(), a.axes.end());
    for (const char* c : {"status", "mode", "critical_mass", "converged_round", "period", "dir"}) h.push_back(c);
    util::CsvWriter csv(out / "runs.csv", h);
    for (const auto& r : runs) {
      std::vector<std::string> row = {r.entry.id, std::to_string(r.entry.replicate)};
      for (const auto& s : r.entry.settings) row.push_back(s.second);
      std::string cm, converged, period;
      if (r.summary) {
        for (const auto& o : r.summary->outcomes)
          cm += (cm.empty() ? "" : ";") + (std::isfinite(o.critical_mass) ? util::format_number(o.critical_mass) : "null");
        converged = std::to_string(r.summary->converged_round.value_or(-1));
        period = std::to_string(r.summary->period);
      }
      row.insert(row.end(), {r.entry.status, r.entry.mode, cm, converged, period, r.entry.dir.string()});
      csv.row(row);
    }
    csv.commit();
    a.tables.push_back(out / "runs.csv");
  }
  if (!a.curves.empty()) {
    util::CsvWriter cm(out / "critical_mass.csv",
                       {"config", "collective", "source", "target", "status", "alpha_star", "describe", "level", "lower",
                        "upper", "max_alpha_tested", "alphas", "min_replicates", "resamples", "resamples_not_reached"});
    util::CsvWriter sc(out / "success_curves.csv",
                       {"config", "collective", "source", "alpha", "replicates", "mean", "fit", "fit_lower", "fit_upper",
                        "theory_bound", "group_privacy_cap"});
    for (const auto& c : a.curves) {
      const auto& iv = c.critical_mass;
      std::size_t min_rep = c.grid.successes.empty() ? 0 : c.grid.successes.front().size();
      for (const auto& s : c.grid.successes) min_rep = std::min(min_rep, s.size());
      cm.row({c.config, c.collective, c.source, util::format_number(iv.point.target), to_string(iv.point.status),
              iv.point.found() ? util::format_number(iv.point.alpha) : "", describe(iv.point),
              util::format_number(iv.level), interval_end(iv.lower), interval_end(iv.upper),
              util::format_number(iv.point.max_alpha_tested), std::to_string(c.grid.alphas.size()),
              std::to_string(min_rep), std::to_string(iv.resamples), std::to_string(iv.resamples_not_reached)});
      for (std::size_t j = 0; j < c.grid.alphas.size(); ++j) {
        std::string bound, cap;
        for (std::size_t b = 0; b < c.bound.x.size(); ++b)
          if (c.bound.x[b] == c.grid.alphas[j]) bound = util::format_number(c.bound.y[b]);
        if (j < c.privacy_cap.y.size()) cap = util::format_number(c.privacy_cap.y[j]);
        sc.row({c.config, c.collective, c.source, util::format_number(c.grid.alphas[j]),
                std::to_string(c.fit.counts[j]), util::format_number(c.fit.raw_means[j]),
                util::format_number(c.fit.curve.values[j]), util::format_number(c.fit.lower.values[j]),
                util::format_number(c.fit.upper.values[j]), bound, cap});
      }
    }
    cm.commit();
    sc.commit();
    a.tables.push_back(out / "critical_mass.csv");
    a.tables.push_back(out / "success_curves.csv");
  }
  if (a.learners && !a.learners->outcomes.empty()) {
    const LearnerComparison& l = *a.learners;
    util::CsvWriter csv(out / "learner_outcomes.csv", {"learner", "outcome", "mean"});
    for (std::size_t o = 0; o < l.outcomes.size(); ++o)
      for (std::size_t i = 0; i < l.learners.size(); ++i)
        csv.row({l.learners[i], l.outcomes[o], util::format_number(l.means[o][i])});
    csv.commit();
    a.tables.push_back(out / "learner_outcomes.csv");
  }
  for (const auto& p : a.policies) {
    std::string name = p.parameter;
    std::replace(name.begin(), name.end(), '.', '_');
    const fs::path f = out / ("critical_mass_vs_" + name + ".csv");
    write_critical_mass_table(f, p.series);
    a.tables.push_back(f);
  }
  {
    util::CsvWriter csv(out / "dynamics.csv", {"run", "collective", "round", "alpha", "success"});
    for (const auto& d : a.dynamics)
      for (std::size_t k = 0; k < d.alpha.size(); ++k)
        for (std::size_t t = 0; t < d.alpha[k].x.size(); ++t)
          csv.row({d.label, d.alpha[k].label, util::format_number(d.alpha[k].x[t]),
                   util::format_number(d.alpha[k].y[t]),
                   t < d.success[k].y.size() ? util::format_number(d.success[k].y[t]) : "nan"});
    csv.commit();
    a.tables.push_back(out / "dynamics.csv");
  }
  if (!a.constructiveness.empty()) {
    util::CsvWriter csv(out / "constructiveness.csv",
                        {"source", "config", "replicate", "profile", "collective_i", "collective_j", "ct", "ct_normalised"});
    for (const auto& c : a.constructiveness) {
      std::string profile;
      for (double x : c.profile) profile += (profile.empty() ? "" : ";") + util::format_number(x);
      for (std::size_t i = 0; i < c.collectives.size(); ++i)
        for (std::size_t j = 0; j < c.collectives.size(); ++j)
          if (i != j)
            csv.row({c.source, c.config, std::to_string(c.replicate), profile, c.collectives[i], c.collectives[j],
                     util::format_number(c.matrix.raw(i, j)), util::format_number(c.matrix.normalised(i, j))});
    }
    csv.commit();
    a.tables.push_back(out / "constructiveness.csv");
  }
  if (!a.maps.empty()) {
    util::CsvWriter pm(out / "participation_map.csv", {"map", "alpha_t", "alpha_next"});
    util::CsvWriter eq(out / "equilibria.csv", {"map", "alpha", "slope", "stability", "tipping_point"});
    for (const auto& m : a.maps) {
      for (std::size_t i = 0; i < m.transitions.x.size(); ++i)
        pm.row({m.label, util::format_number(m.transitions.x[i]), util::format_number(m.transitions.y[i])});
      for (const auto& fp : m.fixed_points)
        eq.row({m.label, util::format_number(fp.alpha), util::format_number(fp.slope), to_string(fp.stability),
                fp.tipping_point ? "true" : "false"});
    }
    pm.commit();
    eq.commit();
    a.tables.push_back(out / "participation_map.csv");
    a.tables.push_back(out / "equilibria.csv");
  }
}

}  // namespace

FolderAnalysis analyze_folder(const fs::path& dir, const AnalyzeOptions& o) {
  FolderAnalysis a;
  a.dir = dir;
  std::vector<RunData> runs;
  if (fs::exists(dir / "points.csv")) {
    a.sweep = true;
    const CsvTable pts = read_csv_table(dir / "points.csv");
    for (std::size_t c = 2; c < pts.header.size(); ++c) a.axes.push_back(pts.header[c]);
    for (const auto& r : pts.rows) {
      RunEntry e;
      e.id = r[0];
      e.replicate = std::stol(r[1]);
      e.dir = dir / "points" / e.id;
      for (std::size_t c = 2; c < r.size(); ++c) e.settings.push_back({pts.header[c], r[c]});
      runs.push_back(load_run(std::move(e)));
    }
    a.scenario_text = read_text(dir / "scenario.resolved.toml");
  } else if (fs::exists(dir / "metrics.csv")) {
    RunEntry e;
    e.dir = dir;
    e.id = dir.filename().string();
    runs.push_back(load_run(std::move(e)));
    a.scenario_text = read_text(dir / "scenario.resolved.toml");
  } else {
    throw RunReadError(dir.string(), 0, 0, "neither a run folder (metrics.csv) nor a sweep folder (points.csv)");
  }
  for (const auto& r : runs)
    if (r.complete()) {
      a.mode = r.entry.mode;
      if (fs::exists(r.entry.dir / "manifest.json")) a.manifest = read_manifest(r.entry.dir / "manifest.json");
      if (r.summary) a.target = r.summary->target_success;
      break;
    }
  for (auto& r : runs) a.runs.push_back(r.entry);

  // Configurations: points that differ only in the α axis and the replicate.
  const auto alpha_it = std::find(a.axes.begin(), a.axes.end(), std::string(alpha_axis_key));
  const std::size_t alpha_axis = static_cast<std::size_t>(alpha_it - a.axes.begin());
  std::vector<std::string> config_order;
  std::map<std::string, std::vector<std::size_t>> config_runs;
  std::map<std::string, std::vector<Setting>> config_settings;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    std::vector<Setting> s;
    for (std::size_t k = 0; k < runs[i].entry.settings.size(); ++k)
      if (k != alpha_axis) s.push_back(runs[i].entry.settings[k]);
    const std::string key = label_of(s);
    if (!config_runs.count(key)) {
      config_order.push_back(key);
      config_settings[key] = s;
    }
    config_runs[key].push_back(i);
  }

  // S(α) curves: from response_curve.csv when the engine estimated them, else from the α axis at round 0.
  bool any_rc = false;
  for (const auto& r : runs) any_rc = any_rc || (r.complete() && fs::exists(r.entry.dir / "response_curve.csv"));
  std::uint64_t curve_index = 0;
  for (const auto& key : config_order) {
    std::vector<std::string> names;
    std::map<std::string, std::vector<numerics::Observation>> obs;
    std::map<std::string, std::map<double, double>> bound;
    // Privacy of the configuration: the loosest (ε, δ, rows) of its runs keeps the cap valid for each of them.
    bool all_private = false, any_run = false;
    double eps = 0.0, delta = 0.0, rows = 0.0;
    for (std::size_t i : config_runs[key]) {
      const RunData& r = runs[i];
      if (!r.complete()) continue;
      {
        const double e = first_value(*r.metrics, "", "epsilon");
        all_private = (any_run ? all_private : true) && std::isfinite(e);
        any_run = true;
        if (std::isfinite(e)) {
          eps = std::max(eps, e);
          const double d = first_value(*r.metrics, "", "delta");
          if (!std::isnan(d)) delta = std::max(delta, d);
        }
        const double n = first_value(*r.metrics, "", "training_rows");
        if (!std::isnan(n)) rows = std::max(rows, n);
      }
      for (const auto& c : run_collectives(*r.metrics))
        if (std::find(names.begin(), names.end(), c) == names.end()) names.push_back(c);
      if (any_rc) {
        if (!fs::exists(r.entry.dir / "response_curve.csv")) continue;
        const CsvTable t = read_csv_table(r.entry.dir / "response_curve.csv");
        for (const auto& row : t.rows)
          obs[row[t.column("collective")]].push_back(
              {parse_number(row[t.column("alpha")]), parse_number(row[t.column("success")])});
      } else if (alpha_it != a.axes.end()) {
        for (const auto& c : run_collectives(*r.metrics)) {
          const double al = first_value(*r.metrics, c, "alpha"), s = first_value(*r.metrics, c, "success");
          if (std::isnan(al) || std::isnan(s)) continue;
          obs[c].push_back({al, s});
        }
      }
      // The engine records the exact theory bound (categorical data) at the α of every round: each (α_t, bound_t)
      // is a point of the bound curve, whichever way S(α) itself was measured.
      for (const auto& c : run_collectives(*r.metrics)) {
        const Series* al = r.metrics->find(c, "alpha");
        for (const char* b : {"feature_label_bound", "feature_only_bound"}) {
          const Series* bs = r.metrics->find(c, b);
          if (!al || !bs) continue;
          std::map<long, double> alpha_at;
          for (std::size_t t = 0; t < al->rounds.size(); ++t) alpha_at[al->rounds[t]] = al->values[t];
          for (std::size_t t = 0; t < bs->rounds.size(); ++t) {
            const auto it = alpha_at.find(bs->rounds[t]);
            if (it != alpha_at.end() && !std::isnan(bs->values[t]) && !std::isnan(it->second))
              bound[c][it->second] = bs->values[t];
          }
        }
      }
    }
    for (const auto& c : names) {
      if (obs[c].empty()) continue;
      ConfigCurve curve = make_curve(key, config_settings[key], c, any_rc ? "response_curve" : "alpha_axis", obs[c],
                                     a.target, o, curve_index++);
      curve.bound.label = "theory lower bound (" + c + ")";
      for (const auto& [x, y] : bound[c]) {
        curve.bound.x.push_back(x);
        curve.bound.y.push_back(y);
      }
      if (all_private) {
        curve.epsilon = eps;
        curve.delta = delta;
        curve.training_rows = rows;
        add_privacy_cap(curve, a.warnings);
      }
      a.curves.push_back(std::move(curve));
    }
  }

  // α* against each numeric policy axis: one series per (other settings, collective).
  std::vector<std::string> config_axes;
  for (std::size_t k = 0; k < a.axes.size(); ++k)
    if (k != alpha_axis) config_axes.push_back(a.axes[k]);
  for (std::size_t ax = 0; ax < config_axes.size(); ++ax) {
    std::set<double> distinct;
    bool numeric = true;
    for (const auto& c : a.curves) {
      const double v = parse_number(c.settings[ax].second);
      numeric = numeric && std::isfinite(v);
      distinct.insert(v);
    }
    if (!numeric || distinct.size() < 2) continue;
    PolicyEffect p;
    p.parameter = config_axes[ax];
    std::map<std::string, std::vector<std::pair<double, numerics::CriticalMassInterval>>> by_series;
    std::vector<std::string> order;
    for (const auto& c : a.curves) {
      std::vector<Setting> rest;
      for (std::size_t k = 0; k < c.settings.size(); ++k)
        if (k != ax) rest.push_back(c.settings[k]);
      std::string label = label_of(rest);
      label = label.empty() ? c.collective : c.collective + ": " + label;
      if (!by_series.count(label)) order.push_back(label);
      by_series[label].push_back({parse_number(c.settings[ax].second), c.critical_mass});
    }
    for (const auto& label : order) {
      auto v = by_series[label];
      std::stable_sort(v.begin(), v.end(), [](const auto& l, const auto& r) { return l.first < r.first; });
      CriticalMassSeries s;
      s.label = label;
      s.parameter = p.parameter;
      for (const auto& [x, iv] : v) {
        s.x.push_back(x);
        s.intervals.push_back(iv);
      }
      p.series.push_back(std::move(s));
    }
    a.policies.push_back(std::move(p));
  }

  // ERM vs GDRO (or any learners): curves and last-round outcomes grouped by the platform.learner axis.
  const auto learner_it = std::find(a.axes.begin(), a.axes.end(), std::string("platform.learner"));
  if (learner_it != a.axes.end()) {
    LearnerComparison l;
    l.axis = *learner_it;
    const auto learner_of = [&](const std::vector<Setting>& settings) {
      for (const auto& [k, v] : settings)
        if (k == l.axis) return unquote(v);
      return std::string();
    };
    std::map<std::string, std::map<std::string, std::pair<double, long>>> sums;  // outcome → learner → (sum, n)
    for (const auto& r : runs) {
      const std::string name = learner_of(r.entry.settings);
      if (std::find(l.learners.begin(), l.learners.end(), name) == l.learners.end()) l.learners.push_back(name);
      if (!r.complete()) continue;
      for (const auto& [o, v] : r.entry.outcomes) {
        if (std::isnan(v)) continue;
        if (std::find(l.outcomes.begin(), l.outcomes.end(), o) == l.outcomes.end()) l.outcomes.push_back(o);
        auto& acc = sums[o][name];
        acc.first += v;
        ++acc.second;
      }
    }
    for (std::size_t i = 0; i < a.curves.size(); ++i) l.curves.push_back({learner_of(a.curves[i].settings), i});
    for (const auto& o : l.outcomes) {
      std::vector<double> m;
      for (const auto& name : l.learners) {
        const auto it = sums[o].find(name);
        m.push_back(it == sums[o].end() ? std::nan("") : it->second.first / static_cast<double>(it->second.second));
      }
      l.means.push_back(std::move(m));
    }
    a.learners = std::move(l);
  }

  // Dynamics, participation maps and the engine's own α* per run.
  for (const auto& key : config_order) {
    std::map<std::string, Line> transitions;
    std::vector<std::string> names;
    const RunData* first = nullptr;
    for (std::size_t i : config_runs[key]) {
      const RunData& r = runs[i];
      if (!r.complete()) continue;
      if (!first) first = &r;
      const std::string label = a.sweep ? r.entry.id + (r.entry.settings.empty() ? "" : " (" + label_of(r.entry.settings) + ")")
                                        : r.entry.id;
      const auto collectives = run_collectives(*r.metrics);
      if (r.summary && a.mode != "learned")
        for (std::size_t k = 0; k < r.summary->collectives.size(); ++k)
          a.engine_critical_mass.push_back({label + " " + r.summary->collectives[k], r.summary->outcomes[k].critical_mass});
      if (r.entry.replicate == 0 && a.dynamics.size() < o.max_dynamics) {
        RunDynamics d;
        d.label = label;
        for (const auto& c : collectives) {
          for (const char* metric : {"alpha", "success"}) {
            Line l;
            l.label = c.empty() ? "platform" : c;
            if (const Series* s = r.metrics->find(c, metric))
              for (std::size_t t = 0; t < s->values.size(); ++t) {
                l.x.push_back(static_cast<double>(s->rounds[t]));
                l.y.push_back(s->values[t]);
              }
            (std::string(metric) == "alpha" ? d.alpha : d.success).push_back(std::move(l));
          }
        }
        d.converged_round = r.summary ? r.summary->converged_round.value_or(-1) : 0L;
        d.period = r.summary ? r.summary->period : 0L;
        a.dynamics.push_back(std::move(d));
      }
      for (const auto& c : collectives) {
        if (std::find(names.begin(), names.end(), c) == names.end()) names.push_back(c);
        const Series* s = r.metrics->find(c, "alpha");
        if (!s) continue;
        for (std::size_t t = 1; t < s->values.size(); ++t) {
          transitions[c].x.push_back(s->values[t - 1]);
          transitions[c].y.push_back(s->values[t]);
        }
      }
    }
    if (!first || !fs::exists(first->entry.dir / "equilibria.csv")) continue;
    for (const auto& c : names) {
      ParticipationMap m;
      m.label = key.empty() ? c : key + " / " + c;
      // Sort transitions by α_t so the map reads as a curve.
      Line& t = transitions[c];
      std::vector<std::size_t> idx(t.x.size());
      for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
      std::stable_sort(idx.begin(), idx.end(), [&](std::size_t l, std::size_t r) { return t.x[l] < t.x[r]; });
      m.transitions.label = "observed α_t → α_{t+1}";
      for (std::size_t i : idx) {
        m.transitions.x.push_back(t.x[i]);
        m.transitions.y.push_back(t.y[i]);
      }
      m.fixed_points = read_equilibria(first->entry.dir / "equilibria.csv", c);
      a.maps.push_back(std::move(m));
    }
  }
  // numerics::Constructiveness: every profile where all K ≥ 2 collectives have members, against the matching points where
  // only i (alone) or only i and j have the same members.
  for (const auto& key : config_order) {
    std::map<long, std::map<std::vector<double>, std::vector<double>>> by_replicate;
    std::vector<std::string> names;
    for (std::size_t i : config_runs[key]) {
      const RunData& r = runs[i];
      if (!r.complete()) continue;
      const auto cs = run_collectives(*r.metrics);
      if (cs.size() < 2) continue;
      if (names.empty()) names = cs;
      if (cs != names) continue;
      std::vector<double> al, su;
      for (const auto& c : cs) {
        al.push_back(first_value(*r.metrics, c, "alpha"));
        su.push_back(first_value(*r.metrics, c, "success"));
      }
      by_replicate[r.entry.replicate][al] = su;
    }
    for (const auto& [rep, points] : by_replicate) {
      for (const auto& [profile, success] : points) {
        if (!std::all_of(profile.begin(), profile.end(), [](double x) { return x > 0; })) continue;
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
        bool ok = true;
        for (std::size_t i = 0; i < K && ok; ++i) {
          const auto* alone = only(i, i);
          ok = alone && !std::isnan((*alone)[i]);
          if (ok) ps.alone.push_back((*alone)[i]);
          for (std::size_t j = 0; j < K && ok; ++j) {
            if (i == j) continue;
            const auto* pair = K == 2 ? &success : only(i, j);
            ok = pair && !std::isnan((*pair)[i]);
            if (ok) ps.with(i, j) = (*pair)[i];
          }
        }
        if (ok) a.constructiveness.push_back({key, rep, names, profile, numerics::constructiveness(ps)});
      }
    }
  }
  // The engine's own constructiveness (fresh trainings or the joint curve) of each run that measured it.
  for (const auto& r : runs) {
    if (!r.complete() || !fs::exists(r.entry.dir / "constructiveness.csv")) continue;
    const CsvTable t = read_csv_table(r.entry.dir / "constructiveness.csv");
    ConstructivenessAt c;
    c.config = a.sweep ? r.entry.id + (r.entry.settings.empty() ? "" : " (" + label_of(r.entry.settings) + ")")
                       : r.entry.id;
    c.replicate = r.entry.replicate;
    c.source = "engine";
    for (const auto& row : t.rows)
      for (const char* col : {"collective", "other"})
        if (std::find(c.collectives.begin(), c.collectives.end(), row[t.column(col)]) == c.collectives.end())
          c.collectives.push_back(row[t.column(col)]);
    const std::size_t K = c.collectives.size();
    const double nan = std::nan("");
    c.matrix.raw = {K, std::vector<double>(K * K, nan)};
    c.matrix.normalised = c.matrix.raw;
    const auto index = [&](const std::string& n) {
      return static_cast<std::size_t>(std::find(c.collectives.begin(), c.collectives.end(), n) - c.collectives.begin());
    };
    for (const auto& row : t.rows) {
      const std::size_t i = index(row[t.column("collective")]), j = index(row[t.column("other")]);
      c.matrix.raw(i, j) = parse_number(row[t.column("constructiveness")]);
      c.matrix.normalised(i, j) = parse_number(row[t.column("relative")]);
    }
    a.constructiveness.push_back(std::move(c));
  }
  write_tables(a, runs);
  if (o.warn)
    for (const auto& w : a.warnings) *o.warn << "acasim analyze: " << w << '\n';
  return a;
}

}  // namespace aca::analysis
