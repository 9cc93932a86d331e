#include "analysis/plot_replicates.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <sstream>
#include <utility>

#include "analysis/gnuplot_figure.hpp"

namespace aca::analysis {

namespace fs = std::filesystem;

namespace {

// The value of `l` at x, or its last value before x (held once the run stopped); NaN before its first point.
double held_value(const Line& l, double x) {
  double v = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t i = 0; i < l.x.size() && l.x[i] <= x; ++i) v = l.y[i];
  return v;
}

}  // namespace

std::vector<Line> replicate_summary(const ReplicateSet& set) {
  std::set<double> rounds;
  for (const auto& l : set.runs) {
    gnuplot::check_line(l);
    rounds.insert(l.x.begin(), l.x.end());
  }
  Line mean{"mean", {}, {}}, lo{"min", {}, {}}, hi{"max", {}, {}};
  for (double x : rounds) {
    double sum = 0.0, mn = std::numeric_limits<double>::infinity(), mx = -mn;
    long n = 0;
    for (const auto& l : set.runs) {
      const double v = held_value(l, x);
      if (std::isnan(v)) continue;
      sum += v;
      mn = std::min(mn, v);
      mx = std::max(mx, v);
      ++n;
    }
    if (n == 0) continue;
    for (Line* l : {&mean, &lo, &hi}) l->x.push_back(x);
    mean.y.push_back(sum / static_cast<double>(n));
    lo.y.push_back(mn);
    hi.y.push_back(mx);
  }
  return {mean, lo, hi};
}

FigureFiles plot_replicate_trajectories(const fs::path& stem, const std::vector<ReplicateSet>& sets,
                                        const PlotStyle& style) {
  gnuplot::DataBlocks d(false);
  // Bands first, then the thin replicate lines, then the bold means: the means stay on top and readable. The thin
  // lines and bands take the configuration's colour only; the mean its whole line type (dash too, for grayscale).
  std::vector<std::string> bands, thin;
  gnuplot::PlotCommand cmd;
  std::vector<std::pair<std::string, std::string>> means;
  for (std::size_t k = 0; k < sets.size(); ++k) {
    const std::string colour = " lc " + std::to_string(k % 8 + 1);
    for (std::size_t r = 0; r < sets[k].runs.size(); ++r) {
      const Line& l = sets[k].runs[r];
      if (l.x.empty()) continue;  // gnuplot skips empty blocks in its index count
      const int block = d.begin_block(sets[k].label + ", replicate " + std::to_string(r));
      for (std::size_t t = 0; t < l.x.size(); ++t) d.row({l.x[t], l.y[t]});
      thin.push_back("datafile index " + std::to_string(block) + " using 1:2 with lines lw 0.7 dt 1" + colour);
    }
    const std::vector<Line> s = replicate_summary(sets[k]);
    if (s[0].x.empty()) continue;
    const int block = d.begin_block(sets[k].label + ", mean min max over " + std::to_string(sets[k].runs.size()) +
                                    " replicates");
    for (std::size_t t = 0; t < s[0].x.size(); ++t) d.row({s[0].x[t], s[0].y[t], s[1].y[t], s[2].y[t]});
    const std::string index = "datafile index " + std::to_string(block);
    bands.push_back(index + " using 1:3:4 with filledcurves fs transparent solid 0.15 noborder" + colour);
    means.push_back({index + " using 1:2 with lines lt " + std::to_string(k % 8 + 1) + " lw 3", sets[k].label});
  }
  for (const auto& b : bands) cmd.add_untitled(b);
  for (const auto& t : thin) cmd.add_untitled(t);
  for (const auto& [spec, label] : means) cmd.add(spec, label);
  std::ostringstream g;
  g << "set yrange [0:1]\n";
  if (means.empty()) g << "set label 99 'no data' at graph 0.5, graph 0.5 center\nplot NaN notitle\n";
  else g << cmd.str();
  return gnuplot::render(stem, d.str(), g.str(), style, cmd.legend());
}

}  // namespace aca::analysis
