#pragma once
// `acasim sweep`: a designed experiment over scenario keys, one run per point × replicate, run in parallel across
// points, streamed to disk point by point and resumable.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "config/axis_columns.hpp"
#include "config/scenario.hpp"
#include "sim/sensitivity_row.hpp"
#include "util/rng.hpp"

namespace aca::sim {

/// One point of a sweep: the overrides that define it and its replicate index.
struct SweepPoint {
  /// "p" + 12 hex digits of everything that can change the point's numbers (sim::point_id of its resolved
  /// scenario, data files and acasim build); set by plan_sweep, empty in sweep_points()/quick_sweep_points().
  std::string id;
  std::vector<config::Override> settings;  ///< axis key = value (TOML text), in axis order
  long replicate = 0;                      ///< replicate index; replicate r > 0 gets its own derived seed
};

/// The most points (configurations × replicates) one sweep design may have: every point's scenario is resolved
/// and held before any runs (about 0.2 MB and a few ms each), so larger designs are refused before anything is
/// allocated.
inline constexpr std::int64_t max_sweep_points = 20000;

/// Name of the random stream the Latin-hypercube design is drawn from (of simulation.seed).
inline constexpr const char* latin_hypercube_stream = "sweep.latin_hypercube";

/// A Latin hypercube of `n` points in [0, 1)^dims: result[i][d] lies in stratum floor(result[i][d]·n), and for
/// every d the n points fall in the n strata exactly once (random permutation per axis, uniform within a stratum).
std::vector<std::vector<double>> latin_hypercube(std::size_t n, std::size_t dims, util::Engine& rng);

/// The points of the scenario's [sweep] design (grid: every combination; list: i-th values together;
/// latin_hypercube: sweep.points samples; sobol: saltelli_design of sweep.base_samples; morris: morris_design of
/// sweep.trajectories on sweep.levels levels; in the sampled designs range axes are mapped linearly or on a log
/// scale, value axes by stratum).
/// Throws config::ScenarioError when the design is inconsistent (list axes of unequal length, no axes).
std::vector<SweepPoint> sweep_points(const config::Scenario& scenario);

/// The rows of a sobol or morris design in design order (one per configuration, before replicates), with the roles
/// its estimators give them; empty for the other designs.
std::vector<SensitivityRow> sensitivity_rows(const config::Scenario& scenario);

/// The reduced design of [sweep.quick]: a grid over [[sweep.quick.axis]] when given, else sweep.quick.points
/// configurations of the full design evenly spaced in design order; sweep.quick.replicates replicates each.
std::vector<SweepPoint> quick_sweep_points(const config::Scenario& scenario);

/// How a sweep is executed (none of these change results: any `jobs` gives the same files).
struct SweepOptions {
  std::filesystem::path out_dir;   ///< sweep folder: points/<id>/ per run, design.csv, results.csv
  std::string command;             ///< command line, for the manifests
  bool progress = false;           ///< print a progress line (points done, rate, ETA) to stderr
  bool quick = false;              ///< run the [sweep.quick] design (with sweep.quick.set applied)
  /// The folder holds points of other settings: delete them and run this design (else refuse, see
  /// reuse_sweep_folder in sim/sweep_identity.hpp).
  bool replace = false;
  unsigned jobs = 0;               ///< points run at once (0: one per hardware thread)
  /// Test hook: exit the process abruptly (std::_Exit(abort_exit_code)) once this many points have finished
  /// in this call; 0 never does. Simulates a crash between points to test resume.
  long abort_after_points = 0;
  /// Called once every point of the design is complete and results.csv merged, while the folder is still locked
  /// (in an MPI sweep on rank 0 only): the CLI writes the tables built from the point folders (points.csv,
  /// panel.csv) here. Empty: nothing is called.
  std::function<void(const std::filesystem::path& out_dir)> on_complete;
};

/// Exit status of a process stopped by SweepOptions::abort_after_points.
inline constexpr int abort_exit_code = 75;

/// What a sweep did.
struct SweepSummary {
  long points = 0;    ///< points in the design (× replicates)
  long skipped = 0;   ///< points already complete on disk (resume)
  long ran = 0;       ///< points run now
  unsigned jobs = 1;  ///< worker threads used
};

/// A sweep ready to run: the design and each point's scenario, resolved and validated before any point runs.
struct SweepPlan {
  std::filesystem::path scenario_file;       ///< the scenario the sweep was read from
  config::Scenario scenario;                 ///< the base scenario (with the command line's overrides)
  std::vector<config::Override> base;        ///< the command line's overrides
  std::vector<config::Override> common;      ///< overrides applied to every point (sweep.quick.set in --quick)
  std::vector<SweepPoint> points;            ///< the design, in design order
  std::vector<config::Scenario> resolved;    ///< resolved[i]: point i's scenario (replicate seed, threads = 1)
  bool quick = false;                        ///< the [sweep.quick] design
  /// The points' axis values as typed columns (config::axis_columns; lists split per element, suffixed with the
  /// base scenario's collective names for per-collective keys): the axis columns of results.csv.
  config::AxisColumns columns;
};

/// The header of results.csv for a plan: point, replicate, the axis columns, then the per-collective columns.
std::string sweep_results_header(const SweepPlan& plan);

/// The rows point `index` of the plan contributes to results.csv (one per collective), built only from its folder
/// (summary.json, metrics.csv), so a resumed point, a fresh one or one run by another process give the same bytes.
/// A value that is unknown (NaN, never converged) is an empty field.
std::string sweep_result_rows(const SweepPlan& plan, std::size_t index, const std::filesystem::path& point_dir);

/// Rewrites out_dir/results.csv atomically from the point folders, in design order, skipping points not complete:
/// the merge step any executor (threads, MPI ranks) ends with. Returns the number of points merged.
long write_sweep_results(const std::filesystem::path& out_dir, const SweepPlan& plan);

/// Reads the design and resolves every point's scenario, giving each its id (sim::point_id). Throws
/// config::ScenarioError listing every distinct problem, an axis value's located at that value in the scenario
/// file (a sweep.quick.set entry's at that entry), and when a --set names a swept key. Deterministic: every process
/// of a distributed sweep builds the same plan from the same file.
SweepPlan plan_sweep(const std::filesystem::path& scenario_file, const std::vector<config::Override>& base,
                     bool quick);

/// The plan stage of a run (sim::plan_run) for the indexed points whose configurations together hold every axis
/// value they use (each range axis's extreme samples included), before any runs; throws config::ScenarioError with
/// every distinct problem, located as plan_sweep locates them.
void plan_sweep_points(const SweepPlan& plan, const std::vector<std::size_t>& indices);

/// What `acasim validate` checks of a scenario with sweep axes: the full and the quick design are planned
/// (plan_sweep: every point's scenario, errors located at the axis value or sweep.quick.set entry that caused them)
/// and, unless the data is read from files (loading them once per configuration would take minutes), the
/// configurations holding every axis value go through the plan stage (plan_sweep_points). Throws
/// config::ScenarioError listing every distinct problem; returns a note when the plan stage was left to `sweep`
/// ("" otherwise, and for a scenario without axes).
std::string validate_sweep(const std::filesystem::path& scenario_file, const std::vector<config::Override>& base);

/// The design table of a sweep folder: point, replicate, one column per axis key with its TOML value text. Folders
/// written before this name held it as points.csv, which is now the table of outcomes per point.
inline constexpr const char* sweep_design_file = "design.csv";

/// The roles of a sobol or morris design's points (point, replicate, design, group, block, axis, step; see
/// SensitivityRow; axis is the swept key, empty for none): what acasim analyze's sensitivity indices read.
inline constexpr const char* sensitivity_design_file = "sensitivity_design.csv";

/// Writes the design files of the sweep folder (sweep.json, design.csv, scenario.resolved.toml, and for a full
/// sobol or morris design sensitivity_design.csv; creates points/)
/// and removes the tables built from finished points (points.csv, panel.csv; in an older folder points.csv was the
/// design), which describe the design only once every point is complete (SweepOptions::on_complete).
void write_sweep_design(const SweepPlan& plan, const std::filesystem::path& out_dir);


/// The indices of the points whose folder is not complete, in design order.
std::vector<std::size_t> incomplete_sweep_points(const SweepPlan& plan, const std::filesystem::path& out_dir);

/// Restarts out_dir/results.csv from the points already complete on disk (header + their rows, atomically) and
/// returns the indices of the points still to run, in design order.
std::vector<std::size_t> restart_sweep_results(const SweepPlan& plan, const std::filesystem::path& out_dir);

/// Runs point `index` of the plan into out_dir/points/<id>/ (a partial folder left by a crash is removed first),
/// with its response-curve cache in `cache_dir` (one per concurrent worker), and returns its results.csv rows.
std::string run_sweep_point(const SweepPlan& plan, std::size_t index, const SweepOptions& opts,
                            const std::filesystem::path& cache_dir);

/// Appends whole rows to out_dir/results.csv with one write() and fsync (an interrupted sweep leaves whole rows).
void append_sweep_rows(const std::filesystem::path& out_dir, const std::string& rows);

/// Refuses a folder of other settings (reuse_sweep_folder; opts.replace deletes its stale points instead) and
/// puts every configuration still to run through the plan stage (plan_sweep_points) before any point runs. Then
/// runs every point not yet complete (a point is complete when its manifest.json says so) into points/<id>/,
/// each with simulation.threads = 1 (parallelism is across points). Writes design.csv first;
/// results.csv grows by whole fsync'ed rows as points finish and is finally rewritten atomically in design
/// order, so the finished file is the same whatever order points finished in and an interrupted one is never
/// truncated mid-row. Also writes sweep.json and scenario.resolved.toml (the base scenario). Ends with
/// opts.on_complete.
SweepSummary run_sweep(const std::filesystem::path& scenario_file, const std::vector<config::Override>& base,
                       const SweepOptions& opts);

}  // namespace aca::sim
