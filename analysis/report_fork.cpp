#include "analysis/report_fork.hpp"

#include "analysis/fork_lineage.hpp"
#include "analysis/plot_fork.hpp"

namespace aca::analysis {

namespace fs = std::filesystem;

namespace {

// One line per collective of `metric` over rounds (from `from_round` on).
std::vector<Line> lines_of(const RunMetrics& m, const std::vector<std::string>& collectives, const std::string& metric,
                           long from_round) {
  std::vector<Line> out;
  for (const auto& c : collectives) {
    Line l;
    l.label = c;
    if (const Series* s = m.find(c, metric))
      for (std::size_t i = 0; i < s->rounds.size(); ++i)
        if (s->rounds[i] >= from_round) {
          l.x.push_back(static_cast<double>(s->rounds[i]));
          l.y.push_back(s->values[i]);
        }
    out.push_back(std::move(l));
  }
  return out;
}

std::vector<std::string> collectives_of(const RunMetrics& m) {
  std::vector<std::string> out;
  for (const auto& c : m.collectives())
    if (!c.empty() && m.find(c, "alpha")) out.push_back(c);
  return out;
}

std::string fork_label(const ForkLineage& l) {
  std::string s = "fork (round " + std::to_string(l.round) + ")";
  if (l.changed.empty()) return s + ": no setting changed";
  for (std::size_t i = 0; i < l.changed.size(); ++i)
    s += (i ? ", " : ": ") + l.changed[i].first + " = " + l.changed[i].second;
  return s;
}

}  // namespace

void add_fork(ReportBuilder& r) {
  if (r.a.sweep || r.a.runs.empty()) return;
  const fs::path dir = r.a.runs.front().dir;
  const std::optional<ForkLineage> lineage = read_fork_lineage(dir);
  if (!lineage) return;
  r.add(heading("## Fork against its base run"));
  const std::string label = fork_label(*lineage);
  const fs::path base_metrics = lineage->base / "metrics.csv";
  if (!fs::exists(base_metrics)) {
    r.add(paragraph("This run is a fork of `" + lineage->base.string() + "` from round " +
                    std::to_string(lineage->round) + ", but that folder has no metrics.csv any more: restore the base "
                    "run there to draw the fork against it."));
    return;
  }
  const RunMetrics base = read_metrics_csv(base_metrics);
  const RunMetrics fork = read_metrics_csv(dir / "metrics.csv");
  const std::vector<std::string> cols = collectives_of(base);
  ForkOverlay o;
  o.base_alpha = lines_of(base, cols, "alpha", 0);
  o.base_success = lines_of(base, cols, "success", 0);
  // The fork's metrics repeat the base's rounds up to the fork round: it is drawn from there on.
  o.fork_alpha = lines_of(fork, cols, "alpha", lineage->round);
  o.fork_success = lines_of(fork, cols, "success", lineage->round);
  o.fork_round = lineage->round;
  o.fork_label = label;
  r.add(paragraph("Base run `" + lineage->base.string() + "`; this run continues its world from round " +
                  std::to_string(lineage->round) + " under changed settings (" +
                  (lineage->changed.empty() ? std::string("none") : label.substr(label.find(": ") + 2)) +
                  "). Up to the fork round both are the same run."));
  PlotStyle st = r.style("");
  st.height_in = 5.5;  // two panels
  const auto f = plot_fork_overlay(r.figs / "fork_overlay", o, st);
  r.figure(f, "Participation α(t) (top) and success S(t) (bottom) of the base run (solid) and the fork (dashed), one "
              "colour per collective; dotted vertical line: " + label + ".");
}

}  // namespace aca::analysis
