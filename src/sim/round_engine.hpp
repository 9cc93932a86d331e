#pragma once
// One round of the simulation, phase by phase: the membership the agents chose → members rewrite their data and
// the platform trains (or S_k is read off the success model's curves) → the round is recorded → agents are paid
// and revise, which is the next round's membership.
#include <cstdint>
#include <vector>

#include "agents/dynamics.hpp"
#include "sim/recorder.hpp"
#include "sim/run.hpp"
#include "sim/run_context.hpp"
#include "sim/success_model.hpp"

namespace aca::sim {

/// How a round ended.
enum class RoundEnd {
  next,       ///< the run goes on
  converged,  ///< participation converged and simulation.stop_when = "converged"
  stopped,    ///< RunOptions::stop_after reached: the run ends as an interruption would
};

/// Runs rounds of a planned context against its success model, recording into `rec`.
class RoundEngine {
 public:
  /// Binds the engine to a context, its success model, the metrics recorder and the run's options.
  RoundEngine(RunContext& ctx, SuccessModel& model, Recorder& rec, const RunOptions& opts);

  /// Runs round t (the rounds before it have run, or were restored from a checkpoint).
  RoundEnd step(long t);

 private:
  void record_setting(long t);
  void record_state(long t, const std::vector<double>& alpha);
  void observe_convergence(long t);
  void report_progress(long t, const std::vector<double>& alpha) const;
  agents::RoundResult revise(long t);
  void record_flows(long t, const std::vector<std::int32_t>& before);
  void record_payoffs(long t, const std::vector<std::int32_t>& before, const agents::RoundResult& r);
  void checkpoint_if_due(long t);

  RunContext& ctx_;
  SuccessModel& model_;
  Recorder& rec_;
  const RunOptions& opts_;
  std::vector<std::string> options_;  // flow metrics' options: "none" (outside every collective), then collectives
};

}  // namespace aca::sim
