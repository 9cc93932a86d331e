#pragma once
// `acasim analyze`: the numbers behind a run folder or a sweep folder (critical mass with bootstrap intervals per
// configuration, α* against a policy parameter, theory bounds, dynamics, participation maps with fixed points),
// written as tidy CSVs into DIR/analysis/ and returned for the report.
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "numerics/constructiveness.hpp"
#include "analysis/critical_mass_table.hpp"
#include "numerics/fixed_points.hpp"
#include "analysis/plot.hpp"
#include "analysis/run_reader.hpp"
#include "analysis/sweep_sensitivity.hpp"
#include "config/axis_columns.hpp"

namespace aca::analysis {

/// Sweep axis whose value sets each collective's initial participation: points differing only in it (and the
/// replicate) form one S(α) curve, read at round 0 (α and S measured before any agent revises).
inline constexpr const char* alpha_axis_key = "population.initial_members";

/// A key = value setting of a sweep point (value as TOML text).
using Setting = config::Setting;

/// A sweep axis that only reseeds a run (like the replicate): dynamics figures draw its values as one line each.
inline constexpr const char* seed_axis_key = "simulation.seed";

/// One run an analysis summarises.
struct RunEntry {
  std::string id;                 ///< point id ("" for a single run folder)
  std::filesystem::path dir;      ///< its folder
  std::vector<Setting> settings;  ///< sweep axis values (empty for a single run)
  long replicate = 0;             ///< sweep replicate
  std::string status;             ///< manifest status ("complete", ...; "missing" without manifest)
  std::string mode;               ///< simulation mode
  /// Outcomes at the last round: final α and S per collective, and the platform's clean_accuracy,
  /// worst_group_accuracy, welfare and epsilon where recorded (what an ERM vs GDRO or ε comparison reads).
  std::vector<std::pair<std::string, double>> outcomes;
};

/// A measured S(α) curve of one collective in one configuration, with α* and its bootstrap interval.
struct ConfigCurve {
  std::string config;                  ///< the configuration as "key=value, ..." ("" for a single run)
  std::vector<Setting> settings;       ///< the configuration's axis values (α axis excluded)
  std::string collective;              ///< collective name
  std::string source;                  ///< "response_curve" (response_curve.csv) or "alpha_axis" (round-0 α, S)
  numerics::ReplicateGrid grid;                  ///< replicates per α
  numerics::MonotoneFit fit;                     ///< isotonic fit with min–max band
  numerics::CriticalMassInterval critical_mass;  ///< α*(S*) with its bootstrap interval
  Line bound;                          ///< theory lower bound S(α) at the measured α (empty when none)
  /// Privacy of the runs' fits: largest round-0 ε and δ over the configuration's runs (ε = ∞: not private).
  double epsilon = std::numeric_limits<double>::infinity();
  double delta = 0.0;                  ///< δ of the (ε, δ) guarantee (0 when not private)
  double training_rows = 0.0;          ///< round-0 training_rows (population × points per agent; 0 if unrecorded)
  /// Group-privacy upper bound (literature §3) at every grid α: cap(α) = e^{kε}·S(0) + k·e^{(k−1)ε}·δ (≤ 1) with
  /// k = round(α·training_rows) and S(0) the fitted curve at α = 0. Empty unless private, α = 0 is on the grid
  /// and training_rows was recorded.
  Line privacy_cap;
  std::string privacy_note;            ///< why a private curve has no cap ("" when it has one or is not private)
  std::vector<double> cap_violations;  ///< grid α > 0 where the measured mean success exceeds the cap
};

/// S(α) curves and last-round outcomes per learner, when `platform.learner` is a sweep axis (ERM vs GDRO).
struct LearnerComparison {
  std::string axis = "platform.learner";  ///< the axis compared
  std::vector<std::string> learners;      ///< its values (unquoted), in design order
  /// (learner, index into FolderAnalysis::curves) of every measured curve, in curve order.
  std::vector<std::pair<std::string, std::size_t>> curves;
  std::vector<std::string> outcomes;      ///< outcome names (RunEntry::outcomes keys), first-seen order
  /// Means within one setting of every other axis (α axis and replicate excluded): ε = 4 and ε = 1 never pooled.
  struct Group {
    std::vector<Setting> settings;          ///< the other axes' values (neither the α axis nor the learner)
    /// means[o][l]: mean of outcome o over learner l's complete runs (NaN where none recorded it).
    std::vector<std::vector<double>> means;
    std::vector<std::vector<long>> runs;    ///< runs[o][l]: how many runs that mean is over
    /// lows[o][l], highs[o][l]: smallest and largest value of outcome o over those runs (NaN where none).
    std::vector<std::vector<double>> lows, highs;
  };
  std::vector<Group> groups;              ///< in design order
};

/// The parts of an outcome name (RunEntry::outcomes key): "final alpha c" → {"c", "final_alpha"}, a platform
/// outcome "clean_accuracy" → {"platform", "clean_accuracy"}.
std::pair<std::string, std::string> outcome_parts(const std::string& outcome);

/// α* against one policy parameter (a numeric sweep axis), one series per remaining configuration.
struct PolicyEffect {
  std::string parameter;                   ///< axis key, e.g. platform.privacy.target_epsilon
  std::vector<CriticalMassSeries> series;  ///< one per (other settings, collective)
  /// curve[s][i]: index into FolderAnalysis::curves of series s's point i.
  std::vector<std::vector<std::size_t>> curve;
  std::vector<std::string> legend;         ///< per series: collective and other settings in the reader's words
};

/// α_k(t) and S_k(t) of one run.
struct RunDynamics {
  std::string label;            ///< run label (point id and settings, or the folder name)
  std::string point;            ///< point id (the folder name for a single run)
  long replicate = 0;           ///< sweep replicate
  std::vector<Setting> settings;  ///< every axis value of the run (α axis included)
  std::vector<Line> alpha;      ///< one line per collective
  std::vector<Line> success;    ///< one line per collective
  long converged_round = -1;    ///< from summary.json (−1: not converged)
  long period = 0;              ///< from summary.json
};

/// The participation map of one collective: observed transitions α_t → α_{t+1} and the engine's fixed points.
struct ParticipationMap {
  std::string label;                     ///< configuration and collective
  std::vector<Setting> settings;         ///< the configuration's axis values, α axis excluded (empty for a run)
  std::string collective;                ///< the collective whose map this is
  Line transitions;                      ///< (α_t, α_{t+1}) pooled over the configuration's runs, sorted by α_t
  std::vector<numerics::FixedPoint> fixed_points;  ///< from equilibria.csv
  bool mean_field = false;  ///< the engine's map is the population average standing in for a network's (label says so)
  std::filesystem::path run_dir;  ///< the configuration's first complete run (its participation_map.csv, if any)
  std::size_t collectives = 1;    ///< how many collectives the run has (> 1: the map holds the others absent)
};

/// numerics::Constructiveness of competing collectives: as the engine measured it in one run (constructiveness.csv, K = 2
/// curve modes and learned mode), or at one participation profile of a sweep over
/// population.initial_members: S_i alone is read at the point where only i has members (same α_i), S_i with j at
/// the point where only i and j do (same α_i, α_j), all at round 0 and within one configuration and replicate.
struct ConstructivenessAt {
  std::string config;                    ///< the configuration ("key=value, ...")
  std::vector<Setting> settings;         ///< its axis values (a run's all, a sweep configuration's without α)
  std::string point;                     ///< the run measured ("engine"; "" for "sweep")
  long replicate = 0;                    ///< the sweep replicate
  std::vector<std::string> collectives;  ///< collective order of the matrices
  std::vector<double> profile;           ///< α_k of every collective at the profile (all > 0)
  numerics::Constructiveness matrix;               ///< raw and normalised (by S_i alone) CT_ij
  std::string source = "sweep";          ///< "sweep" (matched points) or "engine" (a run's constructiveness.csv)
};

/// What `acasim analyze` found in a folder.
struct FolderAnalysis {
  bool sweep = false;                        ///< sweep folder (points/) rather than a single run
  std::filesystem::path dir;                 ///< the folder analysed
  std::string mode;                          ///< simulation mode of the runs
  double target = 0.9;                       ///< success target S* (summary.json)
  std::vector<std::string> axes;             ///< sweep axes, in order
  std::vector<RunEntry> runs;                ///< every run summarised, in design order
  std::vector<ConfigCurve> curves;           ///< measured S(α) per configuration and collective
  std::vector<PolicyEffect> policies;        ///< α* against each numeric policy axis
  std::vector<std::string> collectives;      ///< collective names in [[collective]] order (first complete run)
  std::vector<RunDynamics> dynamics;         ///< trajectories of every complete run, in configuration order
  std::vector<ParticipationMap> maps;        ///< per configuration and collective
  std::vector<std::pair<std::string, double>> engine_critical_mass;  ///< summary.json α* per run label (curve modes)
  std::vector<ConstructivenessAt> constructiveness;  ///< K ≥ 2 sweeps over initial_members with "alone" points
  std::optional<LearnerComparison> learners; ///< when platform.learner is a sweep axis
  /// Sobol indices or Morris measures of every outcome (a sobol or morris sweep whose points.csv is written).
  std::optional<SweepSensitivity> sensitivity;
  /// Loud findings: group-privacy bound violations, private curves whose cap could not be drawn, and the runs'
  /// own warnings (summary.json).
  std::vector<std::string> warnings;
  std::optional<Manifest> manifest;          ///< manifest of the (first) run
  std::string scenario_text;                 ///< scenario.resolved.toml of the run or the sweep's base scenario
  std::vector<std::filesystem::path> tables; ///< CSVs written into dir/analysis/
};

/// Options of analyze_folder.
struct AnalyzeOptions {
  std::uint64_t seed = 1;           ///< bootstrap seed (stream analysis.bootstrap, one index per curve)
  numerics::BootstrapOptions bootstrap;       ///< resamples and level
  std::ostream* warn = &std::cerr;  ///< where FolderAnalysis::warnings are also printed (nullptr: nowhere)
};

/// Analyses a run folder (metrics.csv) or a sweep folder (design.csv + points/) and writes tidy CSVs (one typed
/// column per sweep axis: config::SettingColumns, the sweep tables' rule) into
/// dir/analysis/: critical_mass.csv, success_curves.csv, dynamics.csv, participation_map.csv, equilibria.csv,
/// critical_mass_vs_<axis>.csv per policy axis, runs.csv, constructiveness.csv (K ≥ 2), learner_outcomes.csv
/// (platform.learner axis), sensitivity.csv (sobol and morris designs: sweep_sensitivity). success_curves.csv carries the group-privacy cap of private runs. Throws
/// RunReadError for a folder that is neither, or for malformed files.
FolderAnalysis analyze_folder(const std::filesystem::path& dir, const AnalyzeOptions& options = {});

}  // namespace aca::analysis
