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

using gnuplot::check_line;
using gnuplot::DataBlocks;
using gnuplot::percent;
using gnuplot::render;
using gnuplot::number;
using gnuplot::quote;

FigureFiles plot_trajectories(const fs::path& stem, const std::vector<Line>& alpha, const std::vector<Line>& success,
                              const PlotStyle& style, const std::vector<Level>& alpha_levels,
                              const std::vector<Level>& success_levels) {
  DataBlocks d(false);
  std::ostringstream g;
  g << "set multiplot layout 2,1\n";
  auto panel = [&](const std::vector<Line>& lines, const std::vector<Level>& levels, const std::string& ylabel,
                   bool last) {
    // Arrows and labels persist across multiplot panels, so each panel starts from none.
    g << "unset arrow\nunset label\n";
    int tag = 1;
    for (const auto& l : levels) {
      if (!std::isfinite(l.value)) continue;
      g << "set arrow " << tag << " from graph 0, first " << number(l.value) << " to graph 1, first " << number(l.value)
        << " nohead dt 3 lw 1.5 lc rgb 'gray30'\n";
      g << "set label " << tag << " " << quote(l.label) << " at graph 0.99, first " << number(l.value)
        << " right offset 0,0.6 noenhanced\n";
      ++tag;
    }
    g << "set ylabel " << quote(ylabel) << " noenhanced\n";
    if (!last) g << "unset xlabel\n";
    else g << "set xlabel " << quote(style.xlabel.empty() ? "round" : style.xlabel) << " noenhanced\n";
    g << "set yrange [0:1]\n";
    if (lines.empty()) {
      g << "set label 99 'no data' at graph 0.5, graph 0.5 center\nplot NaN notitle\nunset label 99\n";
      return;
    }
    g << "plot ";
    for (std::size_t k = 0; k < lines.size(); ++k) {
      check_line(lines[k]);
      g << (k ? ", \\\n     " : "");
      if (lines[k].x.empty()) {  // gnuplot skips empty blocks in its index count, so none is written
        g << "NaN lw 2 lc " << k + 1 << " title " << quote(lines[k].label);
        continue;
      }
      const int block = d.begin_block(lines[k].label);
      for (std::size_t t = 0; t < lines[k].x.size(); ++t) d.row({lines[k].x[t], lines[k].y[t]});
      g << "datafile index " << block << " using 1:2 with lines lw 2 lc " << k + 1 << " title "
        << quote(lines[k].label);
    }
    g << '\n';
  };
  if (!style.title.empty()) g << "set title " << quote(style.title) << " noenhanced\n";
  panel(alpha, alpha_levels, "participation α", false);
  g << "unset title\n";
  panel(success, success_levels, "success S", true);
  g << "unset multiplot\n";
  PlotStyle s = style;
  s.title.clear();  // the title belongs to the first panel only
  return render(stem, d.str(), g.str(), s);
}

FigureFiles plot_success_curves(const fs::path& stem, const std::vector<PlottedCurve>& curves,
                                const std::vector<Line>& theory_bounds, double target, const PlotStyle& style,
                                const std::vector<Line>& upper_bounds) {
  DataBlocks d(style.log_x);
  std::ostringstream g;
  g << "set yrange [0:1.05]\nset style fill transparent solid 0.18 noborder\n";
  if (std::isfinite(target))
    g << "set arrow 1 from graph 0, first " << number(target) << " to graph 1, first " << number(target)
      << " nohead dt 3 lc rgb 'gray40'\nset label 1 " << quote("S* = " + number(target)) << " at graph 0.01, first "
      << number(target) << " offset 0,0.6\n";
  std::vector<std::string> parts;
  for (std::size_t k = 0; k < curves.size(); ++k) {
    const auto& c = curves[k];
    const auto& a = c.fit.curve.alphas;
    if (c.fit.lower.values.size() != a.size() || c.fit.upper.values.size() != a.size() ||
        c.fit.curve.values.size() != a.size())
      throw std::invalid_argument("success curve '" + c.label + "' has a malformed fit");
    const int block = d.begin_block(c.label + ": alpha fit lower upper");
    for (std::size_t i = 0; i < a.size(); ++i)
      d.row({a[i], c.fit.curve.values[i], c.fit.lower.values[i], c.fit.upper.values[i]});
    const std::string lc = " lc " + std::to_string(k + 1);
    parts.push_back("datafile index " + std::to_string(block) + " using 1:3:4 with filledcurves" + lc +
                    " title " + quote(c.label + " (replicate band)"));
    parts.push_back("datafile index " + std::to_string(block) + " using 1:2 with linespoints lw 2 pt 7 ps 0.6" +
                    lc + " title " + quote(c.label + " (monotone fit)"));
    if (!c.points.empty()) {
      const int pb = d.begin_block(c.label + ": raw replicates");
      for (const auto& o : c.points) d.row({o.alpha, o.success});
      parts.push_back("datafile index " + std::to_string(pb) + " using 1:2 with points pt 1 ps 0.7" + lc +
                      " notitle");
    }
  }
  for (std::size_t k = 0; k < theory_bounds.size(); ++k) {
    check_line(theory_bounds[k]);
    if (theory_bounds[k].x.empty()) continue;
    const int block = d.begin_block(theory_bounds[k].label + ": theory lower bound");
    for (std::size_t i = 0; i < theory_bounds[k].x.size(); ++i) d.row({theory_bounds[k].x[i], theory_bounds[k].y[i]});
    parts.push_back("datafile index " + std::to_string(block) + " using 1:2 with lines dt 2 lw 2 lc rgb 'black'" +
                    " title " + quote(theory_bounds[k].label + " (theory bound)"));
  }
  for (std::size_t k = 0; k < upper_bounds.size(); ++k) {
    check_line(upper_bounds[k]);
    if (upper_bounds[k].x.empty()) continue;
    const int block = d.begin_block(upper_bounds[k].label + ": upper bound");
    for (std::size_t i = 0; i < upper_bounds[k].x.size(); ++i) d.row({upper_bounds[k].x[i], upper_bounds[k].y[i]});
    parts.push_back("datafile index " + std::to_string(block) + " using 1:2 with linespoints dt 4 lw 2 pt 9 ps 0.8" +
                    " lc rgb 'red' title " + quote(upper_bounds[k].label + " (upper bound)"));
  }
  if (parts.empty()) parts.push_back("NaN title 'no data'");
  g << "plot ";
  for (std::size_t i = 0; i < parts.size(); ++i) g << (i ? ", \\\n     " : "") << parts[i];
  g << '\n';
  return render(stem, d.str(), g.str(), style);
}

FigureFiles plot_participation_map(const fs::path& stem, const Line& map, const std::vector<numerics::FixedPoint>& fps,
                                   const PlotStyle& style) {
  check_line(map);
  DataBlocks d(false);
  std::ostringstream g;
  g << "set xrange [0:1]\nset yrange [0:1]\nset size square\n";
  const int mb = map.x.empty() ? -1 : d.begin_block("alpha F(alpha)");
  for (std::size_t i = 0; i < map.x.size(); ++i) d.row({map.x[i], map.y[i]});
  // One block per class so each gets its own legend entry; empty classes are plotted as NaN to keep the key.
  // Classes: stable, unstable (not tipping), tipping point, neutral point, segment. gnuplot does not count a
  // block without data lines, so only non-empty classes get a block (and a legend entry).
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
      g << "set label " << label++ << " " << quote("tipping point α = " + number(p.alpha)) << " at first " << number(p.alpha)
        << ", first " << number(p.alpha) << " offset 1,-1 noenhanced\n";
  g << "plot x with lines dt 2 lc rgb 'gray50' title 'diagonal α', \\\n     ";
  if (mb >= 0)
    g << "datafile index " << mb << " using 1:2 with lines lw 2 lc rgb '#1f77b4' title " << quote(map.label);
  else
    g << "NaN title " << quote(map.label);
  const char* names[5] = {"stable", "unstable", "tipping point", "neutral", "segment of fixed points"};
  const char* styles[5] = {"using 1:2 with points pt 7 ps 1.6 lc rgb '#2ca02c'",
                           "using 1:2 with points pt 6 ps 1.6 lc rgb '#d62728'",
                           "using 1:2 with points pt 9 ps 2.2 lc rgb '#d62728'",
                           "using 1:2 with points pt 5 ps 1.4 lc rgb '#9467bd'",
                           "using 1:1:($2-$1):($2-$1) with vectors nohead lw 5 lc rgb '#9467bd'"};
  for (int k = 0; k < 5; ++k) {
    if (cls[k].empty()) continue;
    const int block = d.begin_block(names[k]);
    for (const auto& [a, b] : cls[k]) d.row({a, b});
    g << ", \\\n     datafile index " << block << ' ' << styles[k] << " title " << quote(names[k]);
  }
  g << '\n';
  return render(stem, d.str(), g.str(), style);
}

namespace {

// Where x = +∞ (e.g. target_epsilon = inf) is drawn: a step beyond the largest finite x (a factor 4 on a log axis).
double infinity_position(const std::vector<CriticalMassSeries>& series, bool log_x) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const auto& s : series)
    for (double x : s.x)
      if (std::isfinite(x)) lo = std::min(lo, x), hi = std::max(hi, x);
  if (!std::isfinite(hi)) return 1.0;
  if (log_x) return hi > 0 ? 4.0 * hi : 1.0;
  return hi + (hi > lo ? 0.25 * (hi - lo) : 1.0);
}

}  // namespace

FigureFiles plot_critical_mass(const fs::path& stem, const std::vector<CriticalMassSeries>& series,
                               const PlotStyle& style) {
  bool any_infinite = false;
  for (const auto& s : series)
    for (double x : s.x) any_infinite = any_infinite || std::isinf(x);
  const double at_infinity = infinity_position(series, style.log_x);
  const auto xpos = [&](double x) { return std::isinf(x) ? at_infinity : x; };
  DataBlocks d(style.log_x);
  std::vector<std::string> parts;
  bool beyond_titled = false;
  for (std::size_t k = 0; k < series.size(); ++k) {
    const auto& s = series[k];
    if (s.x.size() != s.intervals.size())
      throw std::invalid_argument("critical mass series '" + s.label + "' has mismatched sizes");
    const std::string lc = " lc " + std::to_string(k + 1);
    std::vector<std::size_t> found, beyond;
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      const auto& ci = s.intervals[i];
      if (ci.point.found()) found.push_back(i);
      if (!ci.point.found() || ci.upper_beyond_grid) beyond.push_back(i);
    }
    if (!found.empty()) {
      const int b = d.begin_block(s.label + ": x alpha_star lower upper (upper clipped to max alpha tested)");
      for (std::size_t i : found) {
        const auto& ci = s.intervals[i];
        // An interval end beyond the grid is drawn to the largest α tested and marked by the triangle below.
        const double cap = ci.point.max_alpha_tested;
        d.row({xpos(s.x[i]), ci.point.alpha, std::min(ci.lower, cap), std::min(ci.upper, cap)});
      }
      parts.push_back("datafile index " + std::to_string(b) + " using 1:2:3:4 with yerrorlines lw 2 pt 7" + lc +
                      " title " + quote(s.label + " (α*, " + percent(s.intervals[found[0]].level) + " CI)"));
    }
    if (!beyond.empty()) {
      const int b = d.begin_block(s.label + ": x max_alpha_tested where alpha* or its upper end is beyond the grid");
      for (std::size_t i : beyond) d.row({xpos(s.x[i]), s.intervals[i].point.max_alpha_tested});
      parts.push_back("datafile index " + std::to_string(b) + " using 1:2 with points pt 9 ps 2" + lc +
                      (beyond_titled ? std::string(" notitle") : std::string(" title '> max α tested'")));
      beyond_titled = true;
    }
  }
  std::ostringstream g;
  // Head room above the autoscaled top so the "> max α tested" triangles are not clipped.
  g << "set yrange [0:*]\nset offsets graph 0.05, graph 0.05, graph 0.08, 0\n";
  if (any_infinite)
    // ∞ is the right end: no tick of a finite value may show beyond it.
    g << "set xtics add ('∞' " << at_infinity << ")\nset arrow from " << at_infinity << ", graph 0 to " << at_infinity
      << ", graph 1 nohead dt 3 lc rgb '#888888'\nset xrange [*:"
      << (style.log_x ? 1.4 * at_infinity : at_infinity + 0.1 * std::max(1.0, std::fabs(at_infinity))) << "]\n";
  if (parts.empty()) parts.push_back("NaN title 'no data'");
  g << "plot ";
  for (std::size_t i = 0; i < parts.size(); ++i) g << (i ? ", \\\n     " : "") << parts[i];
  g << '\n';
  return render(stem, d.str(), g.str(), style);
}

FigureFiles plot_category_points(const fs::path& stem, const std::vector<std::string>& categories,
                                 const std::vector<Line>& series, const PlotStyle& style) {
  DataBlocks d(false);
  std::ostringstream g;
  g << "set yrange [0:1.05]\nset offsets 0.5, 0.5, 0, 0\nset xtics (";
  for (std::size_t c = 0; c < categories.size(); ++c) g << (c ? ", " : "") << quote(categories[c]) << " " << c;
  g << ")\n";
  std::vector<std::string> parts;
  for (std::size_t k = 0; k < series.size(); ++k) {
    if (series[k].y.size() != categories.size())
      throw std::invalid_argument("series '" + series[k].label + "' has " + std::to_string(series[k].y.size()) +
                                  " values for " + std::to_string(categories.size()) + " categories");
    const int block = d.begin_block(series[k].label);
    // Series side by side within a category so their points do not hide each other.
    const double shift = 0.12 * (static_cast<double>(k) - 0.5 * static_cast<double>(series.size() - 1));
    for (std::size_t c = 0; c < categories.size(); ++c) d.row({static_cast<double>(c) + shift, series[k].y[c]});
    parts.push_back("datafile index " + std::to_string(block) + " using 1:2 with points pt " +
                    std::to_string(5 + 2 * static_cast<int>(k % 4)) + " ps 1.6 lc " + std::to_string(k + 1) +
                    " title " + quote(series[k].label));
  }
  if (parts.empty()) parts.push_back("NaN title 'no data'");
  g << "plot ";
  for (std::size_t i = 0; i < parts.size(); ++i) g << (i ? ", \\\n     " : "") << parts[i];
  g << '\n';
  return render(stem, d.str(), g.str(), style);
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
