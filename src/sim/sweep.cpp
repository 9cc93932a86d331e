#include "sim/sweep.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "sim/run.hpp"
#include "util/csv_writer.hpp"
#include "util/hash.hpp"
#include "util/rng.hpp"

namespace aca::sim {

namespace {

bool point_complete(const std::filesystem::path& dir) {
  std::ifstream in(dir / "manifest.json");
  if (!in) return false;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str().find("\"status\": \"complete\"") != std::string::npos;
}

std::string point_id(const std::vector<config::Override>& settings, long replicate) {
  // The id depends only on what defines the point, so a rerun finds the same folder whatever the order.
  std::string key = "r=" + std::to_string(replicate);
  for (const auto& s : settings) key += "\n" + s.key + "=" + s.value;
  return "p" + util::hex64(util::fnv1a64(key)).substr(0, 12);
}

}  // namespace

std::vector<SweepPoint> sweep_points(const config::Scenario& scenario) {
  const config::View sw = scenario.root().sub("sweep");
  const auto axes = scenario.root().elements("sweep.axis");
  config::Diagnostics d;
  if (axes.empty()) d.add(scenario.root().diag("sweep", "acasim sweep needs at least one [[sweep.axis]]"));
  std::vector<std::string> keys;
  std::vector<std::vector<std::string>> values;
  for (const auto& a : axes) {
    keys.push_back(a.string("key"));
    values.push_back(a.value_texts("values"));
  }
  const std::string design = sw.string("design");
  if (design == "list")
    for (std::size_t i = 1; i < values.size(); ++i)
      if (values[i].size() != values[0].size())
        d.add(axes[i].diag("values", "design = \"list\" needs every axis to have the same number of values (" +
                                         std::to_string(values[0].size()) + ")"));
  if (design == "latin_hypercube")
    d.add(sw.diag("design", "design = \"latin_hypercube\" is not available in this build; use grid or list"));
  if (!d.empty()) throw config::ScenarioError(std::move(d));

  std::vector<std::vector<config::Override>> combos;
  if (design == "list") {
    for (std::size_t i = 0; i < values[0].size(); ++i) {
      combos.emplace_back();
      for (std::size_t a = 0; a < keys.size(); ++a) combos.back().push_back({keys[a], values[a][i]});
    }
  } else {
    combos.emplace_back();
    for (std::size_t a = 0; a < keys.size(); ++a) {
      std::vector<std::vector<config::Override>> next;
      for (const auto& c : combos)
        for (const auto& v : values[a]) {
          next.push_back(c);
          next.back().push_back({keys[a], v});
        }
      combos = std::move(next);
    }
  }
  const long replicates = static_cast<long>(sw.integer("replicates"));
  std::vector<SweepPoint> points;
  for (const auto& c : combos)
    for (long r = 0; r < replicates; ++r) points.push_back({point_id(c, r), c, r});
  return points;
}

SweepSummary run_sweep(const std::filesystem::path& scenario_file, const std::vector<config::Override>& base,
                       const SweepOptions& opts) {
  const config::Scenario scenario = config::load_scenario(scenario_file, base);
  const std::vector<SweepPoint> points = sweep_points(scenario);
  const std::uint64_t base_seed = static_cast<std::uint64_t>(scenario.root().sub("simulation").integer("seed"));

  // Validate every point before running any, so a typo in the last axis value fails in a second, not an hour.
  std::vector<config::Scenario> resolved;
  for (const auto& p : points) {
    std::vector<config::Override> ov = base;
    ov.insert(ov.end(), p.settings.begin(), p.settings.end());
    if (p.replicate > 0)
      ov.push_back({"simulation.seed",
                    std::to_string(util::derive_seed(base_seed, "replicate", static_cast<std::uint64_t>(p.replicate)) >> 11)});
    resolved.push_back(config::load_scenario(scenario_file, ov));
  }

  std::filesystem::create_directories(opts.out_dir / "points");
  SweepSummary summary;
  summary.points = static_cast<long>(points.size());
  std::vector<std::string> header = {"point", "replicate"};
  for (const auto& s : points.front().settings) header.push_back(s.key);
  std::vector<std::vector<std::string>> rows;
  const auto t0 = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < points.size(); ++i) {
    const SweepPoint& p = points[i];
    const std::filesystem::path dir = opts.out_dir / "points" / p.id;
    if (point_complete(dir)) {
      ++summary.skipped;
    } else {
      std::filesystem::remove_all(dir);  // a crashed point's partial folder is redone from scratch
      RunOptions ro;
      ro.out_dir = dir;
      ro.command = opts.command + "  # point " + p.id;
      run(resolved[i], ro);
      ++summary.ran;
    }
    if (opts.progress) {
      const double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      const double rate = summary.ran > 0 ? summary.ran / el : 0.0;
      const double eta = rate > 0 ? (points.size() - i - 1) / rate : 0.0;
      std::fprintf(stderr, "\rsweep: %zu/%zu points (%ld resumed)  %.2f points/s  ETA %.0f s   ", i + 1,
                   points.size(), summary.skipped, rate, eta);
    }
    std::vector<std::string> row = {p.id, std::to_string(p.replicate)};
    for (const auto& st : p.settings) row.push_back(st.value);
    rows.push_back(std::move(row));
  }
  if (opts.progress) std::fprintf(stderr, "\n");

  util::CsvWriter csv(opts.out_dir / "points.csv", header);
  for (const auto& r : rows) csv.row(r);
  csv.commit();
  return summary;
}

}  // namespace aca::sim
