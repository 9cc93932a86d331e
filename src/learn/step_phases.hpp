#pragma once
// Where a training step's time goes, phase by phase, for acasim-bench. The learners pass no StepPhases, and then
// no clock is read: the training loop pays one null-pointer test per phase.
#include <chrono>
#include <cstdint>

namespace aca::learn {

/// Seconds spent in each phase of SGD or DP-SGD steps, summed over the steps that were given this struct.
struct StepPhases {
  double sample = 0;       ///< drawing the batch's rows and gathering them
  double forward = 0;      ///< the forward pass (DP-SGD: with each layer's input kept)
  double backward = 0;     ///< backpropagation (SGD: to the parameters; DP-SGD: to the layer outputs only)
  double norms = 0;        ///< DP-SGD: the per-example gradient norms
  double clipped_sum = 0;  ///< DP-SGD: the sum of the clipped per-example gradients
  double noise = 0;        ///< DP-SGD: drawing the Gaussian noise and scaling the sum
  double update = 0;       ///< the parameter update
  std::int64_t steps = 0;  ///< steps measured
};

/// Charges the time since the last lap to one phase of `phases`; does nothing when `phases` is null.
class PhaseClock {
 public:
  explicit PhaseClock(StepPhases* phases) : phases_(phases) {
    if (phases_) last_ = std::chrono::steady_clock::now();
  }
  /// Adds the seconds since construction or the previous lap to the phase `field`.
  void lap(double StepPhases::*field) {
    if (!phases_) return;
    const auto t = std::chrono::steady_clock::now();
    phases_->*field += std::chrono::duration<double>(t - last_).count();
    last_ = t;
  }
  /// Starts the next lap now, charging the time since the last one to no phase (a callee timed it).
  void skip() {
    if (phases_) last_ = std::chrono::steady_clock::now();
  }

 private:
  StepPhases* phases_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace aca::learn
