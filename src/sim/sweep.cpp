#include "sim/sweep.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <fcntl.h>
#include <unistd.h>

#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <toml++/toml.h>

#include "learn/blas_kernel.hpp"
#include "run_folder/folder_lock.hpp"
#include "run_folder/manifest_record.hpp"
#include "run_folder/run_status.hpp"
#include "run_folder/summary_record.hpp"
#include "sim/curve_prefetch.hpp"
#include "sim/input_files.hpp"
#include "sim/morris_design.hpp"
#include "sim/sobol_design.hpp"
#include "sim/recorder.hpp"
#include "sim/run_context.hpp"
#include "sim/run.hpp"
#include "sim/simulation_spec.hpp"
#include "sim/sweep_identity.hpp"
#include "util/atomic_file.hpp"
#include "util/build_info.hpp"
#include "util/csv_writer.hpp"
#include "util/float_field.hpp"
#include "util/hash.hpp"
#include "util/threads.hpp"

namespace aca::sim {

namespace {

struct Axis {
  std::string key;
  std::string normalized;           // the key with collective[0] spelled collective.0, to compare keys
  std::vector<std::string> values;  // empty for a range axis
  double low = 0, high = 0;
  bool log = false, integer = false;
};

// "collective[0].target" and "collective.0.target" name the same key.
std::string normalized_key(const std::string& key) {
  std::string out;
  for (char c : key)
    if (c == '[') out += '.';
    else if (c != ']') out += c;
  return out;
}

std::vector<Axis> read_axes(const std::vector<config::View>& views) {
  std::vector<Axis> axes;
  for (const auto& a : views) {
    Axis x;
    x.key = a.string("key");
    x.normalized = normalized_key(x.key);
    if (a.has("values")) x.values = a.boolean("toml") ? a.strings("values") : a.value_texts("values");
    if (a.has("low")) {
      x.low = a.real("low");
      x.high = a.real("high");
    }
    x.log = a.boolean("log");
    x.integer = a.boolean("integer");
    axes.push_back(std::move(x));
  }
  return axes;
}

// Two axes over one key would give points whose settings contradict each other (the later axis silently winning).
void check_distinct_keys(const std::vector<config::View>& views, const std::vector<Axis>& axes, config::Diagnostics& d) {
  for (std::size_t i = 0; i < axes.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (axes[i].normalized == axes[j].normalized) {
        d.add(views[i].diag("key", "`" + axes[i].key + "` is swept twice (also by " + views[j].path() +
                                       "); give each key one axis with all its values"));
        break;
      }
}

// Refused before a single combination is built: the design is planned in full (every point's scenario resolved)
// before any point runs, so its size is what planning allocates.
void check_design_size(const config::View& sw, const std::string& table, const std::vector<Axis>& axes,
                       const std::string& design, std::int64_t replicates, config::Diagnostics& d,
                       std::int64_t quick_points = 0) {
  std::int64_t n = 1;
  std::string how;
  bool over = false;
  const auto times = [&](std::int64_t f, const std::string& what) {
    how += (how.empty() ? "" : " × ") + std::to_string(f) + " " + what;
    if (f != 0 && n > max_sweep_points / f) over = true;
    if (!over) n *= f;
  };
  if (design == "list" && !axes.empty()) times(static_cast<std::int64_t>(axes[0].values.size()), "values");
  else if (design == "latin_hypercube") times(sw.integer("points"), "points");
  else if (design == "sobol") {
    times(sw.integer("base_samples"), "base samples");
    times(static_cast<std::int64_t>(axes.size()) + 2, "(axes + 2)");
  } else if (design == "morris") {
    times(sw.integer("trajectories"), "trajectories");
    times(static_cast<std::int64_t>(axes.size()) + 1, "(axes + 1)");
  }
  else if (design == "quick") times(quick_points, "points");
  else
    for (const auto& a : axes) times(static_cast<std::int64_t>(a.values.size()), "values of " + a.key);
  times(replicates, "replicates");
  if (over)
    d.add(sw.diag(design == "latin_hypercube" ? "points"
                  : design == "sobol"         ? "base_samples"
                  : design == "morris"        ? "trajectories"
                                              : "replicates",
                  "the " + table + " design has more than " + std::to_string(max_sweep_points) + " points (" + how +
                      "); acasim plans every point before running any and accepts at most " +
                      std::to_string(max_sweep_points) + " per sweep: split it into several sweeps (e.g. one "
                      "scenario per value of the largest axis) or sample it with design = \"latin_hypercube\""));
}

std::vector<std::vector<config::Override>> grid_combos(const std::vector<Axis>& axes) {
  std::vector<std::vector<config::Override>> combos(1);
  for (const auto& a : axes) {
    std::vector<std::vector<config::Override>> next;
    for (const auto& c : combos)
      for (const auto& v : a.values) {
        next.push_back(c);
        next.back().push_back({a.key, v});
      }
    combos = std::move(next);
  }
  return combos;
}

std::string range_value(const Axis& a, double u) {
  const double x = a.log ? std::exp(std::log(a.low) + u * (std::log(a.high) - std::log(a.low)))
                         : a.low + u * (a.high - a.low);
  if (a.integer) return std::to_string(std::llround(x));
  return util::format_number(x);
}

// A sampled design's coordinate u in [0, 1] as the axis's value: a range mapped linearly or on a log scale; a value
// list cut into equal strata, u in stratum floor(u·m) of m taking value floor(u·m) (with n = m Latin hypercube
// samples every value is used exactly once).
std::string sampled_value(const Axis& a, double u) {
  if (a.values.empty()) return range_value(a, u);
  const auto m = a.values.size();
  return a.values[std::min(m - 1, static_cast<std::size_t>(std::floor(u * static_cast<double>(m))))];
}

std::vector<config::Override> sampled_combo(const std::vector<Axis>& axes, const std::vector<double>& u) {
  std::vector<config::Override> combo;
  for (std::size_t k = 0; k < axes.size(); ++k) combo.push_back({axes[k].key, sampled_value(axes[k], u[k])});
  return combo;
}

std::uint64_t scenario_seed(const config::Scenario& scenario) {
  return static_cast<std::uint64_t>(scenario.root().sub("simulation").integer("seed"));
}

std::vector<SensitivityRow> sensitivity_rows_of(const config::Scenario& scenario, std::size_t dims) {
  const config::View sw = scenario.root().sub("sweep");
  const std::string design = sw.string("design");
  if (design == "sobol") {
    util::Engine rng = util::make_stream(scenario_seed(scenario), sobol_stream);
    return saltelli_design(static_cast<std::size_t>(sw.integer("base_samples")), dims, rng);
  }
  if (design == "morris") {
    util::Engine rng = util::make_stream(scenario_seed(scenario), morris_stream);
    return morris_design(static_cast<std::size_t>(sw.integer("trajectories")), dims,
                         static_cast<int>(sw.integer("levels")), rng);
  }
  return {};
}

std::vector<SweepPoint> with_replicates(const std::vector<std::vector<config::Override>>& combos, long replicates) {
  std::vector<SweepPoint> points;
  for (const auto& c : combos)
    for (long r = 0; r < replicates; ++r) points.push_back({"", c, r});
  return points;
}

std::vector<std::vector<config::Override>> design_combos(const config::Scenario& scenario) {
  const config::View sw = scenario.root().sub("sweep");
  const auto views = sw.elements("axis");
  config::Diagnostics d;
  if (views.empty()) d.add(scenario.root().diag("sweep", "acasim sweep needs at least one [[sweep.axis]]"));
  const std::vector<Axis> axes = read_axes(views);
  const std::string design = sw.string("design");
  if (design == "list")
    for (std::size_t i = 1; i < axes.size(); ++i)
      if (axes[i].values.size() != axes[0].values.size())
        d.add(views[i].diag("values", "design = \"list\" needs every axis to have the same number of values (" +
                                          std::to_string(axes[0].values.size()) + ")"));
  check_distinct_keys(views, axes, d);
  if (d.empty()) check_design_size(sw, "sweep", axes, design, sw.integer("replicates"), d);
  if (!d.empty()) throw config::ScenarioError(std::move(d));

  std::vector<std::vector<config::Override>> combos;
  if (design == "list") {
    for (std::size_t i = 0; i < axes[0].values.size(); ++i) {
      combos.emplace_back();
      for (const auto& a : axes) combos.back().push_back({a.key, a.values[i]});
    }
  } else if (design == "latin_hypercube") {
    util::Engine rng = util::make_stream(scenario_seed(scenario), latin_hypercube_stream);
    for (const auto& u : latin_hypercube(static_cast<std::size_t>(sw.integer("points")), axes.size(), rng))
      combos.push_back(sampled_combo(axes, u));
  } else if (design == "sobol" || design == "morris") {
    for (const auto& row : sensitivity_rows_of(scenario, axes.size())) combos.push_back(sampled_combo(axes, row.unit));
  } else {
    combos = grid_combos(axes);
  }
  return combos;
}

std::vector<config::Override> quick_overrides(const config::Scenario& scenario) {
  std::vector<config::Override> ov;
  for (const auto& s : scenario.root().sub("sweep").sub("quick").strings("set")) ov.push_back(config::parse_override(s));
  return ov;
}

const std::vector<std::string> result_columns = {"collective",     "mode",         "rounds",        "alpha0",
                                                 "success0",       "final_alpha",  "final_success", "critical_mass",
                                                 "converged_round", "period"};

}  // namespace

std::string sweep_result_rows(const SweepPlan& plan, std::size_t index, const std::filesystem::path& dir) {
  const SweepPoint& p = plan.points.at(index);
  const run_folder::SummaryRecord summary = run_folder::read_summary(dir);
  const MetricsStart start = read_metrics_start(dir / "metrics.csv");
  const auto first = [&](const std::string& c, const std::string& metric) {
    const auto it = start.find({c, metric});
    return it == start.end() ? std::string() : util::float_field(it->second);  // unknown: an empty field
  };
  std::string axes;
  if (index < plan.columns.cells.size())
    for (const auto& cell : plan.columns.cells[index]) axes += "," + util::csv_escape(cell);
  std::string out;
  for (std::size_t k = 0; k < summary.collectives.size(); ++k) {
    const std::string& name = summary.collectives[k];
    const run_folder::CollectiveOutcome& o = summary.outcomes[k];
    std::string line = p.id + "," + std::to_string(p.replicate) + axes;
    const std::vector<std::string> fields = {name,
                                             summary.mode,
                                             std::to_string(summary.rounds),
                                             first(name, "alpha"),
                                             first(name, "success"),
                                             util::float_field(o.final_alpha),
                                             util::float_field(o.final_success),
                                             util::float_field(o.critical_mass),
                                             summary.converged_round ? std::to_string(*summary.converged_round) : "",
                                             std::to_string(summary.period)};
    for (const auto& f : fields) line += "," + util::csv_escape(f);
    out += line + "\n";
  }
  return out;
}

std::string sweep_results_header(const SweepPlan& plan) {
  std::vector<std::string> h = {"point", "replicate"};
  h.insert(h.end(), plan.columns.names.begin(), plan.columns.names.end());
  h.insert(h.end(), result_columns.begin(), result_columns.end());
  std::string text;
  for (std::size_t i = 0; i < h.size(); ++i) text += (i ? "," : "") + util::csv_escape(h[i]);
  return text + "\n";
}

long write_sweep_results(const std::filesystem::path& out_dir, const SweepPlan& plan) {
  std::string text = sweep_results_header(plan);
  long merged = 0;
  for (std::size_t i = 0; i < plan.points.size(); ++i) {
    const auto dir = out_dir / "points" / plan.points[i].id;
    if (!run_folder::run_complete(dir)) continue;
    text += sweep_result_rows(plan, i, dir);
    ++merged;
  }
  util::write_file_atomic(out_dir / "results.csv", text);
  return merged;
}

namespace {

// Appends whole rows with one write() and fsync, so a killed sweep leaves only complete rows behind.
void append_durably(const std::filesystem::path& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT, 0644);
  if (fd < 0) throw std::runtime_error("cannot append to " + path.string());
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0) {
      ::close(fd);
      throw std::runtime_error("error while appending to " + path.string());
    }
    done += static_cast<std::size_t>(n);
  }
  ::fsync(fd);
  ::close(fd);
}

std::string format_seconds(double s) {
  char buf[32];
  if (s >= 3600) std::snprintf(buf, sizeof buf, "%.0fh%02.0fm", std::floor(s / 3600), std::fmod(s, 3600) / 60);
  else if (s >= 60) std::snprintf(buf, sizeof buf, "%.0fm%02.0fs", std::floor(s / 60), std::fmod(s, 60));
  else std::snprintf(buf, sizeof buf, "%.0fs", s);
  return buf;
}

}  // namespace

std::vector<std::vector<double>> latin_hypercube(std::size_t n, std::size_t dims, util::Engine& rng) {
  std::vector<std::vector<double>> u(n, std::vector<double>(dims));
  boost::random::uniform_real_distribution<double> within(0.0, 1.0);
  std::vector<std::size_t> perm(n);
  for (std::size_t d = 0; d < dims; ++d) {
    for (std::size_t i = 0; i < n; ++i) perm[i] = i;
    for (std::size_t i = n; i > 1; --i) {
      boost::random::uniform_int_distribution<std::size_t> pick(0, i - 1);
      std::swap(perm[i - 1], perm[pick(rng)]);
    }
    for (std::size_t i = 0; i < n; ++i) {
      // Clamp guards the rounding of (s + x)/n up to the next stratum's edge.
      const double v = (static_cast<double>(perm[i]) + within(rng)) / static_cast<double>(n);
      u[i][d] = std::min(v, std::nextafter((static_cast<double>(perm[i]) + 1.0) / static_cast<double>(n), 0.0));
    }
  }
  return u;
}

std::vector<SensitivityRow> sensitivity_rows(const config::Scenario& scenario) {
  return sensitivity_rows_of(scenario, scenario.root().sub("sweep").elements("axis").size());
}

std::vector<SweepPoint> sweep_points(const config::Scenario& scenario) {
  return with_replicates(design_combos(scenario), static_cast<long>(scenario.root().sub("sweep").integer("replicates")));
}

std::vector<SweepPoint> quick_sweep_points(const config::Scenario& scenario) {
  const config::View q = scenario.root().sub("sweep").sub("quick");
  const auto views = q.elements("axis");
  std::vector<std::vector<config::Override>> combos;
  if (!views.empty()) {
    const std::vector<Axis> axes = read_axes(views);
    config::Diagnostics d;
    check_distinct_keys(views, axes, d);
    if (d.empty()) check_design_size(q, "sweep.quick", axes, "grid", q.integer("replicates"), d);
    if (!d.empty()) throw config::ScenarioError(std::move(d));
    combos = grid_combos(axes);
  } else {
    const auto full = design_combos(scenario);
    const auto want = std::min(full.size(), static_cast<std::size_t>(q.integer("points")));
    config::Diagnostics d;
    check_design_size(q, "sweep.quick", {}, "quick", q.integer("replicates"), d, static_cast<std::int64_t>(want));
    if (!d.empty()) throw config::ScenarioError(std::move(d));
    for (std::size_t i = 0; i < want; ++i) {
      const std::size_t j = want == 1 ? 0 : (i * (full.size() - 1) + (want - 1) / 2) / (want - 1);
      combos.push_back(full[j]);
    }
  }
  return with_replicates(combos, static_cast<long>(q.integer("replicates")));
}

namespace {

// Where an override of a sweep point was written: its errors are reported there, not at a --set nobody typed.
struct WrittenAt {
  std::string origin;     // how the scenario loader names the override: "--set key=value"
  config::Diagnostic at;  // file, line, column and key path of the value in the scenario file
  std::string label;      // what set it, e.g. "[[sweep.axis]] population.size"
};

config::Diagnostic position_of(const toml::table& file_table, const std::string& file, const std::string& path,
                               const std::string& fallback) {
  for (const std::string& p : {path, fallback}) {
    const toml::node* n = file_table.at_path(p).node();
    if (n && n->source().begin.line > 0)
      return {file, static_cast<int>(n->source().begin.line), static_cast<int>(n->source().begin.column), path, ""};
  }
  return {file, 0, 0, path, ""};
}

std::string origin_of(const config::Override& o) { return "--set " + o.key + "=" + o.value; }

// The axes a design's settings come from, in setting order, and the table they are written in.
struct DesignAxes {
  std::string table;
  std::vector<Axis> axes;
};

DesignAxes design_axes(const config::Scenario& scenario, bool quick) {
  const config::View sw = scenario.root().sub("sweep");
  const bool quick_axes = quick && !sw.sub("quick").elements("axis").empty();
  return {quick_axes ? "sweep.quick.axis" : "sweep.axis",
          read_axes(quick_axes ? sw.sub("quick").elements("axis") : sw.elements("axis"))};
}

std::vector<WrittenAt> written_at(const SweepPoint& p, const std::vector<config::Override>& common,
                                  const DesignAxes& design, const toml::table& file_table, const std::string& file) {
  std::vector<WrittenAt> out;
  for (std::size_t k = 0; k < p.settings.size() && k < design.axes.size(); ++k) {
    const Axis& a = design.axes[k];
    const std::string axis = design.table + "[" + std::to_string(k) + "]";
    const auto v = std::find(a.values.begin(), a.values.end(), p.settings[k].value);
    const std::string path = v == a.values.end() ? axis + ".low"
                                                  : axis + ".values[" + std::to_string(v - a.values.begin()) + "]";
    out.push_back({origin_of(p.settings[k]), position_of(file_table, file, path, axis), "[[" + design.table + "]] " + a.key});
  }
  for (std::size_t i = 0; i < common.size(); ++i) {
    const std::string path = "sweep.quick.set[" + std::to_string(i) + "]";
    out.push_back({origin_of(common[i]), position_of(file_table, file, path, "sweep.quick"), "sweep.quick.set"});
  }
  return out;
}

std::string describe_point(const SweepPoint& p) {
  std::string text;
  for (const auto& s : p.settings) text += (text.empty() ? "" : ", ") + s.key + " = " + s.value;
  return text;
}

// A point's problems, each located where the user wrote the value that caused it, added once to `out`.
void add_point_problems(const config::Diagnostics& found, const SweepPoint& p, const std::vector<WrittenAt>& where,
                        std::set<std::string>& seen, config::Diagnostics& out) {
  for (config::Diagnostic d : found.items()) {
    const auto w = std::find_if(where.begin(), where.end(), [&](const WrittenAt& x) { return x.origin == d.file; });
    if (w != where.end()) {
      d.file = w->at.file;
      d.line = w->at.line;
      d.column = w->at.column;
      d.key = w->at.key;
      d.message = "in " + w->label + ": " + d.message;
    }
    if (!seen.insert(d.format() + "\n" + d.key).second) continue;
    if (w == where.end()) d.message += " (in the sweep point " + describe_point(p) + ")";
    out.add(std::move(d));
  }
}

// A --set of a key the design sets would be silently overridden in every point: refuse it.
void check_base_overrides(const std::vector<config::Override>& base, const std::vector<config::Override>& common,
                          const DesignAxes& design, config::Diagnostics& out) {
  for (const auto& b : base) {
    const std::string k = normalized_key(b.key);
    for (const auto& a : design.axes)
      if (a.normalized == k)
        out.add({origin_of(b), 0, 0, b.key,
                 "`" + b.key + "` is a sweep axis ([[" + design.table + "]]): every point takes its value from the "
                 "axis, so this --set would be ignored; remove it or change the axis's values"});
    for (const auto& c : common)
      if (normalized_key(c.key) == k)
        out.add({origin_of(b), 0, 0, b.key,
                 "`" + b.key + "` is set by sweep.quick.set for --quick, so this --set would be ignored; remove it "
                 "or change sweep.quick.set"});
  }
}

// A design whose every point is wrong in its own way would print thousands of lines: the first `n` say enough.
config::Diagnostics at_most(config::Diagnostics all, std::size_t n) {
  if (all.size() <= n) return all;
  config::Diagnostics out;
  for (std::size_t i = 0; i < n; ++i) out.add(all.items()[i]);
  config::Diagnostic more = all.items()[n];
  more.message = "... and " + std::to_string(all.size() - n) + " more problem(s) in other sweep points";
  out.add(std::move(more));
  return out;
}

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Ids from each point's identity; a design that lists one configuration twice (a repeated list row, two Latin
// hypercube samples rounding to the same integer) gets distinct, still deterministic, folders for the copies.
void assign_point_ids(std::vector<SweepPoint>& points, const std::vector<config::Scenario>& resolved) {
  std::set<std::string> used;
  FileHashes hashes;  // every point names the same data files: each is read once
  for (std::size_t i = 0; i < points.size(); ++i) {
    const std::string identity = point_identity(resolved[i], hashes);
    std::string id = "p" + util::hex64(util::fnv1a64(identity)).substr(0, 12);
    for (int copy = 2; !used.insert(id).second; ++copy)
      id = "p" + util::hex64(util::fnv1a64(identity + "## copy " + std::to_string(copy) + "\n")).substr(0, 12);
    points[i].id = id;
  }
}

}  // namespace

SweepPlan plan_sweep(const std::filesystem::path& scenario_file, const std::vector<config::Override>& base,
                     bool quick) {
  config::Scenario scenario = config::load_scenario(scenario_file, base);
  std::vector<SweepPoint> points = quick ? quick_sweep_points(scenario) : sweep_points(scenario);
  std::vector<config::Override> common = quick ? quick_overrides(scenario) : std::vector<config::Override>{};
  const DesignAxes design = design_axes(scenario, quick);
  config::Diagnostics problems;
  check_base_overrides(base, common, design, problems);
  if (!problems.empty()) throw config::ScenarioError(std::move(problems));
  const std::uint64_t base_seed = static_cast<std::uint64_t>(scenario.root().sub("simulation").integer("seed"));
  // Read once: every point is the same text with its own overrides (an edit while planning cannot mix versions).
  const std::string text = read_text(scenario_file);
  const toml::table file_table = toml::parse(text, scenario_file.string());

  // Validate every point before running any, so a typo in the last axis value fails in a second, not an hour.
  std::vector<config::Scenario> resolved;
  std::set<std::string> seen;
  for (const auto& p : points) {
    std::vector<config::Override> ov = base;
    ov.insert(ov.end(), common.begin(), common.end());
    ov.insert(ov.end(), p.settings.begin(), p.settings.end());
    if (p.replicate > 0)
      ov.push_back({"simulation.seed",
                    std::to_string(util::derive_seed(base_seed, "replicate", static_cast<std::uint64_t>(p.replicate)) >> 11)});
    // Parallelism is across points: LibTorch/OpenBLAS inside each point stay single-threaded (no
    // oversubscription, and results cannot depend on --jobs through intra-op reduction order).
    ov.push_back({"simulation.threads", "1"});
    try {
      resolved.push_back(config::parse_scenario(text, scenario_file.string(), ov));
    } catch (const config::ScenarioError& e) {
      add_point_problems(e.diagnostics(), p, written_at(p, common, design, file_table, scenario_file.string()), seen,
                         problems);
    }
  }
  if (!problems.empty()) throw config::ScenarioError(at_most(std::move(problems), 50));
  assign_point_ids(points, resolved);
  std::vector<std::vector<config::Override>> settings;
  for (const auto& p : points) settings.push_back(p.settings);
  config::AxisColumns columns = config::axis_columns(settings, simulation_spec(scenario).collectives);
  return SweepPlan{scenario_file,      std::move(scenario), base, std::move(common), std::move(points),
                   std::move(resolved), quick,              std::move(columns)};
}

namespace {

// The indexed points whose configurations, together, hold every axis value the indexed points use (each range
// axis's smallest and largest sample included), with the same common overrides: the plan stage loads data and
// draws populations, so it runs once per value rather than once per combination (problems of one combination of
// values surface when that point runs, located the same way).
std::vector<std::size_t> covering_points(const SweepPlan& plan, const DesignAxes& design,
                                         const std::vector<std::size_t>& indices) {
  std::set<std::size_t> chosen;
  std::map<std::size_t, std::pair<std::size_t, std::size_t>> range_ends;  // axis → points of min and max sample
  std::set<std::string> covered;
  for (std::size_t i : indices) {
    const SweepPoint& p = plan.points[i];
    bool new_value = false;
    for (std::size_t k = 0; k < p.settings.size(); ++k) {
      if (k < design.axes.size() && design.axes[k].values.empty()) {
        double x = 0, lo = 0, hi = 0;
        util::read_double(p.settings[k].value, x);
        auto [it, fresh] = range_ends.emplace(k, std::make_pair(i, i));
        if (!fresh && util::read_double(plan.points[it->second.first].settings[k].value, lo) && x < lo) it->second.first = i;
        if (!fresh && util::read_double(plan.points[it->second.second].settings[k].value, hi) && x > hi) it->second.second = i;
      } else {
        new_value = covered.insert(p.settings[k].key + "=" + p.settings[k].value).second || new_value;
      }
    }
    if (new_value || p.settings.empty()) chosen.insert(i);
  }
  for (const auto& [k, ends] : range_ends) chosen.insert({ends.first, ends.second});
  return {chosen.begin(), chosen.end()};
}

// The plan stage of the covering points among the indexed ones, each problem located as plan_sweep locates them.
void plan_configurations(const SweepPlan& plan, const std::vector<std::size_t>& indices, config::Diagnostics& problems,
                         std::set<std::string>& seen) {
  const DesignAxes design = design_axes(plan.scenario, plan.quick);
  const toml::table file_table = toml::parse(read_text(plan.scenario_file), plan.scenario_file.string());
  for (std::size_t i : covering_points(plan, design, indices)) {
    const SweepPoint& p = plan.points[i];
    config::Diagnostics found;
    try {
      plan_run(plan.resolved[i]);
    } catch (const config::ScenarioError& e) {
      found = e.diagnostics();
    } catch (const std::exception& e) {
      found.add({plan.scenario_file.string(), 0, 0, "", e.what()});
    }
    if (!found.empty())
      add_point_problems(found, p, written_at(p, plan.common, design, file_table, plan.scenario_file.string()), seen,
                         problems);
  }
}

}  // namespace

void plan_sweep_points(const SweepPlan& plan, const std::vector<std::size_t>& indices) {
  config::Diagnostics problems;
  std::set<std::string> seen;
  plan_configurations(plan, indices, problems, seen);
  if (!problems.empty()) throw config::ScenarioError(at_most(std::move(problems), 50));
}

std::string validate_sweep(const std::filesystem::path& scenario_file, const std::vector<config::Override>& base) {
  const config::Scenario scenario = config::load_scenario(scenario_file, base);
  const config::View sw = scenario.root().sub("sweep");
  if (sw.elements("axis").empty() && sw.sub("quick").elements("axis").empty()) return "";
  // Planning a configuration over data read from files loads them whole (seconds for Fashion-MNIST), several
  // times per sweep: there validate stops at the scenarios, and `sweep` plans them before running any point.
  std::string data_files;
  for (const auto& f : input_files(scenario))
    if (f.key.rfind("data.", 0) == 0 && data_files.find(f.key) == std::string::npos)
      data_files += (data_files.empty() ? "" : ", ") + f.key;
  config::Diagnostics problems;
  std::set<std::string> seen;
  for (const bool quick : {false, true}) {
    try {
      const SweepPlan plan = plan_sweep(scenario_file, base, quick);
      std::vector<std::size_t> all(plan.points.size());
      for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
      if (data_files.empty()) plan_configurations(plan, all, problems, seen);
    } catch (const config::ScenarioError& e) {
      for (const auto& d : e.diagnostics().items())
        if (seen.insert(d.format() + "\n" + d.key).second) problems.add(d);
    }
  }
  if (!problems.empty()) throw config::ScenarioError(at_most(std::move(problems), 50));
  if (data_files.empty()) return "";
  return "every sweep point's scenario is valid; the plan stage of each configuration (data loaded from " +
         data_files + ") is left to `acasim sweep`, which runs it before any point";
}

namespace {

// The quick design subsamples the full one and breaks its scheme: only a full sobol or morris design has roles.
void write_sensitivity_design(const SweepPlan& plan, const std::filesystem::path& out) {
  const auto file = out / sensitivity_design_file;
  const std::vector<SensitivityRow> rows = plan.quick ? std::vector<SensitivityRow>{} : sensitivity_rows(plan.scenario);
  if (rows.empty()) {
    std::filesystem::remove(file);  // a folder replaced by another design must not keep the old roles
    return;
  }
  const std::string design = plan.scenario.root().sub("sweep").string("design");
  util::CsvWriter csv(file, {"point", "replicate", "design", "group", "block", "axis", "step"});
  for (const auto& p : plan.points) {
    const std::size_t config = static_cast<std::size_t>(&p - plan.points.data()) /
                               static_cast<std::size_t>(plan.scenario.root().sub("sweep").integer("replicates"));
    const SensitivityRow& r = rows.at(config);
    csv.row({p.id, std::to_string(p.replicate), design, std::to_string(r.group), r.block,
             r.axis >= 0 ? p.settings.at(static_cast<std::size_t>(r.axis)).key : std::string(),
             util::format_number(r.step)});
  }
  csv.commit();
}

}  // namespace

void write_sweep_design(const SweepPlan& plan, const std::filesystem::path& out) {
  const auto& points = plan.points;
  const auto& common = plan.common;
  std::filesystem::create_directories(out / "points");
  util::write_file_atomic(out / "scenario.resolved.toml", plan.scenario.resolved_toml());
  run_folder::SweepRecord record;
  record.scenario_file = plan.scenario_file.string();
  record.design = plan.quick ? std::string("quick") : plan.scenario.root().sub("sweep").string("design");
  record.points = static_cast<std::int64_t>(points.size());
  if (!points.empty())
    for (const auto& st : points.front().settings) record.axes.push_back(st.key);
  for (const auto& b : plan.base) record.set.push_back(b.key + "=" + b.value);
  for (const auto& c : common) record.set.push_back(c.key + "=" + c.value);
  record.acasim_version = util::build::version;
  record.git_commit = util::build::git_commit;
  record.blas_kernel = learn::blas_kernel().kernel;
  for (const auto& f : input_files(plan.scenario)) record.inputs.push_back({f.key, f.path.string(), f.hash});
  run_folder::write_sweep_record(out, record);
  std::vector<std::string> header = {"point", "replicate"};
  if (!points.empty())
    for (const auto& s : points.front().settings) header.push_back(s.key);
  // Built from finished points when all are complete: until then a stale one must not pass for this design's.
  for (const char* derived : {"points.csv", "panel.csv"}) std::filesystem::remove(out / derived);
  util::CsvWriter csv(out / sweep_design_file, header);
  for (const auto& p : points) {
    std::vector<std::string> row = {p.id, std::to_string(p.replicate)};
    for (const auto& st : p.settings) row.push_back(st.value);
    csv.row(row);
  }
  csv.commit();
  write_sensitivity_design(plan, out);
}

std::vector<std::size_t> incomplete_sweep_points(const SweepPlan& plan, const std::filesystem::path& out) {
  std::vector<std::size_t> todo;
  for (std::size_t i = 0; i < plan.points.size(); ++i)
    if (!run_folder::run_complete(out / "points" / plan.points[i].id)) todo.push_back(i);
  return todo;
}

std::vector<std::size_t> restart_sweep_results(const SweepPlan& plan, const std::filesystem::path& out) {
  const std::vector<std::size_t> todo = incomplete_sweep_points(plan, out);
  std::string streamed = sweep_results_header(plan);
  std::vector<bool> pending(plan.points.size(), false);
  for (std::size_t i : todo) pending[i] = true;
  for (std::size_t i = 0; i < plan.points.size(); ++i)
    if (!pending[i]) streamed += sweep_result_rows(plan, i, out / "points" / plan.points[i].id);
  // Restart the streamed file from the finished points, so rows of an interrupted run never appear twice.
  util::write_file_atomic(out / "results.csv", streamed);
  return todo;
}

std::string run_sweep_point(const SweepPlan& plan, std::size_t i, const SweepOptions& opts,
                            const std::filesystem::path& cache_dir) {
  const SweepPoint& p = plan.points.at(i);
  const std::filesystem::path dir = opts.out_dir / "points" / p.id;
  std::filesystem::remove_all(dir);  // a crashed point's partial folder is redone from scratch
  RunOptions ro;
  ro.out_dir = dir;
  ro.command = opts.command + "  # point " + p.id;
  ro.cache_dir = cache_dir;
  ro.label = "point " + p.id;  // a sweep's warnings name the point they concern
  try {
    run(plan.resolved[i], ro);
  } catch (const config::ScenarioError& e) {
    // Located at the axis value (or sweep.quick.set entry) that caused it, as when planning.
    config::Diagnostics located;
    std::set<std::string> seen;
    const toml::table file_table = toml::parse(read_text(plan.scenario_file), plan.scenario_file.string());
    add_point_problems(e.diagnostics(), p,
                       written_at(p, plan.common, design_axes(plan.scenario, plan.quick), file_table,
                                  plan.scenario_file.string()),
                       seen, located);
    throw config::ScenarioError(std::move(located));
  }
  return sweep_result_rows(plan, i, dir);
}

void append_sweep_rows(const std::filesystem::path& out_dir, const std::string& rows) {
  append_durably(out_dir / "results.csv", rows);
}

SweepSummary run_sweep(const std::filesystem::path& scenario_file, const std::vector<config::Override>& base,
                       const SweepOptions& opts) {
  const SweepPlan plan = plan_sweep(scenario_file, base, opts.quick);
  const std::filesystem::path& out = opts.out_dir;
  const run_folder::FolderLock lock(out, opts.command);  // the points/<id>/ runs lock their own folders
  reuse_sweep_folder(plan, out, opts.replace);
  // A scenario problem only the plan stage finds (a label the data lacks, ...) fails here, at the axis value that
  // caused it, and not after the points before it have run.
  plan_sweep_points(plan, incomplete_sweep_points(plan, out));
  write_sweep_design(plan, out);
  const std::vector<std::size_t> todo = restart_sweep_results(plan, out);

  SweepSummary summary;
  summary.points = static_cast<long>(plan.points.size());
  summary.skipped = summary.points - static_cast<long>(todo.size());

  unsigned jobs = opts.jobs ? opts.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(jobs, todo.size())));
  // Curve trainings batched across points first (when [sweep] batch_points asks for it), into the common cache.
  prefetch_response_curves(plan, todo, out / ".acasim-cache", opts.progress, jobs);

  summary.jobs = jobs;
  std::mutex mu;
  long finished_now = 0;
  const auto t0 = std::chrono::steady_clock::now();
  std::exception_ptr failure;
  try {
    util::for_each_index(todo.size(), jobs, [&](std::size_t t) {
      // One response-curve cache for all workers: points that differ only in what the curve does not depend
      // on (costs, decision rule, ...) estimate it once. Cache files are written atomically through per-writer
      // temporaries, and a cached curve equals an estimated one, so results do not depend on who ran a point.
      const std::string r = run_sweep_point(plan, todo[t], opts, out / ".acasim-cache");
      std::lock_guard<std::mutex> lock(mu);
      append_durably(out / "results.csv", r);
      ++finished_now;
      if (opts.progress) {
        const double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const double rate = el > 0 ? static_cast<double>(finished_now) / el : 0.0;
        const double eta = rate > 0 ? static_cast<double>(static_cast<long>(todo.size()) - finished_now) / rate : 0.0;
        std::fprintf(stderr, "\rsweep: %ld/%ld points (%ld resumed)  %.2f points/s  ETA %s   ",
                     summary.skipped + finished_now, summary.points, summary.skipped, rate,
                     format_seconds(eta).c_str());
        std::fflush(stderr);
      }
      if (opts.abort_after_points > 0 && finished_now >= opts.abort_after_points) std::_Exit(abort_exit_code);
    });
  } catch (...) {
    failure = std::current_exception();
  }
  if (opts.progress && !todo.empty()) std::fprintf(stderr, "\n");
  if (failure) std::rethrow_exception(failure);
  summary.ran = finished_now;

  // The final table is merged from the point folders alone, in design order: the same bytes whichever worker (or
  // process) ran a point and in whatever order points finished.
  write_sweep_results(out, plan);
  if (opts.on_complete) opts.on_complete(out);
  return summary;
}

}  // namespace aca::sim
