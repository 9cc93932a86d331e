#include "analysis/sweep_sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <tuple>

#include "analysis/csv_table.hpp"
#include "analysis/morris_effects.hpp"
#include "analysis/run_reader.hpp"
#include "util/column_name.hpp"
#include "util/csv_writer.hpp"

namespace aca::analysis {

namespace {

namespace fs = std::filesystem;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// One configuration of the design (its replicates are consecutive rows of sensitivity_design.csv).
struct Configuration {
  long group = 0;
  std::string block, axis;
  double step = 0.0;
  std::vector<std::string> points;  // the replicates' point ids
};

struct Design {
  std::string name;
  std::vector<Configuration> configs;
};

Design read_design(const fs::path& file) {
  const CsvTable t = read_csv_table(file);
  Design d;
  const std::size_t point = t.column("point"), design = t.column("design"), group = t.column("group"),
                    block = t.column("block"), axis = t.column("axis"), step = t.column("step");
  std::map<std::tuple<long, std::string, std::string>, std::size_t> index;
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    const auto& r = t.rows[i];
    d.name = r[design];
    long g = 0;
    try {
      g = std::stol(r[group]);
    } catch (const std::exception&) {
      throw RunReadError(file.string(), static_cast<long>(i) + 2, static_cast<long>(group) + 1,
                         "group `" + r[group] + "` is not an integer (the file is written by acasim sweep: rerun it)");
    }
    const auto key = std::make_tuple(g, r[block], r[axis]);
    auto it = index.find(key);
    if (it == index.end()) {
      it = index.emplace(key, d.configs.size()).first;
      d.configs.push_back({g, r[block], r[axis], parse_number(r[step]), {}});
    }
    d.configs[it->second].points.push_back(r[point]);
  }
  return d;
}

// Outcome columns of points.csv by point id: the mean over a configuration's replicates is taken from these.
struct Outcomes {
  std::vector<std::string> columns;
  std::map<std::string, std::vector<double>> by_point;
};

// Fixed point k is one quantity only while every point has the same fixed points: where their number changes, the
// k-th is a tipping point in one point and the full-participation equilibrium in another.
std::string positional_equilibrium(const CsvTable& t, const std::string& column) {
  const auto at = column.find("equilibrium_");
  if (at == std::string::npos || column.compare(0, 6, "joint_") == 0) return "";
  const std::string count = column.substr(0, at) + "equilibria";
  if (!t.has(count)) return "";
  const std::size_t c = t.column(count);
  for (const auto& r : t.rows)
    if (r[c] != t.rows.front()[c])
      return "the number of fixed points (" + count + ") changes over the design, so fixed point k is not one quantity";
  return "";
}

Outcomes read_outcomes(const fs::path& file, std::vector<std::string>& skipped) {
  const CsvTable t = read_csv_table(file);
  Outcomes o;
  std::vector<std::size_t> at;
  for (std::size_t c = 0; c < t.header.size(); ++c) {
    if (!is_sensitivity_outcome(t.header[c])) continue;
    if (const std::string why = positional_equilibrium(t, t.header[c]); !why.empty()) {
      skipped.push_back(t.header[c] + ": " + why);
      continue;
    }
    o.columns.push_back(t.header[c]);
    at.push_back(c);
  }
  const std::size_t point = t.column("point");
  for (const auto& r : t.rows) {
    std::vector<double>& v = o.by_point[r[point]];
    for (std::size_t c : at) v.push_back(r[c].empty() ? nan : parse_number(r[c]));
  }
  return o;
}

// The outcome of one configuration: the mean over its replicates that recorded it (NaN when none did).
std::vector<double> configuration_values(const Design& d, const Outcomes& o, std::size_t k) {
  std::vector<double> out;
  for (const auto& c : d.configs) {
    double sum = 0.0;
    int n = 0;
    for (const auto& p : c.points) {
      const auto it = o.by_point.find(p);
      if (it == o.by_point.end() || !std::isfinite(it->second[k])) continue;
      sum += it->second[k];
      ++n;
    }
    out.push_back(n > 0 ? sum / n : nan);
  }
  return out;
}

std::size_t axis_index(const std::vector<std::string>& axes, const std::string& key) {
  return static_cast<std::size_t>(std::find(axes.begin(), axes.end(), key) - axes.begin());
}

// Saltelli's outputs from the complete base samples (A, B and every AB known).
SaltelliOutputs saltelli_outputs(const Design& d, const std::vector<double>& y, const std::vector<std::string>& axes) {
  struct Sample {
    double a = nan, b = nan;
    std::vector<double> ab;
  };
  std::map<long, Sample> samples;
  for (std::size_t i = 0; i < d.configs.size(); ++i) {
    const Configuration& c = d.configs[i];
    Sample& s = samples[c.group];
    s.ab.resize(axes.size(), nan);
    if (c.block == "A") s.a = y[i];
    else if (c.block == "B") s.b = y[i];
    else if (c.block == "AB" && axis_index(axes, c.axis) < axes.size()) s.ab[axis_index(axes, c.axis)] = y[i];
  }
  SaltelliOutputs out;
  out.ab.resize(axes.size());
  for (const auto& [g, s] : samples) {
    if (!std::isfinite(s.a) || !std::isfinite(s.b) ||
        !std::all_of(s.ab.begin(), s.ab.end(), [](double v) { return std::isfinite(v); }))
      continue;
    out.a.push_back(s.a);
    out.b.push_back(s.b);
    for (std::size_t i = 0; i < axes.size(); ++i) out.ab[i].push_back(s.ab[i]);
  }
  return out;
}

// Each Morris step's elementary effect, against the row before it in its trajectory (both outcomes known).
std::vector<std::vector<double>> morris_effects(const Design& d, const std::vector<double>& y,
                                                const std::vector<std::string>& axes) {
  std::vector<std::vector<double>> effects(axes.size());
  for (std::size_t i = 1; i < d.configs.size(); ++i) {
    const Configuration& c = d.configs[i];
    if (c.block != "step" || d.configs[i - 1].group != c.group) continue;
    const std::size_t k = axis_index(axes, c.axis);
    if (k >= axes.size() || !std::isfinite(y[i]) || !std::isfinite(y[i - 1]) || c.step == 0.0) continue;
    effects[k].push_back(elementary_effect(y[i - 1], y[i], c.step));
  }
  return effects;
}

// "c_final_alpha" → {"c", "final_alpha"}; a column without a collective's prefix is the platform's.
std::pair<std::string, std::string> split_outcome(const std::string& column, const std::vector<std::string>& collectives) {
  std::pair<std::string, std::string> best = {"platform", column};
  std::size_t longest = 0;
  for (const auto& c : collectives) {
    const std::string prefix = util::column_name(c) + "_";
    if (column.size() > prefix.size() && column.compare(0, prefix.size(), prefix) == 0 && prefix.size() > longest) {
      best = {c, column.substr(prefix.size())};
      longest = prefix.size();
    }
  }
  return best;
}

void add_sobol(SweepSensitivity& s, const Design& d, const std::vector<double>& y, const std::string& collective,
               const std::string& outcome, util::Engine& rng) {
  const SaltelliOutputs out = saltelli_outputs(d, y, s.parameters);
  if (out.a.size() < 2) {
    s.skipped.push_back(collective + " " + outcome + ": fewer than 2 base samples with every point's value");
    return;
  }
  const SobolIndices ix = sobol_indices(out, s.resamples, s.level, rng);
  if (!(ix.variance > 0.0)) {
    s.skipped.push_back(collective + " " + outcome + ": does not vary over the design");
    return;
  }
  for (std::size_t i = 0; i < s.parameters.size(); ++i) {
    s.rows.push_back({collective, outcome, s.parameters[i], "first_order", ix.first[i], ix.samples});
    s.rows.push_back({collective, outcome, s.parameters[i], "total", ix.total[i], ix.samples});
  }
}

void add_morris(SweepSensitivity& s, const Design& d, const std::vector<double>& y, const std::string& collective,
                const std::string& outcome, util::Engine& rng) {
  const auto effects = morris_effects(d, y, s.parameters);
  if (std::all_of(effects.begin(), effects.end(), [](const auto& e) { return e.empty(); })) {
    s.skipped.push_back(collective + " " + outcome + ": no step of the design has both its values");
    return;
  }
  const auto m = morris_measures(effects, s.resamples, s.level, rng);
  for (std::size_t i = 0; i < s.parameters.size(); ++i) {
    s.rows.push_back({collective, outcome, s.parameters[i], "mu_star", m[i].mu_star, m[i].effects});
    s.rows.push_back({collective, outcome, s.parameters[i], "mu", m[i].mu, m[i].effects});
    s.rows.push_back({collective, outcome, s.parameters[i], "sigma", m[i].sigma, m[i].effects});
  }
}

std::string cell(double v) { return std::isfinite(v) ? util::format_number(v) : std::string(); }

}  // namespace

bool is_sensitivity_outcome(const std::string& c) {
  if (ends_with(c, "_critical_mass") || ends_with(c, "_final_alpha") || ends_with(c, "_final_success")) return true;
  if (c.find("equilibrium_") != std::string::npos && ends_with(c, "_alpha")) return true;
  // The platform's outcomes; its other metrics (training rows, churn, ε) describe the run rather than its result.
  for (const char* m : {"final_welfare", "final_clean_accuracy", "final_worst_group_accuracy", "final_nonmember_payoff",
                        "final_exact_bayes_success"})
    if (c == m) return true;
  return false;
}

std::optional<SweepSensitivity> sweep_sensitivity(const fs::path& dir, const std::vector<std::string>& collectives,
                                                  const std::vector<std::string>& axes, std::uint64_t seed,
                                                  std::size_t resamples, double level) {
  if (!fs::exists(dir / "sensitivity_design.csv") || !fs::exists(dir / "points.csv")) return std::nullopt;
  const Design d = read_design(dir / "sensitivity_design.csv");
  SweepSensitivity s;
  const Outcomes o = read_outcomes(dir / "points.csv", s.skipped);
  s.design = d.name;
  s.parameters = axes;
  s.resamples = resamples;
  s.level = level;
  for (std::size_t k = 0; k < o.columns.size(); ++k) {
    const std::vector<double> y = configuration_values(d, o, k);
    const auto [collective, outcome] = split_outcome(o.columns[k], collectives);
    util::Engine rng = util::make_stream(seed, sensitivity_stream, k);
    if (d.name == "sobol") add_sobol(s, d, y, collective, outcome, rng);
    else if (d.name == "morris") add_morris(s, d, y, collective, outcome, rng);
  }
  return s;
}

std::vector<std::string> sensitivity_header() {
  return {"design", "collective", "outcome", "parameter", "index", "estimate", "lower", "upper", "level", "samples",
          "resamples"};
}

std::vector<std::string> sensitivity_row(const SweepSensitivity& s, const SensitivityEstimate& e) {
  const bool interval = std::isfinite(e.estimate.lower);
  return {s.design,
          e.collective,
          e.outcome,
          e.parameter,
          e.index,
          cell(e.estimate.value),
          cell(e.estimate.lower),
          cell(e.estimate.upper),
          interval ? cell(s.level) : "",
          std::to_string(e.samples),
          interval ? std::to_string(s.resamples) : ""};
}

}  // namespace aca::analysis
