#include "sim/run.hpp"

#include <chrono>
#include <cstdio>
#include <system_error>

#include "numerics/dynamics_diagnostics.hpp"
#include "run_folder/folder_lock.hpp"
#include "run_folder/run_outputs.hpp"
#include "run_folder/run_status.hpp"
#include "sim/batch_training.hpp"
#include "sim/checkpoint.hpp"
#include "sim/manifest.hpp"
#include "sim/participation_map_writer.hpp"
#include "sim/recorder.hpp"
#include "sim/round_engine.hpp"
#include "sim/run_writer.hpp"
#include "util/atomic_file.hpp"
#include "util/csv_writer.hpp"
#include "util/path_within.hpp"

namespace aca::sim {

namespace {

// Three significant digits: a warning names the size of a quantity, not its last bit.
std::string three_digits(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

// The first round the trajectory reached `level` (−1: never, or no level known).
long first_round_at(const std::vector<double>& alpha, double level) {
  if (std::isnan(level)) return -1;
  const auto c = numerics::first_crossing(alpha, level);
  return c ? static_cast<long>(*c) : -1L;
}

// The summary as the loop left it: final state, critical masses and when participation crossed them.
RunSummary summarise(const RunContext& ctx, const SuccessModel& model, bool stopped, const RunOptions& opts) {
  RunSummary s;
  s.rounds = ctx.loop.last_round + 1;
  s.mode = ctx.spec.mode;
  s.success_model = model.description();
  s.collectives = ctx.spec.collectives;
  s.target_success = ctx.spec.target_success;
  s.stopped = stopped;
  s.converged_round = ctx.loop.convergence.from;
  s.privacy = ctx.loop.privacy;
  s.out_dir = opts.out_dir;
  for (std::size_t k = 0; k < ctx.collectives(); ++k) {
    s.final_alpha.push_back(ctx.loop.alpha[k].back());
    s.final_success.push_back(ctx.loop.success[k]);
  }
  const CriticalMasses cm = model.critical_masses(ctx.spec.target_success, ctx.collectives());
  s.critical_mass = cm.point;
  s.critical_mass_lower = cm.lower;
  s.critical_mass_upper = cm.upper;
  if (stopped) return s;
  for (std::size_t k = 0; k < ctx.collectives(); ++k) {
    s.crossed_round.push_back(first_round_at(ctx.loop.alpha[k], s.critical_mass[k]));
    s.crossed_round_lower.push_back(first_round_at(ctx.loop.alpha[k], s.critical_mass_lower[k]));
    s.crossed_round_upper.push_back(first_round_at(ctx.loop.alpha[k], s.critical_mass_upper[k]));
  }
  if (s.converged_round < 0)
    if (auto p = numerics::detect_period(ctx.loop.alpha, 20, 20, ctx.spec.convergence_tolerance))
      s.period = static_cast<long>(*p);
  return s;
}

// A tolerance the user set below α's sampling noise cannot be met by a stochastic rule's steady state, which
// makes "not converged" an artefact of the setting rather than a finding.
std::optional<RunWarning> tolerance_warning(const SimulationSpec& spec, const RunSummary& s) {
  if (!spec.convergence_tolerance_set || !(spec.convergence_tolerance < spec.sampling_noise) || s.converged_round >= 0)
    return std::nullopt;
  const std::string noise = three_digits(spec.sampling_noise);
  return RunWarning{"tolerance_below_noise",
                    "simulation.convergence_tolerance = " + util::format_number(spec.convergence_tolerance) +
                        " is below the sampling noise of participation under a stochastic decision rule (up to "
                        "1/(2·√population.size) = " + noise + " per round), so \"not converged\" may only mean that "
                        "noise: leave convergence_tolerance out (default max(0.001, 1/(2·√size))) or set it to at "
                        "least " + noise};
}

// What the success model says of the final state: equilibria, constructiveness, joint equilibria.
void conclude(const RunContext& ctx, const SuccessModel& model, const RunWriter& writer, const std::string& label,
              RunSummary& s) {
  // Equilibria are fixed points of the rule's mean-field map; a rule without one (imitation) has none to report.
  const bool has_map = ctx.world.dynamics->rule().has_mean_field_map();
  if (!model.curves().empty() && has_map) {
    s.equilibria = model.equilibria(ctx);
    writer.equilibria(s.equilibria);
  }
  s.pairwise = model.pairwise(ctx);
  if (s.pairwise) {
    s.constructiveness = numerics::constructiveness(s.pairwise->success);
    writer.constructiveness(*s.pairwise, *s.constructiveness);
  }
  if (has_map) s.joint_equilibria = model.joint_equilibria(ctx);
  if (s.joint_equilibria) writer.joint_equilibria(*s.joint_equilibria);
  if (has_map) write_participation_maps(s.out_dir, ctx, model, s.equilibria, s.joint_equilibria);
  s.warnings = model.warnings(ctx);
  if (auto w = tolerance_warning(ctx.spec, s)) s.warnings.push_back(*w);
  const std::string who = label.empty() ? "" : label + ": ";
  for (const auto& w : s.warnings) std::fprintf(stderr, "warning: %s%s\n", who.c_str(), w.message.c_str());
}

// What the manifest says from the start: the run's command, scenario, seed and where it trains.
run_folder::ManifestRecord manifest(const config::Scenario& scenario, const RunContext& ctx, const RunOptions& opts,
                                    std::chrono::system_clock::time_point start, const char* status) {
  run_folder::ManifestRecord m = manifest_record(opts.out_dir, start, std::chrono::system_clock::now());
  m.status = status;
  m.command = opts.command;
  m.scenario_file = scenario.file();
  m.scenario_hash = scenario.hash();
  m.seed = ctx.spec.seed;
  m.mode = ctx.spec.mode;
  m.device = ctx.world.learner_spec.device;
  m.threads = ctx.spec.threads;
  m.training_batch = training_batch_size(ctx.world);
  if (!opts.parent.empty()) m.parent = run_folder::parse_json(opts.parent, "a fork's parent record");
  if (!opts.rerun.empty()) m.rerun = opts.rerun;
  return m;
}

// The manifest of a run that ended ("complete" or "stopped"), with what its success model used.
run_folder::ManifestRecord manifest(const config::Scenario& scenario, const RunContext& ctx, const SuccessModel& model,
                                    const RunOptions& opts, std::chrono::system_clock::time_point start,
                                    const char* status) {
  run_folder::ManifestRecord m = manifest(scenario, ctx, opts, start, status);
  m.curve_sources = model.sources();
  m.joint_trainings = model.joint_trainings();
  return m;
}

// Whether the run continues a checkpoint of its own folder (acasim run --resume DIR): its checkpoints stay.
bool resumes_in_place(const RunOptions& opts) {
  return !opts.resume_from.empty() && util::path_within(opts.resume_from, opts.out_dir);
}

// The folder becomes this run's before anything is computed into it: a complete run stays unless replacing it was
// asked for, "running" is recorded first (so a run cut off anywhere after is never taken for a finished one), and
// then what an earlier run left is removed, so the folder never mixes files of two runs.
void open_folder(const config::Scenario& scenario, const RunContext& ctx, const RunOptions& opts,
                 std::chrono::system_clock::time_point start) {
  if (opts.keep_complete) run_folder::refuse_complete_run(opts.out_dir);
  const bool in_place = resumes_in_place(opts);
  // A checkpoint's run folder that another process is rewriting may lose the checkpoint while it is read.
  if (!opts.resume_from.empty() && !in_place) run_folder::refuse_if_in_use(opts.resume_from.parent_path().parent_path());
  run_folder::write_manifest(opts.out_dir, manifest(scenario, ctx, opts, start, "running"));
  run_folder::clear_run_outputs(opts.out_dir, in_place);
}

// A run that throws leaves "failed" behind, best effort: the error being reported matters more than this one.
void mark_failed(const config::Scenario& scenario, const RunContext& ctx, const RunOptions& opts,
                 std::chrono::system_clock::time_point start) noexcept {
  try {
    run_folder::write_manifest(opts.out_dir, manifest(scenario, ctx, opts, start, "failed"));
  } catch (...) {
  }
}

// A resumed fork is still that fork: its manifest and checkpoints keep the parent and rerun line its checkpoint
// carries, instead of claiming a run from round 0 of the changed scenario.
RunOptions with_lineage(const RunOptions& given) {
  RunOptions o = given;
  if (o.parent.empty() && !o.resume_from.empty()) {
    const CheckpointSeal seal = read_checkpoint_seal(o.resume_from);
    o.parent = seal.parent;
    if (o.rerun.empty()) o.rerun = seal.rerun;
  }
  return o;
}

RunSummary run_in_folder(const config::Scenario& scenario, RunContext& ctx, const RunOptions& opts,
                         std::chrono::system_clock::time_point start) {
  // A resumed run (or a fork) picks up the loop state, membership, decision state, learner and its stream, from a
  // checkpoint verified file by file (a damaged one ends the run here, status failed, with the file named).
  std::string metrics;
  if (!opts.resume_from.empty()) metrics = load_checkpoint(opts.resume_from, ctx);
  const RunWriter writer(opts.out_dir, ctx.spec.collectives);
  util::write_file_atomic(opts.out_dir / "scenario.resolved.toml", scenario.resolved_toml());

  // Curve modes settle S_k(α) before the dynamics start.
  const auto cache = opts.cache_dir.empty() ? opts.out_dir.parent_path() / ".acasim-cache" : opts.cache_dir;
  const std::unique_ptr<SuccessModel> model = make_success_model(ctx, cache, opts.progress);
  model->write_inputs(writer);

  Recorder rec(opts.out_dir, metrics, opts.checkpoint_every > 0);
  RoundEngine engine(ctx, *model, rec, opts);
  RoundEnd end = RoundEnd::next;
  for (long t = ctx.loop.last_round + 1; t < ctx.spec.rounds && end == RoundEnd::next; ++t) end = engine.step(t);
  if (opts.progress) std::fprintf(stderr, "\n");
  rec.commit();

  RunSummary summary = summarise(ctx, *model, end == RoundEnd::stopped, opts);
  if (summary.stopped) {
    writer.manifest(manifest(scenario, ctx, *model, opts, start, "stopped"));
    return summary;
  }
  conclude(ctx, *model, writer, opts.label, summary);
  model->write_estimated(opts.out_dir);  // after conclude: the equilibrium search may have trained more
  writer.summary(summary);
  writer.manifest(manifest(scenario, ctx, *model, opts, start, "complete"));
  return summary;
}

}  // namespace

RunSummary run(const config::Scenario& scenario, const RunOptions& given) {
  const auto start = std::chrono::system_clock::now();
  const RunOptions opts = with_lineage(given);
  RunContext ctx = plan_run(scenario);
  // Planned first, so a scenario error touches no folder; locked until the run has ended.
  const run_folder::FolderLock lock(opts.out_dir, opts.command);
  open_folder(scenario, ctx, opts, start);
  try {
    return run_in_folder(scenario, ctx, opts, start);
  } catch (...) {
    mark_failed(scenario, ctx, opts, start);
    throw;
  }
}

}  // namespace aca::sim
