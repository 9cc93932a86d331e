#include "analysis/plot_outcomes.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

#include "analysis/gnuplot_figure.hpp"

namespace aca::analysis {

namespace fs = std::filesystem;
using gnuplot::quote;

namespace {

// Heights (inches) of a panel's name above it and of the x tick labels below it.
constexpr double strip_in = 0.3, tick_labels_in = 0.4;

void check_series(const OutcomeSeries& s) {
  const bool intervals = has_interval(s.mark);
  if (s.y.size() != s.x.size() || (intervals && (s.lower.size() != s.x.size() || s.upper.size() != s.x.size())))
    throw std::invalid_argument("outcome series '" + s.label + "' has " + std::to_string(s.x.size()) + " x, " +
                                std::to_string(s.y.size()) + " y and " + std::to_string(s.lower.size()) + "/" +
                                std::to_string(s.upper.size()) + " interval ends");
}

const char* mark_name(OutcomeMark m) {
  switch (m) {
    case OutcomeMark::interval: return "interval";
    case OutcomeMark::filled: return "filled";
    case OutcomeMark::hollow: return "hollow";
    case OutcomeMark::beyond: return "beyond";
    case OutcomeMark::scatter: return "scatter";
  }
  return "";
}

// The series' line type (colour and dash of the palette) first, then the mark's own point type.
std::string plot_style(OutcomeMark m, int colour) {
  const std::string lt = " lt " + std::to_string(colour);
  switch (m) {
    case OutcomeMark::interval: return "using 5:2:3:4 with yerrorlines" + lt + " lw 2 pt 7 ps 1.2";
    case OutcomeMark::filled: return "using 5:2 with points" + lt + " pt 7 ps 1.4";
    case OutcomeMark::hollow: return "using 5:2 with points" + lt + " pt 6 ps 1.4";
    case OutcomeMark::beyond: return "using 5:2 with points" + lt + " pt 9 ps 1.8";
    case OutcomeMark::scatter: return "using 5:2:3:4 with yerrorbars" + lt + " lw 1 pt 7 ps 0.7";
  }
  return "";
}

// Series side by side at one parameter value so their bars do not hide each other: a fraction of the spacing.
struct Dodge {
  bool log_x;
  double step;
  double at(double x, int colour, int colours) const {
    const double k = static_cast<double>(colour - 1) - 0.5 * static_cast<double>(colours - 1);
    return log_x ? x * std::exp(k * step) : x + k * step;
  }
};

Dodge make_dodge(const ParameterAxis& axis, int colours) {
  std::vector<double> p;
  for (const auto& t : axis.ticks) p.push_back(t.second);
  std::sort(p.begin(), p.end());
  double gap = 1.0;
  for (std::size_t i = 1; i < p.size(); ++i) {
    const double g = axis.log_x ? std::log(p[i] / p[i - 1]) : p[i] - p[i - 1];
    if (g > 0) gap = i == 1 ? g : std::min(gap, g);
  }
  return {axis.log_x, colours > 1 ? 0.3 * gap / static_cast<double>(colours) : 0.0};
}

std::string xrange(const ParameterAxis& axis) {
  double lo = 0, hi = 1;
  for (std::size_t i = 0; i < axis.ticks.size(); ++i) {
    const double v = axis.ticks[i].second;
    lo = i ? std::min(lo, v) : v;
    hi = i ? std::max(hi, v) : v;
  }
  std::ostringstream r;
  if (axis.log_x) r << "set xrange [" << lo / 1.5 << ":" << hi * 1.5 << "]\n";
  else {
    // Half the closest spacing at least, so dodged points and bars at the ends stay inside the frame.
    std::vector<double> p;
    for (const auto& t : axis.ticks) p.push_back(t.second);
    std::sort(p.begin(), p.end());
    double gap = hi - lo;
    for (std::size_t i = 1; i < p.size(); ++i)
      if (p[i] > p[i - 1]) gap = std::min(gap, p[i] - p[i - 1]);
    const double pad = hi > lo ? std::max(0.08 * (hi - lo), 0.5 * gap) : 0.5;
    r << "set xrange [" << lo - pad << ":" << hi + pad << "]\n";
  }
  return r.str();
}

// The gap of the axis break: the middle eighth between the largest finite tick below `break_at` and the first tick
// beyond it (∞), measured as the axis draws it.
std::pair<double, double> break_gap(const ParameterAxis& axis) {
  double lo = axis.break_at, hi = axis.break_at;
  for (const auto& t : axis.ticks) {
    if (t.second < axis.break_at && (lo == axis.break_at || t.second > lo)) lo = t.second;
    if (t.second > axis.break_at && (hi == axis.break_at || t.second < hi)) hi = t.second;
  }
  const auto at = [&](double f) { return axis.log_x && lo > 0 ? lo * std::pow(hi / lo, f) : lo + f * (hi - lo); };
  return {at(0.44), at(0.56)};
}

// 1, 2 and 5 times the powers of ten within the axis's values: gnuplot's own log ticks are whole decades only,
// none at all on a range such as 0.2-5.
std::string log_ticks(const ParameterAxis& axis) {
  double lo = axis.ticks.front().second, hi = lo;
  for (const auto& t : axis.ticks) lo = std::min(lo, t.second), hi = std::max(hi, t.second);
  std::ostringstream g;
  g << "set xtics noenhanced (";
  bool first = true;
  for (double decade = std::pow(10.0, std::floor(std::log10(lo))); decade <= hi; decade *= 10)
    for (double m : {1.0, 2.0, 5.0})
      if (m * decade >= lo / 1.5 && m * decade <= hi * 1.5) {
        g << (first ? "" : ", ") << quote(gnuplot::number(m * decade)) << " " << gnuplot::number(m * decade);
        first = false;
      }
  g << ")\n";
  return g.str();
}

std::string axis_setup(const ParameterAxis& axis) {
  std::ostringstream g;
  if (axis.log_x) g << "set logscale x\n";
  if (axis.ticks.size() > max_listed_ticks && !std::isfinite(axis.break_at)) {
    // Sampled values (a Latin hypercube, Sobol or Morris design): one label per value would overlap.
    g << (axis.log_x ? log_ticks(axis) : std::string("set xtics autofreq noenhanced\n"));
  } else {
    g << "set xtics noenhanced (";
    for (std::size_t i = 0; i < axis.ticks.size(); ++i)
      g << (i ? ", " : "") << quote(axis.ticks[i].first) << " " << gnuplot::number(axis.ticks[i].second);
    g << ")\n";
  }
  g << "unset mxtics\nset autoscale yfix\nset offsets 0, 0, graph 0.06, graph 0.06\n" << xrange(axis);
  if (std::isfinite(axis.break_at)) {
    const auto [lo, hi] = break_gap(axis);
    g << gnuplot::axis_break(lo, hi);
  }
  return g.str();
}

// The range of a panel's values and interval ends (0 without any).
double y_span(const OutcomePanel& p) {
  double lo = INFINITY, hi = -INFINITY;
  for (const auto& s : p.series)
    for (const auto* v : {&s.y, &s.lower, &s.upper})
      for (double y : *v)
        if (std::isfinite(y)) lo = std::min(lo, y), hi = std::max(hi, y);
  return hi > lo ? hi - lo : 0.0;
}

// Legend entries (label, colour) in first-seen order over all panels, drawn once.
std::vector<std::pair<std::string, int>> legend_entries(const std::vector<OutcomePanel>& panels) {
  std::vector<std::pair<std::string, int>> out;
  for (const auto& p : panels)
    for (const auto& s : p.series)
      if (!s.label.empty() && std::find(out.begin(), out.end(), std::make_pair(s.label, s.colour)) == out.end())
        out.push_back({s.label, s.colour});
  return out;
}

}  // namespace

bool has_interval(OutcomeMark m) { return m == OutcomeMark::interval || m == OutcomeMark::scatter; }

FigureFiles plot_outcome_panels(const fs::path& stem, const ParameterAxis& axis,
                                const std::vector<OutcomePanel>& panels, const PlotStyle& style) {
  int colours = 1;
  for (const auto& p : panels)
    for (const auto& s : p.series) {
      check_series(s);
      colours = std::max(colours, s.colour);
    }
  const Dodge dodge = make_dodge(axis, colours);
  // One legend below all panels, drawn by the first panel's plot command (entries without data).
  gnuplot::PlotCommand key;
  for (const auto& [label, colour] : legend_entries(panels))
    key.add("NaN with linespoints lt " + std::to_string(colour) + " lw 2 pt 7", label);
  const int cols = panels.size() > 1 ? 2 : 1;
  const int rows = static_cast<int>((panels.size() + 1) / 2);
  PlotStyle st = style;
  st.xlabel = axis.label;
  // Each panel is named by a line above it (as a facet's strip), not by a rotated y label that would not fit a
  // panel's height: the grid starts one strip below the plot area's top, and each row gap holds the x tick labels
  // of the row above and the strip of the row below.
  gnuplot::Layout l = gnuplot::layout(st, key.legend());
  l.top -= strip_in / l.height_in;
  gnuplot::DataBlocks d(axis.log_x);
  std::ostringstream g;
  g << axis_setup(axis) << "unset ylabel\nset multiplot\n";
  for (std::size_t p = 0; p < panels.size(); ++p) {
    const int row = static_cast<int>(p) / cols, col = static_cast<int>(p) % cols;
    gnuplot::PlotCommand cmd = p == 0 ? key : gnuplot::PlotCommand{};
    for (const auto& s : panels[p].series) {
      const int b = d.begin_block(panels[p].name + " | " + s.label + " | " + mark_name(s.mark) +
                                  ": x_position value lower upper x_drawn (x_drawn: shifted beside other series)");
      for (std::size_t i = 0; i < s.x.size(); ++i) {
        // A blank line ends the drawn line: ∞ is not joined to the finite values across the break.
        if (i > 0 && std::isfinite(axis.break_at) && s.x[i - 1] < axis.break_at && s.x[i] > axis.break_at) d.row({});
        const bool iv = has_interval(s.mark);
        d.row({s.x[i], s.y[i], iv ? s.lower[i] : s.y[i], iv ? s.upper[i] : s.y[i], dodge.at(s.x[i], s.colour, colours)});
      }
      cmd.add_untitled("datafile index " + std::to_string(b) + " " + plot_style(s.mark, s.colour));
    }
    // At most about five y ticks: a panel is too short for gnuplot's default of ten.
    const double span = y_span(panels[p]);
    g << (span > 0 ? "set ytics " + gnuplot::number(gnuplot::tick_step(span, 5)) + "\n" : "set ytics autofreq\n");
    // Fixed panel areas on a grid: a gap under each row for its x tick labels, only the lowest row's x axis label.
    const bool lowest = p + cols >= panels.size();
    g << gnuplot::grid_margins(l, row, col, rows, cols, tick_labels_in + strip_in)
      << (lowest ? "set xlabel " + quote(axis.label) + " noenhanced\n" : "unset xlabel\n") << "set label 1 "
      << quote(panels[p].ylabel) << " at graph 0, graph 1 left offset 0, char 0.8 noenhanced\n" << cmd.str()
      << (p == 0 ? "unset key\n" : "");
  }
  g << "unset multiplot\n";
  return gnuplot::render(stem, d.str(), g.str(), st, key.legend());
}

}  // namespace aca::analysis
