#pragma once
// Diagnostics of a trajectory α_t (or S_t): convergence, cycles and threshold crossings. Trajectories are
// indexed by position 0..T−1; map an index to a round number through the series' round column.
#include <cstddef>
#include <optional>
#include <vector>

namespace aca::numerics {

/// Several collectives' trajectories of equal length: trajectories[k][t] is collective k at index t.
using Trajectories = std::vector<std::vector<double>>;

/// Convergence of trajectories observed one step at a time: the one definition used by converged_from and by the
/// round engine (which saves it in checkpoints). A step is small when |x_s − x_{s−1}| < tol for every collective;
/// a NaN step is never small.
struct ConvergenceTracker {
  long small_steps = 0;  ///< consecutive small steps ending at the last step observed
  long from = -1;        ///< first index of the first window of `window` small steps, or −1 while there is none

  /// Observes the step into index s (s ≥ 1) whose largest |change| over the collectives is `step`.
  void observe(long s, double step, double tol, long window);
  /// The largest |x_s − x_{s−1}| over the trajectories (NaN when any change is NaN).
  static double step(const Trajectories& x, std::size_t s);
};

/// First index t of a window of `window` consecutive steps t, …, t+window−1 (t ≥ 1) in which every step
/// |x_s − x_{s−1}| < tol; nullopt if no such window exists. For several collectives the step is the max over them.
std::optional<std::size_t> converged_from(const Trajectories& x, double tol, std::size_t window);
/// Single-trajectory form of converged_from.
std::optional<std::size_t> converged_from(const std::vector<double>& x, double tol, std::size_t window);

/// Smallest period p in 1..max_period such that the last `span` values repeat with period p within tol:
/// |x_t − x_{t−p}| ≤ tol for every t in [T−span, T−1] (needs T ≥ span + p). Period 1 means a steady state.
std::optional<std::size_t> detect_period(const Trajectories& x, std::size_t max_period, std::size_t span,
                                         double tol);
/// Single-trajectory form of detect_period.
std::optional<std::size_t> detect_period(const std::vector<double>& x, std::size_t max_period, std::size_t span,
                                         double tol);

/// Direction of a threshold crossing.
enum class Crossing {
  upward,    ///< first t with x_t ≥ threshold
  downward,  ///< first t with x_t ≤ threshold
};

/// First index at which the trajectory reaches `threshold` in the given direction (0 if it starts there);
/// nullopt if it never does. NaN values never count as reaching it.
std::optional<std::size_t> first_crossing(const std::vector<double>& x, double threshold,
                                          Crossing direction = Crossing::upward);

}  // namespace aca::numerics
