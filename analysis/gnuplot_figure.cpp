#include "analysis/gnuplot_figure.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
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

std::string preamble(const PlotStyle& s) {
  std::ostringstream g;
  g << "# Made by acasim (aca::analysis). Render with e.g.\n"
    << "#   gnuplot -e \"set terminal pngcairo; set output 'fig.png'\" THIS_FILE\n"
    << "set encoding utf8\nset datafile missing 'NaN'\nset key outside right top noenhanced\n"
    << "set grid\n";
  if (!s.title.empty()) g << "set title " << quote(s.title) << " noenhanced\n";
  g << "set xlabel " << quote(s.xlabel) << " noenhanced\nset ylabel " << quote(s.ylabel) << " noenhanced\n";
  if (s.log_x) g << "set logscale x\n";
  return g.str();
}

// Renders each format to a temporary name and renames it into place, so a crash never leaves a truncated image.
FigureFiles render(const fs::path& stem, const std::string& data, const std::string& body, const PlotStyle& style) {
  if (stem.has_parent_path()) fs::create_directories(stem.parent_path());
  FigureFiles f;
  f.data = fs::path(stem.string() + ".dat");
  f.script = fs::path(stem.string() + ".gp");
  f.png = fs::path(stem.string() + ".png");
  f.svg = fs::path(stem.string() + ".svg");
  util::write_file_atomic(f.data, data);
  std::string script = preamble(style);
  // The script names its data file absolutely so it renders from any working directory.
  script += "datafile = " + quote(fs::absolute(f.data).string()) + "\n" + body;
  util::write_file_atomic(f.script, script);
  const fs::path log = fs::path(stem.string() + ".gnuplot.log");
  const std::string size = std::to_string(style.width) + "," + std::to_string(style.height);
  const struct {
    fs::path out;
    std::string terminal;
  } formats[] = {{f.png, "pngcairo size " + size + " font 'sans,11'"},
                 {f.svg, "svg size " + size + " dynamic font 'sans,11'"}};
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
