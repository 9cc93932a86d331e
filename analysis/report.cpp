#include "analysis/report.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "util/atomic_file.hpp"
#include "util/csv_writer.hpp"

namespace aca::analysis {

namespace fs = std::filesystem;

namespace {

// The report as a list of blocks, emitted once as Markdown and once as HTML so the two never disagree.
struct Block {
  enum Kind { heading, paragraph, table, image, code } kind;
  std::string text;                            // heading / paragraph / code text; image caption
  std::vector<std::vector<std::string>> rows;  // table: first row is the header
  std::string png, svg;                        // image: relative paths
};

std::string num(double v) { return std::isfinite(v) ? util::format_number(v) : std::isinf(v) ? "inf" : "nan"; }

std::string round4(double v) {
  if (!std::isfinite(v)) return num(v);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

std::string interval_text(const numerics::CriticalMassInterval& iv) {
  const auto end = [&](double v, bool beyond) {
    return beyond ? "> " + round4(iv.point.max_alpha_tested) + " (max α tested)" : round4(v);
  };
  return "[" + end(iv.lower, iv.lower_beyond_grid) + ", " + end(iv.upper, iv.upper_beyond_grid) + "]";
}

// α* to four significant digits; the library's wording when it lies at or beyond an end of the grid.
std::string cm_text(const numerics::CriticalMass& cm) {
  return cm.status == numerics::CriticalMassStatus::reached ? round4(cm.alpha) : describe(cm);
}

std::string slug(std::string s) {
  for (auto& c : s)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return s;
}

std::string html_escape(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '&') o += "&amp;";
    else if (c == '<') o += "&lt;";
    else if (c == '>') o += "&gt;";
    else if (c == '"') o += "&quot;";
    else o += c;
  }
  return o;
}

std::string md_cell(std::string s) {
  std::string o;
  for (char c : s) {
    if (c == '|') o += "\\|";
    else if (c == '\n') o += ' ';
    else o += c;
  }
  return o;
}

std::string markdown(const std::vector<Block>& blocks) {
  std::string o;
  for (const auto& b : blocks) {
    switch (b.kind) {
      case Block::heading: o += b.text + "\n\n"; break;
      case Block::paragraph: o += b.text + "\n\n"; break;
      case Block::code: o += "```toml\n" + b.text + (b.text.empty() || b.text.back() != '\n' ? "\n" : "") + "```\n\n"; break;
      case Block::image: o += "![" + b.text + "](" + b.png + ")\n\n(SVG: [" + b.svg + "](" + b.svg + "))\n\n"; break;
      case Block::table:
        for (std::size_t r = 0; r < b.rows.size(); ++r) {
          o += "|";
          for (const auto& c : b.rows[r]) o += " " + md_cell(c) + " |";
          o += "\n";
          if (r == 0) {
            o += "|";
            for (std::size_t c = 0; c < b.rows[0].size(); ++c) o += "---|";
            o += "\n";
          }
        }
        o += "\n";
        break;
    }
  }
  return o;
}

std::string html(const std::vector<Block>& blocks, const std::string& title) {
  std::string o = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + html_escape(title) +
                  "</title>\n<style>body{font-family:sans-serif;max-width:1000px;margin:auto}table{border-collapse:"
                  "collapse}td,th{border:1px solid #bbb;padding:2px 6px}img{max-width:100%}</style></head><body>\n";
  for (const auto& b : blocks) {
    switch (b.kind) {
      case Block::heading: {
        const auto level = std::to_string(std::count(b.text.begin(), b.text.begin() + static_cast<long>(b.text.find(' ')), '#'));
        o += "<h" + level + ">" + html_escape(b.text.substr(b.text.find(' ') + 1)) + "</h" + level + ">\n";
        break;
      }
      case Block::paragraph: o += "<p>" + html_escape(b.text) + "</p>\n"; break;
      case Block::code: o += "<pre>" + html_escape(b.text) + "</pre>\n"; break;
      case Block::image:
        o += "<figure><img src=\"" + html_escape(b.svg) + "\" alt=\"" + html_escape(b.text) + "\"><figcaption>" +
             html_escape(b.text) + " (<a href=\"" + html_escape(b.png) + "\">PNG</a>)</figcaption></figure>\n";
        break;
      case Block::table:
        o += "<table>\n";
        for (std::size_t r = 0; r < b.rows.size(); ++r) {
          o += "<tr>";
          for (const auto& c : b.rows[r]) o += (r == 0 ? "<th>" : "<td>") + html_escape(c) + (r == 0 ? "</th>" : "</td>");
          o += "</tr>\n";
        }
        o += "</table>\n";
        break;
    }
  }
  return o + "</body></html>\n";
}

Block heading(std::string t) { return {Block::heading, std::move(t), {}, {}, {}}; }
Block paragraph(std::string t) { return {Block::paragraph, std::move(t), {}, {}, {}}; }
Block table(std::vector<std::vector<std::string>> rows) { return {Block::table, {}, std::move(rows), {}, {}}; }

Block image(const FigureFiles& f, const fs::path& out_dir, std::string caption) {
  return {Block::image, std::move(caption), {}, fs::relative(f.png, out_dir).generic_string(),
          fs::relative(f.svg, out_dir).generic_string()};
}

}  // namespace

Report write_report(const FolderAnalysis& a, const fs::path& out_dir, const ReportOptions& options) {
  Report rep;
  const fs::path figs = out_dir / "figures";
  fs::create_directories(figs);
  PlotStyle base;
  base.gnuplot = options.gnuplot;
  std::vector<Block> b;
  const std::string title = "acasim report: " + (a.sweep ? std::string("sweep ") : std::string("run ")) +
                            a.dir.filename().string();
  b.push_back(heading("# " + title));
  long complete = 0;
  for (const auto& r : a.runs) complete += r.status == "complete";
  b.push_back(paragraph("Folder `" + a.dir.string() + "`: " + (a.sweep ? "a sweep" : "a single run") + " in mode `" +
                        a.mode + "`; " + std::to_string(a.runs.size()) + " run(s) summarised, " +
                        std::to_string(complete) + " complete. Success target S* = " + num(a.target) +
                        "; critical mass α*(S*) = min{α : S(α) ≥ S*} from an isotonic fit, never extrapolated beyond "
                        "the α grid (\"> max α tested\"). Tables behind every number: `analysis/`."));

  if (!a.warnings.empty()) {
    // First thing a reader sees: a measured success above the group-privacy cap contradicts the DP guarantee.
    std::size_t violations = 0;
    for (const auto& c : a.curves) violations += c.cap_violations.size();
    b.push_back(heading("## Warnings"));
    if (violations > 0)
      b.push_back(paragraph("**WARNING: " + std::to_string(violations) +
                            " measured success(es) above the group-privacy upper bound** — the (ε, δ) guarantee, "
                            "the recorded ε, or the replicate noise of the measurement deserves a look."));
    std::vector<std::vector<std::string>> rows = {{"warning"}};
    for (const auto& w : a.warnings) rows.push_back({w});
    b.push_back(table(rows));
  }

  if (a.manifest) {
    b.push_back(heading("## Manifest"));
    std::vector<std::vector<std::string>> rows = {{"field", "value"}};
    for (const auto& [k, text] : a.manifest->scalar_fields()) rows.push_back({k, text});
    b.push_back(table(rows));
    if (a.sweep) b.push_back(paragraph("Manifest of the first complete point; every point has its own manifest.json."));
  }

  if (!a.curves.empty()) {
    b.push_back(heading("## Critical mass per configuration"));
    b.push_back(paragraph(std::string("S(α) from ") +
                          (a.curves.front().source == "response_curve"
                               ? "the engine's response_curve.csv (trainings on an α grid), pooled over replicates"
                               : "round 0 of each point of the `population.initial_members` axis (α and S before "
                                 "any agent revises)") +
                          "; bootstrap intervals over replicates (percentile, " +
                          num(a.curves.front().critical_mass.level * 100) + " % nominal)."));
    std::vector<std::vector<std::string>> rows = {
        {"configuration", "collective", "α*", "interval", "α points", "status"}};
    for (const auto& c : a.curves)
      rows.push_back({c.config.empty() ? "(run)" : c.config, c.collective, cm_text(c.critical_mass.point),
                      interval_text(c.critical_mass), std::to_string(c.grid.alphas.size()),
                      to_string(c.critical_mass.point.status)});
    b.push_back(table(rows));
    std::map<std::string, std::vector<const ConfigCurve*>> by_collective;
    std::vector<std::string> order;
    for (const auto& c : a.curves) {
      if (!by_collective.count(c.collective)) order.push_back(c.collective);
      by_collective[c.collective].push_back(&c);
    }
    for (const auto& col : order) {
      std::vector<PlottedCurve> curves;
      std::vector<Line> bounds, caps;
      for (const ConfigCurve* c : by_collective[col]) {
        PlottedCurve s;
        s.label = c->config.empty() ? col : c->config;
        s.fit = c->fit;
        for (std::size_t j = 0; j < c->grid.alphas.size(); ++j)
          for (double v : c->grid.successes[j]) s.points.push_back({c->grid.alphas[j], v});
        curves.push_back(std::move(s));
        if (!c->bound.x.empty()) {
          bounds.push_back(c->bound);
          if (!c->config.empty()) bounds.back().label = c->config;
        }
        if (!c->privacy_cap.x.empty()) {
          caps.push_back(c->privacy_cap);
          if (!c->config.empty()) caps.back().label = "group-privacy cap, " + c->config;
        }
      }
      PlotStyle st = base;
      st.title = "S(α) of " + col + " per configuration";
      st.xlabel = "participation α (log scale)";
      st.ylabel = "success S";
      st.log_x = true;
      const auto f = plot_success_curves(figs / ("success_curves_" + slug(col)), curves, bounds, a.target, st, caps);
      rep.figures.push_back(f);
      b.push_back(image(f, out_dir, "S(α) of " + col + " with replicate band" +
                                        (bounds.empty() ? std::string() : ", theory lower bound dashed (a bound, not a measurement)") +
                                        (caps.empty() ? std::string()
                                                      : ", group-privacy upper bound under (ε, δ)-DP red dash-dotted "
                                                        "(a bound, not a measurement)") +
                                        "; α = 0 is not drawn on the log axis"));
    }
    bool any_private = false;
    for (const auto& c : a.curves) any_private = any_private || std::isfinite(c.epsilon);
    if (any_private) {
      b.push_back(heading("## Group-privacy bound under differential privacy"));
      b.push_back(paragraph("A collective of k members changes k = round(α · training rows) records, so (ε, δ)-DP "
                            "training caps its success: S(α) ≤ e^{kε}·S(0) + k·e^{(k−1)ε}·δ (literature §3), with "
                            "S(0) the fitted curve at α = 0 and the largest round-0 ε, δ over the configuration's runs. "
                            "A violation is a grid α > 0 whose measured mean success exceeds the cap (the cap bounds "
                            "the true probability; a mean over few replicates can exceed it by noise)."));
      std::vector<std::vector<std::string>> rows = {
          {"configuration", "collective", "ε", "δ", "training rows", "S(0)", "cap", "violations"}};
      for (const auto& c : a.curves) {
        if (!std::isfinite(c.epsilon)) continue;
        std::string viol = "-";
        if (c.privacy_note.empty()) {
          viol = std::to_string(c.cap_violations.size());
          for (std::size_t i = 0; i < c.cap_violations.size(); ++i)
            viol += (i ? ", " : " (VIOLATED at α = ") + round4(c.cap_violations[i]);
          if (!c.cap_violations.empty()) viol += ")";
        }
        rows.push_back({c.config.empty() ? "(run)" : c.config, c.collective, round4(c.epsilon), num(c.delta),
                        num(c.training_rows), c.privacy_note.empty() ? round4(c.fit.curve.values.front()) : "-",
                        c.privacy_note.empty() ? "drawn" : c.privacy_note, viol});
      }
      b.push_back(table(rows));
    }
  }

  if (a.learners) {
    const LearnerComparison& l = *a.learners;
    b.push_back(heading("## Learners compared (" + l.axis + ", e.g. ERM vs GDRO)"));
    if (!l.curves.empty()) {
      std::vector<std::vector<std::string>> rows = {{"learner", "configuration", "collective", "α*", "interval"}};
      std::map<std::string, std::vector<PlottedCurve>> by_collective;
      std::vector<std::string> order;
      for (const auto& [learner, i] : l.curves) {
        const ConfigCurve& c = a.curves[i];
        rows.push_back({learner, c.config, c.collective, cm_text(c.critical_mass.point), interval_text(c.critical_mass)});
        PlottedCurve sc;
        std::string rest;
        for (const auto& [k, v] : c.settings)
          if (k != l.axis) rest += (rest.empty() ? "" : ", ") + k + "=" + v;
        sc.label = learner + (rest.empty() ? "" : " (" + rest + ")");
        sc.fit = c.fit;
        if (!by_collective.count(c.collective)) order.push_back(c.collective);
        by_collective[c.collective].push_back(std::move(sc));
      }
      b.push_back(table(rows));
      for (const auto& col : order) {
        PlotStyle st = base;
        st.title = "S(α) of " + col + " per learner";
        st.xlabel = "participation α (log scale)";
        st.ylabel = "success S";
        st.log_x = true;
        const auto f = plot_success_curves(figs / ("learners_success_" + slug(col)), by_collective[col], {}, a.target, st);
        rep.figures.push_back(f);
        b.push_back(image(f, out_dir, "S(α) of " + col + " per learner on the same axes (monotone fit and band)"));
      }
    }
    if (!l.outcomes.empty()) {
      std::vector<std::vector<std::string>> rows(1, {"outcome (mean over runs)"});
      rows[0].insert(rows[0].end(), l.learners.begin(), l.learners.end());
      std::vector<Line> series;
      for (std::size_t o = 0; o < l.outcomes.size(); ++o) {
        std::vector<std::string> row = {l.outcomes[o]};
        for (double v : l.means[o]) row.push_back(round4(v));
        rows.push_back(std::move(row));
        // α of a collective is a share, not an outcome of the learner: the figure shows accuracies and success.
        if (l.outcomes[o].rfind("final alpha", 0) == 0 || l.outcomes[o] == "epsilon" || l.outcomes[o] == "welfare")
          continue;
        series.push_back({l.outcomes[o], {}, l.means[o]});
      }
      b.push_back(table(rows));
      const bool alpha_axis = std::find(a.axes.begin(), a.axes.end(), std::string(alpha_axis_key)) != a.axes.end();
      if (!alpha_axis && !series.empty()) {
        PlotStyle st = base;
        st.title = "outcomes at the last round per learner";
        st.xlabel = l.axis;
        st.ylabel = "mean over runs";
        const auto f = plot_category_points(figs / "learners_outcomes", l.learners, series, st);
        rep.figures.push_back(f);
        b.push_back(image(f, out_dir, "worst-group accuracy, clean accuracy and final success per learner (means "
                                      "over runs)"));
      }
    }
  }

  for (const auto& p : a.policies) {
    b.push_back(heading("## α* against " + p.parameter));
    std::vector<std::vector<std::string>> rows = {{"series", p.parameter, "α*", "interval"}};
    for (const auto& s : p.series)
      for (std::size_t i = 0; i < s.x.size(); ++i)
        rows.push_back({s.label, num(s.x[i]), cm_text(s.intervals[i].point), interval_text(s.intervals[i])});
    b.push_back(table(rows));
    PlotStyle st = base;
    st.title = "critical mass α* against " + p.parameter;
    st.xlabel = p.parameter;
    st.ylabel = "critical mass α*(S* = " + num(a.target) + ")";
    st.log_x = p.parameter.find("epsilon") != std::string::npos;
    const auto f = plot_critical_mass(figs / ("critical_mass_vs_" + slug(p.parameter)), p.series, st);
    rep.figures.push_back(f);
    b.push_back(image(f, out_dir, "α* against " + p.parameter + " (one series per other setting, e.g. ERM vs GDRO "
                                  "when the learner is an axis); triangles: beyond the largest α tested"));
  }

  if (!a.engine_critical_mass.empty()) {
    b.push_back(heading("## Critical mass reported by the engine"));
    b.push_back(paragraph("summary.json's α*(S*) per run, from the engine's own success curve (theory: closed form; "
                          "response_curve: its fitted curve); nan: not reached on the curve's range."));
    std::vector<std::vector<std::string>> rows = {{"run / collective", "α*"}};
    for (const auto& [l, v] : a.engine_critical_mass) rows.push_back({l, round4(v)});
    b.push_back(table(rows));
  }

  if (!a.dynamics.empty()) {
    b.push_back(heading("## Dynamics"));
    std::vector<Line> al, su;
    std::vector<std::vector<std::string>> rows = {{"run", "converged from round", "period"}};
    for (const auto& d : a.dynamics) {
      for (auto l : d.alpha) {
        l.label = d.label + " " + l.label;
        al.push_back(std::move(l));
      }
      for (auto l : d.success) {
        l.label = d.label + " " + l.label;
        su.push_back(std::move(l));
      }
      rows.push_back({d.label, d.converged_round < 0 ? "not converged" : std::to_string(d.converged_round),
                      std::to_string(d.period)});
    }
    std::vector<Level> alpha_levels, success_levels = {{"S*", a.target}};
    for (const auto& m : a.maps)
      for (const auto& fp : m.fixed_points)
        if (fp.tipping_point && alpha_levels.size() < 3) alpha_levels.push_back({"tipping point", fp.alpha});
    PlotStyle st = base;
    st.title = "participation α_k(t) and success S_k(t)";
    st.height = 800;
    const auto f = plot_trajectories(figs / "trajectories", al, su, st, alpha_levels, success_levels);
    rep.figures.push_back(f);
    b.push_back(image(f, out_dir, "α(t) and S(t) trajectories" +
                                      std::string(a.sweep ? " (replicate 0 of each configuration)" : "")));
    b.push_back(table(rows));
  }

  std::size_t map_index = 0;
  for (const auto& m : a.maps) {
    if (map_index == 0) b.push_back(heading("## Participation map and fixed points"));
    std::vector<std::vector<std::string>> rows = {{"α", "slope F′(α)", "stability", "tipping point"}};
    for (const auto& fp : m.fixed_points)
      rows.push_back({round4(fp.alpha), round4(fp.slope), to_string(fp.stability), fp.tipping_point ? "yes" : "no"});
    b.push_back(paragraph("Fixed points of " + m.label + " (engine, equilibria.csv):"));
    b.push_back(table(rows));
    if (!m.transitions.x.empty()) {
      PlotStyle st = base;
      st.title = "participation map: " + m.label;
      st.xlabel = "α_t";
      st.ylabel = "α_{t+1}";
      st.width = 700;
      st.height = 700;
      const auto f = plot_participation_map(figs / ("participation_map_" + std::to_string(map_index)), m.transitions,
                                            m.fixed_points, st);
      rep.figures.push_back(f);
      b.push_back(image(f, out_dir, "participation map " + m.label +
                                        ": observed transitions α_t → α_{t+1}, diagonal, fixed points"));
    }
    ++map_index;
  }

  if (!a.constructiveness.empty()) {
    b.push_back(heading("## Constructiveness of competing collectives"));
    b.push_back(paragraph("CT_ij = S_i(with j) − S_i(alone); normalised: divided by S_i(alone) (acasim's choice of "
                          "normalisation; −1: j wipes i out, 0: no effect, > 0: j helps). Source `engine`: the run's "
                          "own constructiveness.csv; source `sweep`: round 0 of sweep points where i acts alone and "
                          "with j, i's members the same in both."));
    std::vector<std::vector<std::string>> rows = {
        {"source", "run / configuration", "replicate", "α profile", "i", "j", "CT_ij", "CT_ij / S_i(alone)"}};
    for (const auto& c : a.constructiveness) {
      std::string profile;
      for (double x : c.profile) profile += (profile.empty() ? "" : ", ") + round4(x);
      for (std::size_t i = 0; i < c.collectives.size(); ++i)
        for (std::size_t j = 0; j < c.collectives.size(); ++j)
          if (i != j)
            rows.push_back({c.source, c.config.empty() ? "-" : c.config, std::to_string(c.replicate),
                            profile.empty() ? "-" : profile, c.collectives[i],
                            c.collectives[j], round4(c.matrix.raw(i, j)), round4(c.matrix.normalised(i, j))});
    }
    b.push_back(table(rows));
  }

  {
    // Outcomes at the last round, one row per run: the comparison table of a sweep (ERM vs GDRO, ε, …).
    std::vector<std::string> keys;
    for (const auto& r : a.runs)
      for (const auto& o : r.outcomes)
        if (std::find(keys.begin(), keys.end(), o.first) == keys.end()) keys.push_back(o.first);
    if (!keys.empty()) {
      b.push_back(heading("## Outcomes at the last round"));
      std::vector<std::vector<std::string>> rows(1, {"run", "settings"});
      rows[0].insert(rows[0].end(), keys.begin(), keys.end());
      for (const auto& r : a.runs) {
        if (r.outcomes.empty()) continue;
        std::string s;
        for (const auto& [k, v] : r.settings) s += (s.empty() ? "" : ", ") + k + "=" + v;
        std::vector<std::string> row = {r.id, s};
        for (const auto& k : keys) {
          std::string cell = "-";
          for (const auto& o : r.outcomes)
            if (o.first == k) cell = round4(o.second);
          row.push_back(cell);
        }
        rows.push_back(std::move(row));
      }
      b.push_back(table(rows));
    }
  }

  b.push_back(heading("## Runs summarised"));
  {
    std::vector<std::vector<std::string>> rows = {{"run", "replicate", "settings", "status", "mode", "folder"}};
    for (const auto& r : a.runs) {
      std::string s;
      for (const auto& [k, v] : r.settings) s += (s.empty() ? "" : ", ") + k + "=" + v;
      rows.push_back({r.id, std::to_string(r.replicate), s, r.status, r.mode, r.dir.string()});
    }
    b.push_back(table(rows));
  }
  if (!a.tables.empty()) {
    b.push_back(heading("## Tables"));
    std::string t;
    for (const auto& p : a.tables) t += (t.empty() ? "" : ", ") + ("`" + p.string() + "`");
    b.push_back(paragraph(t));
  }
  b.push_back(heading("## Scenario"));
  b.push_back({Block::code, a.scenario_text, {}, {}, {}});

  rep.markdown = out_dir / "report.md";
  rep.html = out_dir / "report.html";
  util::write_file_atomic(rep.markdown, markdown(b));
  util::write_file_atomic(rep.html, html(b, title));
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
