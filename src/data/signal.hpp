#pragma once
// Signals g: X → X that a collective plants in its points (image patch, tabular feature_set / feature_offset,
// categorical assign), with their validation against a dataset's layout and the perturbed variants that
// model coordination noise.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "data/train_set.hpp"

namespace aca::config {
class View;
}

namespace aca::data {

class Dataset;

/// Kinds of signal.
enum class SignalKind { patch, feature_set, feature_offset, assign };

/// A signal g (only the fields of its kind are used).
struct Signal {
  SignalKind kind = SignalKind::assign;
  std::int64_t size = 3;                ///< patch: side in pixels
  std::int64_t row = 0, col = 0;        ///< patch: top-left pixel
  float value = 1.0f;                   ///< patch: pixel value
  std::vector<std::int64_t> features;   ///< feature_set / assign / feature_offset (empty offset target: all)
  std::vector<float> values;            ///< feature_set / assign: one per feature
  std::vector<float> offset;            ///< feature_offset: one per entry of `features`, or one per feature
};

/// Name of a kind ("patch", ...).
std::string signal_kind_name(SignalKind k);

/// Reads `collective[i].signal`, resolving kind "auto" from the dataset (categorical → assign, images → patch,
/// otherwise feature_set) and the default patch position (bottom-right, one pixel from the edge), then
/// checks it against the dataset (throws config::ScenarioError located at the key at fault).
Signal read_signal(const config::View& collective, const Dataset& data);

/// Why a signal does not fit a data layout: the key of the signal's table at fault and what is wrong.
struct SignalProblem {
  std::string key;      ///< "kind", "position", "features", "values" or "offset"
  std::string message;  ///< what is wrong, in the scenario's terms
};

/// The first way `g` does not fit rows laid out like `layout` (see check_signal), or none.
std::optional<SignalProblem> signal_problem(const Signal& g, const TrainSet& layout);

/// Throws std::runtime_error (prefixed by `where`) when `g` does not fit rows laid out like `layout`
/// (feature index out of range, patch outside the image, assign value not a category, offset length).
void check_signal(const Signal& g, const TrainSet& layout, const std::string& where);

/// Applies g to one row of `layout.d` features in place.
void apply_signal(const Signal& g, const TrainSet& layout, float* row);

/// Applies a perturbed g (coordination noise) in place; `u1`, `u2` are uniform draws in [0, 1) that pick
/// the perturbation: patch moved by one pixel, one assigned feature given another category, one set value
/// jittered by up to ±max(1, |value|), or the offset scaled by 2·u1.
void apply_perturbed_signal(const Signal& g, const TrainSet& layout, float* row, double u1, double u2);

/// A copy of `set` with g applied to every row (the signalled test points).
TrainSet with_signal(const Signal& g, const TrainSet& set);

}  // namespace aca::data
