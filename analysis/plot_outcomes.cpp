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

void check_series(const OutcomeSeries& s) {
  const bool intervals = s.mark == OutcomeMark::interval;
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
  }
  return "";
}

std::string plot_style(OutcomeMark m) {
  switch (m) {
    case OutcomeMark::interval: return "using 5:2:3:4 with yerrorlines lw 2 pt 7 ps 1.2";
    case OutcomeMark::filled: return "using 5:2 with points pt 7 ps 1.4";
    case OutcomeMark::hollow: return "using 5:2 with points pt 6 ps 1.4";
    case OutcomeMark::beyond: return "using 5:2 with points pt 9 ps 1.8";
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

std::string axis_setup(const ParameterAxis& axis) {
  std::ostringstream g;
  if (axis.log_x) g << "set logscale x\n";
  g << "set xtics noenhanced (";
  for (std::size_t i = 0; i < axis.ticks.size(); ++i)
    g << (i ? ", " : "") << quote(axis.ticks[i].first) << " " << gnuplot::number(axis.ticks[i].second);
  g << ")\nunset mxtics\nset autoscale yfix\nset offsets 0, 0, graph 0.06, graph 0.06\n" << xrange(axis);
  if (std::isfinite(axis.break_at))
    g << "set arrow 1 from " << gnuplot::number(axis.break_at) << ", graph 0 to " << gnuplot::number(axis.break_at)
      << ", graph 1 nohead dt 3 lc rgb '#888888'\n";
  return g.str();
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

FigureFiles plot_outcome_panels(const fs::path& stem, const ParameterAxis& axis,
                                const std::vector<OutcomePanel>& panels, const PlotStyle& style) {
  int colours = 1;
  for (const auto& p : panels)
    for (const auto& s : p.series) {
      check_series(s);
      colours = std::max(colours, s.colour);
    }
  const Dodge dodge = make_dodge(axis, colours);
  const auto legend = legend_entries(panels);
  const int cols = panels.size() > 1 ? 2 : 1;
  const int rows = static_cast<int>((panels.size() + 1) / 2);
  // The legend sits in the empty cell of an odd number of panels, else below them in as many rows as it needs.
  const bool key_in_cell = panels.size() % 2 == 1 && panels.size() > 1;
  std::size_t longest = 1;
  for (const auto& e : legend) longest = std::max(longest, e.first.size());
  const std::size_t key_cols = std::max<std::size_t>(1, std::min<std::size_t>(3, 70 / longest));
  const int key_rows = key_in_cell ? 0 : static_cast<int>((legend.size() + key_cols - 1) / key_cols);
  // Tick labels, x label and key in pixels at the style's resolution.
  const double bottom = (key_rows ? 80.0 + 20.0 * key_rows : 60.0) / (style.height_in * style.dpi);
  const std::string key_at =
      key_in_cell ? "set key at screen 0.77, " + gnuplot::number(bottom + 0.5 * (0.97 - bottom) / rows) +
                        " center center vertical maxcols 1 noenhanced\n"
                  : "set key at screen 0.5, 0.01 center bottom horizontal maxcols " + std::to_string(key_cols) +
                        " noenhanced\n";
  gnuplot::DataBlocks d(axis.log_x);
  std::ostringstream g;
  g << axis_setup(axis) << "set multiplot layout " << rows << "," << cols << " margins 0.1,0.97," << bottom
    << ",0.97 spacing 0.1,0.12\n";
  for (std::size_t p = 0; p < panels.size(); ++p) {
    std::vector<std::string> parts;
    for (const auto& s : panels[p].series) {
      const int b = d.begin_block(panels[p].name + " | " + s.label + " | " + mark_name(s.mark) +
                                  ": x_position value lower upper x_drawn (x_drawn: shifted beside other series)");
      for (std::size_t i = 0; i < s.x.size(); ++i) {
        // A blank line ends the drawn line: ∞ is not joined to the finite values across the break.
        if (i > 0 && std::isfinite(axis.break_at) && s.x[i - 1] < axis.break_at && s.x[i] > axis.break_at) d.row({});
        const bool iv = s.mark == OutcomeMark::interval;
        d.row({s.x[i], s.y[i], iv ? s.lower[i] : s.y[i], iv ? s.upper[i] : s.y[i], dodge.at(s.x[i], s.colour, colours)});
      }
      parts.push_back("datafile index " + std::to_string(b) + " " + plot_style(s.mark) + " lc " +
                      std::to_string(s.colour) + " notitle");
    }
    if (p == 0 && !legend.empty()) {
      g << key_at;
      for (const auto& [label, colour] : legend)
        parts.push_back("NaN with linespoints lw 2 pt 7 lc " + std::to_string(colour) + " title " + quote(label));
    } else {
      g << "unset key\n";
    }
    if (parts.empty()) parts.push_back("NaN notitle");
    g << "set ylabel " << quote(panels[p].ylabel) << " noenhanced\nplot ";
    for (std::size_t i = 0; i < parts.size(); ++i) g << (i ? ", \\\n     " : "") << parts[i];
    g << '\n';
  }
  g << "unset multiplot\n";
  PlotStyle st = style;
  st.xlabel = axis.label;
  return gnuplot::render(stem, d.str(), g.str(), st);
}

}  // namespace aca::analysis
