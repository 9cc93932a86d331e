#pragma once
// The `spurious_groups` source (WaterBirds-like): a binary background attribute a agrees with the label's
// parity with probability `correlation`, so groups (label × attribute) include small minority groups.
#include <cstdint>
#include <filesystem>
#include <memory>

#include "data/dataset.hpp"

namespace aca::data {

/// Parameters of the attribute.
struct SpuriousParams {
  double correlation = 0.95;  ///< Pr[a = y mod 2]
  double strength = 2.0;      ///< how visible the attribute is (see the schema doc)
};

/// Draws the attribute of every row of `set` and imprints it: Gaussian data get one appended feature
/// (±strength + unit noise), images get their dark background lifted to min(1, strength/4) when a = 1.
/// Sets group = 2·y + a and num_groups = 2·num_classes.
void add_spurious_attribute(TrainSet& set, const SpuriousParams& p, bool image, util::Engine& rng);

/// The benchmark as a dataset.
class SpuriousGroupsDataset : public Dataset {
 public:
  SpuriousGroupsDataset(TrainSet pool, const SpuriousParams& p, bool image, std::int64_t test_points,
                        util::Engine& rng);
  std::string kind() const override { return "spurious_groups"; }
};

/// Builds it from data.spurious_groups.base (its [data.<base>] table applies).
std::unique_ptr<Dataset> make_spurious_groups(const config::View& root, const std::filesystem::path& base_dir,
                                              std::int64_t train_points, std::int64_t test_points,
                                              util::Engine& rng);

}  // namespace aca::data
