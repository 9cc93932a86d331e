#include "analysis/plot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "analysis/gnuplot_figure.hpp"

namespace aca::analysis {

namespace fs = std::filesystem;

namespace {
// Tick and label numbers carry at most four significant digits.
std::string round4_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}
}  // namespace

using gnuplot::check_line;
using gnuplot::DataBlocks;
using gnuplot::PlotCommand;
using gnuplot::percent;
using gnuplot::render;
using gnuplot::number;
using gnuplot::quote;

namespace {

// Line type of series k: the palette's colour, dash and point type (gnuplot's `set linetype`, 1-based).
std::string lt(std::size_t k) { return " lt " + std::to_string(k % 8 + 1); }

bool has_interval(const Line& l) { return !l.lower.empty() || !l.upper.empty(); }

void check_interval(const Line& l) {
  if (has_interval(l) && (l.lower.size() != l.y.size() || l.upper.size() != l.y.size()))
    throw std::invalid_argument("line '" + l.label + "' has " + std::to_string(l.y.size()) + " values but " +
                                std::to_string(l.lower.size()) + " lower and " + std::to_string(l.upper.size()) +
                                " upper interval ends");
}

// One panel of the trajectory figure: its lines (a band under each line with an interval), titled only when
// `titled` (the figure has one legend for both panels).
void trajectory_panel(std::ostringstream& g, DataBlocks& d, const std::vector<Line>& lines,
                      const std::vector<Level>& levels, bool titled, PlotCommand& cmd) {
  // Arrows and labels persist across multiplot panels, so each panel starts from none.
  g << "unset arrow\nunset label\nset yrange [0:1]\n";
  int tag = 1;
  for (const auto& l : levels)
    if (std::isfinite(l.value)) g << gnuplot::reference_line(tag++, l.value, l.label);
  for (std::size_t k = 0; k < lines.size(); ++k) {
    const Line& l = lines[k];
    check_line(l);
    check_interval(l);
    if (l.x.empty()) {  // gnuplot skips empty blocks in its index count, so none is written
      if (titled) cmd.add("NaN with lines" + lt(k), l.label);
      continue;
    }
    const bool band = has_interval(l);
    const int block = d.begin_block(l.label + (band ? ": round value lower upper" : ": round value"));
    for (std::size_t t = 0; t < l.x.size(); ++t)
      if (band) d.row({l.x[t], l.y[t], l.lower[t], l.upper[t]});
      else d.row({l.x[t], l.y[t]});
    const std::string data = "datafile index " + std::to_string(block);
    // A band needs two rounds to be seen; a shorter run shows its range as error bars.
    if (band && l.x.size() < 3) cmd.add_untitled(data + " using 1:2:3:4 with yerrorbars ps 0" + lt(k));
    else if (band) cmd.add_untitled(data + " using 1:3:4 with filledcurves fs transparent solid 0.2 noborder" + lt(k));
    // A run of one or two rounds would be an invisible line: its points are marked.
    const std::string spec = data + " using 1:2 with " + (l.x.size() < 3 ? "linespoints" : "lines") + lt(k);
    if (titled) cmd.add(spec, l.label);
    else cmd.add_untitled(spec);
  }
}

}  // namespace

FigureFiles plot_trajectories(const fs::path& stem, const std::vector<Line>& alpha, const std::vector<Line>& success,
                              const PlotStyle& style, const std::vector<Level>& alpha_levels,
                              const std::vector<Level>& success_levels) {
  DataBlocks d(false);
  PlotCommand top, below;
  std::ostringstream upper_panel, lower_panel;
  trajectory_panel(upper_panel, d, alpha, alpha_levels, true, top);
  trajectory_panel(lower_panel, d, success, success_levels, alpha.empty(), below);
  std::vector<std::string> legend = top.legend();
  legend.insert(legend.end(), below.legend().begin(), below.legend().end());
  const gnuplot::Layout l = gnuplot::layout(style, legend);
  std::ostringstream g;
  // Both panels share the x range (rounds) so they line up; only the lower one carries the x axis label.
  g << "set multiplot\n" << gnuplot::margins(l, 0, 2) << "set format x ''\nunset xlabel\nset ylabel "
    << quote("participation α") << " noenhanced\n"
    << upper_panel.str() << top.str() << "set key off\n"
    << gnuplot::margins(l, 1, 2) << "set format x '%.4g'\nset xlabel "
    << quote(style.xlabel.empty() ? "round" : style.xlabel) << " noenhanced\nset ylabel "
    << quote("success S") << " noenhanced\n"
    << lower_panel.str() << below.str() << "unset multiplot\n";
  return render(stem, d.str(), g.str(), style, legend);
}

FigureFiles plot_success_curves(const fs::path& stem, const std::vector<PlottedCurve>& curves,
                                const std::vector<Line>& theory_bounds, double target, const PlotStyle& style,
                                const std::vector<Line>& upper_bounds) {
  DataBlocks d(style.log_x);
  std::ostringstream g;
  g << "set yrange [0:1.05]\n";
  if (std::isfinite(target)) g << gnuplot::reference_line(1, target, "S* = " + number(target));
  PlotCommand cmd;
  for (std::size_t k = 0; k < curves.size(); ++k) {
    const auto& c = curves[k];
    const auto& a = c.fit.curve.alphas;
    if (c.fit.lower.values.size() != a.size() || c.fit.upper.values.size() != a.size() ||
        c.fit.curve.values.size() != a.size())
      throw std::invalid_argument("success curve '" + c.label + "' has a malformed fit");
    const int block = d.begin_block(c.label + ": alpha fit lower upper");
    for (std::size_t i = 0; i < a.size(); ++i)
      d.row({a[i], c.fit.curve.values[i], c.fit.lower.values[i], c.fit.upper.values[i]});
    const std::string data = "datafile index " + std::to_string(block);
    // One legend entry per curve: the band and the raw points are explained by the caption.
    cmd.add_untitled(data + " using 1:3:4 with filledcurves fs transparent solid 0.2 noborder" + lt(k));
    cmd.add(data + " using 1:2 with linespoints" + lt(k), c.label);
    if (!c.points.empty()) {
      const int pb = d.begin_block(c.label + ": raw replicates alpha success");
      for (const auto& o : c.points) d.row({o.alpha, o.success});
      cmd.add_untitled("datafile index " + std::to_string(pb) + " using 1:2 with points pt 1 ps 0.6" + lt(k));
    }
  }
  for (const auto& b : theory_bounds) {
    check_line(b);
    if (b.x.empty()) continue;
    const int block = d.begin_block(b.label + ": theory lower bound alpha S");
    for (std::size_t i = 0; i < b.x.size(); ++i) d.row({b.x[i], b.y[i]});
    cmd.add("datafile index " + std::to_string(block) + " using 1:2 with lines dt 2 lw 1.5 lc rgb '#000000'",
            b.label + " (theory lower bound)");
  }
  for (const auto& b : upper_bounds) {
    check_line(b);
    if (b.x.empty()) continue;
    const int block = d.begin_block(b.label + ": upper bound alpha S");
    for (std::size_t i = 0; i < b.x.size(); ++i) d.row({b.x[i], b.y[i]});
    cmd.add("datafile index " + std::to_string(block) +
                " using 1:2 with linespoints dt 4 lw 1.5 pt 8 ps 0.7 lc rgb '#D55E00'",
            b.label + " (upper bound)");
  }
  g << cmd.str();
  return render(stem, d.str(), g.str(), style, cmd.legend());
}

FigureFiles plot_participation_map(const fs::path& stem, const Line& map, const std::vector<numerics::FixedPoint>& fps,
                                   const PlotStyle& style) {
  check_line(map);
  DataBlocks d(false);
  std::ostringstream g;
  g << "set xrange [0:1]\nset yrange [0:1]\n";
  PlotCommand cmd;
  cmd.add("x with lines dt 2 lw 1 lc rgb '#999999'", "45° line (α unchanged)");
  if (map.x.empty()) {
    cmd.add("NaN with points lt 5 pt 7 ps 0.5", map.label);
  } else {
    const int mb = d.begin_block("alpha_t alpha_t+1 (every observed transition)");
    for (std::size_t i = 0; i < map.x.size(); ++i) d.row({map.x[i], map.y[i]});
    cmd.add("datafile index " + std::to_string(mb) + " using 1:2 with points lt 5 pt 7 ps 0.5", map.label);
  }
  // One block per class so each gets its own legend entry. Classes: stable, unstable (not tipping), tipping point,
  // neutral point, segment. gnuplot does not count a block without data lines, so only non-empty classes get one.
  std::vector<std::pair<double, double>> cls[5];
  for (const auto& p : fps) {
    const int k = p.alpha_end > p.alpha                 ? 4
                  : p.tipping_point                     ? 2
                  : p.stability == numerics::Stability::stable    ? 0
                  : p.stability == numerics::Stability::unstable  ? 1
                                                        : 3;
    cls[k].push_back({p.alpha, k == 4 ? p.alpha_end : p.alpha});
  }
  int label = 1;
  for (const auto& p : fps)
    if (p.tipping_point)
      g << "set label " << label++ << " " << quote("tipping point α = " + round4_text(p.alpha)) << " at first "
        << number(p.alpha) << ", first " << number(p.alpha)
        // Above the diagonal, clear of the x ticks; to the point's left near α = 1 so it stays inside the plot.
        << (p.alpha > 0.6 ? " right offset -1,1" : " offset 1,1") << " noenhanced front\n";
  const char* names[5] = {"stable fixed point", "unstable fixed point", "tipping point", "neutral fixed point",
                          "segment of fixed points"};
  const char* styles[5] = {"using 1:2 with points pt 7 ps 1.4 lc rgb '#009E73'",
                           "using 1:2 with points pt 6 ps 1.4 lw 2 lc rgb '#D55E00'",
                           "using 1:2 with points pt 8 ps 1.8 lw 2 lc rgb '#D55E00'",
                           "using 1:2 with points pt 4 ps 1.2 lw 2 lc rgb '#CC79A7'",
                           "using 1:1:($2-$1):($2-$1) with vectors nohead lw 5 lc rgb '#CC79A7'"};
  for (int k = 0; k < 5; ++k) {
    if (cls[k].empty()) continue;
    const int block = d.begin_block(std::string(names[k]) + ": alpha alpha_end");
    for (const auto& [a, b] : cls[k]) d.row({a, b});
    cmd.add("datafile index " + std::to_string(block) + ' ' + styles[k], names[k]);
  }
  g << cmd.str();
  PlotStyle st = style;
  st.square = true;
  return render(stem, d.str(), g.str(), st, cmd.legend());
}

namespace {

// The finite parameter values of every series, sorted and distinct.
std::vector<double> finite_values(const std::vector<CriticalMassSeries>& series) {
  std::vector<double> v;
  for (const auto& s : series)
    for (double x : s.x)
      if (std::isfinite(x)) v.push_back(x);
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

// Where x = +∞ is drawn: a step beyond the largest finite x (a factor 4 on a log axis), and the point a fraction
// `f` of the way from the largest finite x to it (linearly on the axis as drawn).
struct InfinityAxis {
  double hi = 0, at = 1;
  bool log = false;
  double between(double f) const { return log ? hi * std::pow(at / hi, f) : hi + f * (at - hi); }
};

InfinityAxis infinity_axis(const std::vector<double>& finite, bool log_x) {
  InfinityAxis a;
  a.log = log_x;
  if (finite.empty()) return a;
  a.hi = finite.back();
  if (log_x) a.at = a.hi > 0 ? 4.0 * a.hi : 1.0;
  else a.at = a.hi + (finite.size() > 1 ? 0.25 * (a.hi - finite.front()) : 1.0);
  return a;
}

// Ticks exactly at the parameter values, ∞ at its position, and a break mark (two slashes over a gap in the axis)
// between the largest finite value and ∞.
std::string infinity_ticks(const std::vector<double>& finite, const InfinityAxis& ax, bool any_infinite,
                           const std::string& infinity_label) {
  std::ostringstream g;
  g << "set xtics (";
  for (std::size_t i = 0; i < finite.size(); ++i) g << (i ? ", " : "") << quote(round4_text(finite[i])) << ' ' << number(finite[i]);
  if (any_infinite) g << (finite.empty() ? "" : ", ") << quote(infinity_label) << ' ' << number(ax.at);
  g << ")\nset mxtics 1\n";
  if (!finite.empty()) {
    // A fixed range a little beyond the first value and ∞, so autoscaling does not stretch it to a round number.
    const double lo = finite.front(), hi = any_infinite ? ax.at : finite.back();
    if (ax.log && lo > 0)
      g << "set xrange [" << number(lo / std::pow(hi / lo, 0.08)) << ":" << number(hi * std::pow(hi / lo, 0.08)) << "]\n";
    else if (hi > lo)
      g << "set xrange [" << number(lo - 0.08 * (hi - lo)) << ":" << number(hi + 0.08 * (hi - lo)) << "]\n";
  }
  if (!any_infinite || finite.empty()) return g.str();
  // The border is drawn behind so the white gap can cut the axis line.
  g << "set border 3 back\nset object 1 rect from first " << number(ax.between(0.44)) << ", graph -0.015 to first "
    << number(ax.between(0.56)) << ", graph 0.015 fc rgb 'white' fs solid 1.0 noborder front noclip\n";
  for (int i = 0; i < 2; ++i) {
    const double c = 0.44 + 0.12 * i;
    g << "set arrow " << 20 + i << " from first " << number(ax.between(c - 0.04)) << ", graph -0.03 to first "
      << number(ax.between(c + 0.04)) << ", graph 0.03 nohead lw 1 lc rgb '#000000' front\n";
  }
  return g.str();
}

}  // namespace

FigureFiles plot_critical_mass(const fs::path& stem, const std::vector<CriticalMassSeries>& series,
                               const PlotStyle& style, const std::string& infinity_label) {
  bool any_infinite = false;
  for (const auto& s : series)
    for (double x : s.x) any_infinite = any_infinite || std::isinf(x);
  const std::vector<double> finite = finite_values(series);
  const InfinityAxis ax = infinity_axis(finite, style.log_x);
  const auto xpos = [&](double x) { return std::isinf(x) ? ax.at : x; };
  DataBlocks d(style.log_x);
  PlotCommand cmd;
  bool beyond_titled = false;
  for (std::size_t k = 0; k < series.size(); ++k) {
    const auto& s = series[k];
    if (s.x.size() != s.intervals.size())
      throw std::invalid_argument("critical mass series '" + s.label + "' has mismatched sizes");
    std::vector<std::size_t> found, beyond;
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      const auto& ci = s.intervals[i];
      if (ci.point.found()) found.push_back(i);
      if (!ci.point.found() || ci.upper_beyond_grid) beyond.push_back(i);
    }
    if (!found.empty()) {
      const int b = d.begin_block(s.label + ": x alpha_star lower upper (upper clipped to max alpha tested)");
      // Finite values first; no line crosses the axis break to ∞ (a blank line before its rows).
      for (const bool infinite : {false, true}) {
        bool first = true;
        for (std::size_t i : found) {
          if (std::isinf(s.x[i]) != infinite) continue;
          if (infinite && first && std::isinf(s.x[i]) && found.size() > 1) d.gap();
          first = false;
          const auto& ci = s.intervals[i];
          // An interval end beyond the grid is drawn to the largest α tested and marked by the triangle below.
          const double cap = ci.point.max_alpha_tested;
          d.row({xpos(s.x[i]), ci.point.alpha, std::min(ci.lower, cap), std::min(ci.upper, cap)});
        }
      }
      cmd.add("datafile index " + std::to_string(b) + " using 1:2:3:4 with yerrorlines" + lt(k), s.label);
    }
    if (!beyond.empty()) {
      const int b = d.begin_block(s.label + ": x max_alpha_tested where alpha* or its upper end is beyond the grid");
      for (std::size_t i : beyond) d.row({xpos(s.x[i]), s.intervals[i].point.max_alpha_tested});
      const std::string spec = "datafile index " + std::to_string(b) + " using 1:2 with points pt 8 ps 1.6" + lt(k);
      if (beyond_titled) cmd.add_untitled(spec);
      else cmd.add(spec, "> max α tested");
      beyond_titled = true;
    }
  }
  std::ostringstream g;
  // Head room above the autoscaled top so the "> max α tested" triangles are not clipped.
  g << "set yrange [0:*]\nset offsets 0, 0, graph 0.08, 0\n"
    << infinity_ticks(finite, ax, any_infinite, infinity_label) << cmd.str();
  return render(stem, d.str(), g.str(), style, cmd.legend());
}

FigureFiles plot_category_points(const fs::path& stem, const std::vector<std::string>& categories,
                                 const std::vector<Line>& series, const PlotStyle& style) {
  DataBlocks d(false);
  std::ostringstream g;
  g << "set yrange [0:1.05]\nset offsets 0.5, 0.5, 0, 0\nset grid noxtics\nset xtics (";
  for (std::size_t c = 0; c < categories.size(); ++c) g << (c ? ", " : "") << quote(categories[c]) << " " << c;
  g << ")\n";
  PlotCommand cmd;
  for (std::size_t k = 0; k < series.size(); ++k) {
    const Line& l = series[k];
    if (l.y.size() != categories.size())
      throw std::invalid_argument("series '" + l.label + "' has " + std::to_string(l.y.size()) + " values for " +
                                  std::to_string(categories.size()) + " categories");
    check_interval(l);
    const bool bars = has_interval(l);
    const int block = d.begin_block(l.label + (bars ? ": category value lower upper" : ": category value"));
    // Series side by side within a category so their points do not hide each other.
    const double shift = 0.12 * (static_cast<double>(k) - 0.5 * static_cast<double>(series.size() - 1));
    for (std::size_t c = 0; c < categories.size(); ++c) {
      const double x = static_cast<double>(c) + shift;
      if (bars) d.row({x, l.y[c], l.lower[c], l.upper[c]});
      else d.row({x, l.y[c]});
    }
    cmd.add("datafile index " + std::to_string(block) +
                (bars ? " using 1:2:3:4 with yerrorbars" : " using 1:2 with points") + " ps 1.2" + lt(k),
            l.label);
  }
  g << cmd.str();
  return render(stem, d.str(), g.str(), style, cmd.legend());
}

bool is_png_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  char sig[8] = {};
  if (!in.read(sig, 8)) return false;
  static const unsigned char png[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  for (int i = 0; i < 8; ++i)
    if (static_cast<unsigned char>(sig[i]) != png[i]) return false;
  return true;
}

bool is_svg_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(512, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  const auto start = head.find_first_not_of(" \t\r\n");
  if (start == std::string::npos) return false;
  const bool xml = head.compare(start, 5, "<?xml") == 0 || head.compare(start, 4, "<svg") == 0;
  return xml && head.find("<svg") != std::string::npos;
}

}  // namespace aca::analysis
