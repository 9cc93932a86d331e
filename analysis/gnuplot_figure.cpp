#include "analysis/gnuplot_figure.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <algorithm>
#include <fstream>
#include <stdexcept>
#include <vector>

#include "util/atomic_file.hpp"
#include "util/csv_writer.hpp"

extern char** environ;

namespace aca::analysis::gnuplot {

namespace fs = std::filesystem;

namespace {

void run_gnuplot(const PlotStyle& style, const std::string& setup, const fs::path& script, const fs::path& log) {
  std::vector<std::string> args = {style.gnuplot, "-e", setup, script.string()};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, style.gnuplot.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    fs::remove(log);
    throw std::runtime_error("cannot start " + style.gnuplot + ": " + std::strerror(rc));
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) throw std::runtime_error("waiting for gnuplot failed");
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::string msg;
    {
      std::ifstream in(log);
      std::stringstream ss;
      ss << in.rdbuf();
      msg = ss.str();
    }
    fs::remove(log);  // its text travels in the exception
    throw std::runtime_error("gnuplot failed (status " + std::to_string(status) + ") on " + script.string() +
                             ":\n" + msg);
  }
}

}  // namespace

// gnuplot single-quoted strings take everything literally except '' (one quote); a line break would end the
// command, so it becomes a space.
std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += '\'';
    out += (c == '\n' || c == '\r') ? ' ' : c;
  }
  return out + "'";
}

std::string number(double v) { return std::isfinite(v) ? util::format_number(v) : "NaN"; }

// 0.95 → "95%", without the 95.00000000000001 that 100·0.95 would print.
std::string percent(double level) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g%%", 100.0 * level);
  return buf;
}

std::string png_terminal(const PlotStyle& style, double width_in, double height_in) {
  // Cairo lays text out at 96 dpi (Pango's default), so a point is 96/72 pixels before fontscale: dpi/96 makes it
  // dpi/72 pixels, a point at the style's dpi. (dpi/72 drew PNG text 4/3 the size of the SVG's.)
  return "pngcairo enhanced size " + std::to_string(std::lround(width_in * style.dpi)) + "," +
         std::to_string(std::lround(height_in * style.dpi)) + " font " +
         quote(style.font + "," + number(style.font_pt)) + " fontscale " + number(style.dpi / 96.0);
}

int DataBlocks::begin_block(const std::string& comment) {
  if (blocks_) out_ << "\n\n";
  std::string c = comment;
  for (char& ch : c)
    if (ch == '\n' || ch == '\r') ch = ' ';  // a line break would start a bogus data line
  out_ << "# " << c << '\n';
  return blocks_++;
}

void DataBlocks::row(std::initializer_list<double> v) {
  bool first = true;
  for (double x : v) {
    if (!first) out_ << ' ';
    // A log axis cannot show x ≤ 0; writing NaN leaves the point out instead of failing the whole plot.
    out_ << (first && log_x_ && !(x > 0) ? std::string("NaN") : number(x));
    first = false;
  }
  out_ << '\n';
}

// Okabe & Ito (2008) colours, yellow last (faint on white); dash and point types differ too, for grayscale.
const char* const palette[8] = {
    "lc rgb '#E69F00' dt 1 pt 7",           "lc rgb '#56B4E9' dt (8,4) pt 5",
    "lc rgb '#009E73' dt (2,3) pt 9",       "lc rgb '#0072B2' dt (10,3,2,3) pt 11",
    "lc rgb '#D55E00' dt (4,4) pt 13",      "lc rgb '#CC79A7' dt (12,3,2,3,2,3) pt 6",
    "lc rgb '#000000' dt (1,3) pt 4",       "lc rgb '#F0E442' dt (6,2) pt 8"};

void PlotCommand::add(const std::string& spec, const std::string& title) {
  parts_.push_back(spec + " title " + quote(title));
  legend_.push_back(title);
}

void PlotCommand::add_untitled(const std::string& spec) { parts_.push_back(spec + " notitle"); }

std::string PlotCommand::str() const {
  if (parts_.empty()) return "plot NaN title 'no data'\n";
  std::string g = "plot ";
  for (std::size_t i = 0; i < parts_.size(); ++i) g += (i ? ", \\\n     " : "") + parts_[i];
  return g + '\n';
}

namespace {

// Fixed margins in inches: room for tick labels and the axis label on the left and below, the last tick label
// (e.g. "∞ (no DP)") on the right.
constexpr double left_in = 1.1, right_in = 0.45, top_in = 0.2, title_in = 0.3, axis_below_in = 0.62;
constexpr double legend_gap_in = 0.1, legend_pad_in = 0.1;
// The x axis label reaches a little below axis_below_in: a figure without a legend keeps this much room under it.
constexpr double bottom_pad_in = 0.1;
// A colour bar: a gap, the bar, its tick labels and its rotated label.
constexpr double bar_gap_in = 0.15, bar_width_in = 0.15, bar_in = 1.05;
constexpr int sample_chars = 2;

std::size_t utf8_length(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// gnuplot sizes a key column from the character count times its character width estimate: 0.85 em of the
// fontscaled font at cairo terminals, which with fontscale dpi/96 is 0.64 em of the printed font. Proportional text
// averages about 0.6 em, so the estimate leaves a small gap between columns; `width` must not narrow it further.
double key_column_in(std::size_t chars, int width_adjust, double font_pt) {
  return (static_cast<double>(chars) + sample_chars + 3 + width_adjust) * 0.64 * font_pt / 72.0;
}

}  // namespace

Layout layout(const PlotStyle& s, const std::vector<std::string>& legend) {
  Layout l;
  const double top = top_in + (s.title_in_figure && !s.title.empty() ? title_in : 0.0);
  const double plot_h = s.height_in - top - axis_below_in;
  const double bar = s.colour_bar ? bar_in : 0.0;
  const double plot_w = s.square ? plot_h : s.width_in - left_in - right_in - bar;
  l.width_in = left_in + plot_w + right_in + bar;
  std::size_t longest = 0;
  for (const auto& e : legend) longest = std::max(longest, utf8_length(e));
  l.legend_width_adjust = 0;
  const double row_in = 1.6 * s.font_pt / 72.0;
  if (!legend.empty()) {
    const double column = key_column_in(longest, l.legend_width_adjust, s.font_pt);
    const auto fit = static_cast<std::size_t>(std::max(1.0, std::floor((l.width_in - 0.2) / column)));
    l.legend_columns = static_cast<int>(std::min(fit, legend.size()));
    l.legend_rows = static_cast<int>((legend.size() + fit - 1) / fit);
    l.legend_left = std::max(0.1, 0.5 * (l.width_in - l.legend_columns * column)) / l.width_in;
  }
  const double legend_in = l.legend_rows ? legend_gap_in + l.legend_rows * row_in + legend_pad_in : bottom_pad_in;
  l.height_in = s.height_in + legend_in;
  l.left = left_in / l.width_in;
  l.right = (left_in + plot_w) / l.width_in;
  l.bottom = (legend_in + axis_below_in) / l.height_in;
  l.top = (legend_in + axis_below_in + plot_h) / l.height_in;
  l.legend_top = (legend_in - legend_gap_in) / l.height_in;
  return l;
}

double panel_row_width_in(const PlotStyle& s, int panels) {
  const double top = top_in + (s.title_in_figure && !s.title.empty() ? title_in : 0.0);
  const double side = s.height_in - top - axis_below_in;
  return left_in + panels * side + (panels - 1) * column_gap_in + right_in;
}

std::string margins(const Layout& l, int i, int panels) { return grid_margins(l, i, 0, panels, 1); }

std::string grid_margins(const Layout& l, int row, int col, int rows, int cols, double row_gap_in,
                         double col_gap_in) {
  // Panels share the plot area with fixed gaps between them, so the same grid lines up in every figure.
  const double vgap = row_gap_in / l.height_in, hgap = col_gap_in / l.width_in;
  const double h = (l.top - l.bottom - vgap * (rows - 1)) / rows;
  const double w = (l.right - l.left - hgap * (cols - 1)) / cols;
  const double top = l.top - row * (h + vgap), left = l.left + col * (w + hgap);
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "set lmargin at screen %.6f\nset rmargin at screen %.6f\nset tmargin at screen %.6f\n"
                "set bmargin at screen %.6f\n",
                left, left + w, top, top - h);
  return buf;
}

std::string colour_box(const Layout& l) {
  char buf[200];
  std::snprintf(buf, sizeof buf, "set colorbox vertical user origin screen %.6f, screen %.6f size screen %.6f, "
                "screen %.6f\n", l.right + bar_gap_in / l.width_in, l.bottom, bar_width_in / l.width_in,
                l.top - l.bottom);
  return buf;
}

std::string axis_break(double gap_lo, double gap_hi) {
  // The border is drawn behind so the white gap can cut the axis line; slashes in graph units keep their size on a
  // log axis too.
  std::string g = "set border 3 back\nset object 1 rect from first " + number(gap_lo) + ", graph -0.015 to first " +
                  number(gap_hi) + ", graph 0.015 fc rgb 'white' fs solid 1.0 noborder front noclip\n";
  int tag = 20;
  for (double x : {gap_lo, gap_hi})
    g += "set arrow " + std::to_string(tag++) + " from first " + number(x) +
         ", graph -0.03 rto graph 0.012, graph 0.06 nohead lw 1 lc rgb '#000000' front\n";
  return g;
}

std::string key(const Layout& l) {
  if (l.legend_rows == 0) return "unset key\n";
  // The key's top-left corner, chosen so its columns are centred on the figure.
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "set key at screen %.6f, screen %.6f left top vertical maxrows %d Left reverse noenhanced "
                "samplen %d spacing 1 width %d nobox\n",
                l.legend_left, l.legend_top, l.legend_rows, sample_chars,
                l.legend_width_adjust);
  return buf;
}

double tick_step(double range, int ticks) {
  if (!(range > 0) || !std::isfinite(range) || ticks < 1) return 1.0;
  const double raw = range / ticks, decade = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0})
    if (m * decade >= raw * (1 - 1e-9)) return m * decade;
  return 10.0 * decade;
}

std::string reference_line(int tag, double value, const std::string& label) {
  return "set arrow " + std::to_string(tag) + " from graph 0, first " + number(value) + " to graph 1, first " +
         number(value) + " as 8\nset label " + std::to_string(tag) + " " + quote(label) + " at graph 0.99, first " +
         number(value) + " right offset 0,0.5 tc rgb '#555555' noenhanced front\n";
}

std::string preamble(const PlotStyle& s, const std::vector<std::string>& legend) {
  const Layout l = layout(s, legend);
  std::ostringstream g;
  char size[160];
  std::snprintf(size, sizeof size, "# figure %.3g x %.3g in, plot area %.3g x %.3g in, legend %d row(s)\n",
                l.width_in, l.height_in, l.plot_width_in(), l.plot_height_in(), l.legend_rows);
  g << "# " << (s.title.empty() ? std::string("acasim figure") : s.title) << "\n"
    << "# Made by acasim (aca::analysis). Render with e.g.\n"
    << "#   gnuplot -e \"set terminal " << png_terminal(s, l.width_in, l.height_in)
    << "; set output 'fig.png'\" THIS_FILE\n"
    << size << "set encoding utf8\nset termoption enhanced\nset termoption font "
    << quote(s.font + "," + number(s.font_pt)) << "\nset datafile missing 'NaN'\n";
  for (int k = 0; k < 8; ++k) g << "set linetype " << k + 1 << " " << palette[k] << " lw 2 ps 0.8\n";
  g << "set linetype cycle 8\n"
    << "set style arrow 8 nohead lc rgb '#999999' dt (6,4) lw 1\n"  // light reference lines
    << "set border 3 lw 1\nset tics nomirror out scale 0.6\nset grid lt 1 lc rgb '#e8e8e8' lw 1\n"
    << "set format y '%.4g'\n" << (s.log_x ? "set logscale x\nset format x '10^{%L}'\n" : "set format x '%.4g'\n")
    << margins(l) << key(l);
  if (s.title_in_figure && !s.title.empty()) g << "set title " << quote(s.title) << " noenhanced\n";
  g << "set xlabel " << quote(s.xlabel) << " noenhanced\nset ylabel " << quote(s.ylabel) << " noenhanced\n";
  return g.str();
}

// Renders each format to a temporary name and renames it into place, so a crash never leaves a truncated image.
FigureFiles render(const fs::path& stem, const std::string& data, const std::string& body, const PlotStyle& style,
                   const std::vector<std::string>& legend) {
  if (stem.has_parent_path()) fs::create_directories(stem.parent_path());
  FigureFiles f;
  f.data = fs::path(stem.string() + ".dat");
  f.script = fs::path(stem.string() + ".gp");
  f.png = fs::path(stem.string() + ".png");
  f.svg = fs::path(stem.string() + ".svg");
  util::write_file_atomic(f.data, data);
  std::string script = preamble(style, legend);
  // The script names its data file absolutely so it renders from any working directory.
  script += "datafile = " + quote(fs::absolute(f.data).string()) + "\n" + body;
  util::write_file_atomic(f.script, script);
  const fs::path log = fs::path(stem.string() + ".gnuplot.log");
  const Layout l = layout(style, legend);
  // PNG in pixels at the style's dpi; SVG in points.
  const std::string svg_size = std::to_string(std::lround(l.width_in * 72)) + "," +
                               std::to_string(std::lround(l.height_in * 72));
  const std::string font = " font " + quote(style.font + "," + number(style.font_pt));
  const struct {
    fs::path out;
    std::string terminal;
  } formats[] = {{f.png, png_terminal(style, l.width_in, l.height_in)},
                 {f.svg, "svg enhanced size " + svg_size + font}};
  for (const auto& fmt : formats) {
    const fs::path tmp = fs::path(fmt.out.string() + ".partial");
    run_gnuplot(style, "set terminal " + fmt.terminal + "; set output " + quote(tmp.string()), f.script, log);
    if (!fs::exists(tmp) || fs::file_size(tmp) == 0) {
      fs::remove(tmp);
      throw std::runtime_error("gnuplot wrote no output for " + fmt.out.string());
    }
    fs::rename(tmp, fmt.out);
  }
  fs::remove(log);
  return f;
}

void check_line(const Line& l) {
  if (l.x.size() != l.y.size())
    throw std::invalid_argument("line '" + l.label + "' has " + std::to_string(l.x.size()) + " x and " +
                                std::to_string(l.y.size()) + " y values");
}

}  // namespace aca::analysis::gnuplot
