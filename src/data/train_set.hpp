#pragma once
// The seam between data and learn: a training or evaluation set exactly as the platform sees it.
#include <cstdint>
#include <vector>

namespace aca::data {

/// Rows of features with integer labels (and optional groups and weights), stored row-major in plain vectors
/// so that learn can wrap them as tensors without copying and agents never see LibTorch.
struct TrainSet {
  std::int64_t n = 0;                  ///< number of rows
  std::int64_t d = 0;                  ///< features per row (product of `shape` when `shape` is set)
  std::vector<float> x;                ///< n·d features, row-major
  std::vector<std::int64_t> y;         ///< n labels in [0, num_classes)
  std::vector<std::int32_t> group;     ///< n group ids in [0, num_groups), or empty when there are no groups
  std::vector<float> weight;           ///< n sample weights, or empty for all ones
  std::vector<float> response;         ///< n real responses for least-squares models, or empty (then y is used)
  int num_classes = 0;                 ///< number of label values
  int num_groups = 0;                  ///< number of groups (0 when `group` is empty)
  std::vector<std::int64_t> shape;     ///< per-row tensor shape, e.g. {1, 28, 28}; empty means flat {d}
  std::vector<std::int64_t> categories;  ///< categorical data: cardinality of each feature; empty otherwise
};

}  // namespace aca::data
