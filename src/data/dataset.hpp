#pragma once
// The dataset interface: a seeded train / test split of one data source, plus what signals need to know
// about its features (shape, bounds, categorical cardinalities).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "data/train_set.hpp"
#include "util/rng.hpp"

namespace aca::config {
class View;
}

namespace aca::data {

class CategoricalModel;
struct ClassShare;

/// A data setting the data cannot honour, found while the data is read (e.g. a test_size larger than the file):
/// `key` is the [data] key at fault, relative to [data] (e.g. "test_size", "csv.label").
class DataSettingError : public std::runtime_error {
 public:
  DataSettingError(std::string key, const std::string& message) : std::runtime_error(message), key_(std::move(key)) {}
  const std::string& key() const { return key_; }

 private:
  std::string key_;
};

/// A data source split into training points (owned by agents) and held-out test points.
class Dataset {
 public:
  virtual ~Dataset() = default;
  /// Source name as in `data.source` ("categorical", "fashion_mnist", ...).
  virtual std::string kind() const = 0;
  /// The exact distribution when the source is `categorical`, else nullptr.
  virtual const CategoricalModel* categorical() const { return nullptr; }

  /// Training points; point j belongs to agent j / points_per_agent.
  const TrainSet& train() const { return train_; }
  /// Held-out points for success and accuracy.
  const TrainSet& test() const { return test_; }
  /// Smallest and largest valid value of every feature (pixels [0, 1], categories [0, c−1]; ±huge when free).
  const std::vector<float>& lower() const { return lower_; }
  /// Largest valid value of every feature (see lower()).
  const std::vector<float>& upper() const { return upper_; }
  /// Keeps exactly `n` training points holding the class share `cs` (see with_class_share); test points stay.
  void apply_class_share(const ClassShare& cs, std::int64_t n, util::Engine& rng);

 protected:
  Dataset() = default;
  /// Shuffles `pool` with `rng`, puts the first `test_size` rows in test and the rest in train; sets free bounds.
  void split(const TrainSet& pool, std::int64_t test_size, util::Engine& rng);

  TrainSet train_;
  TrainSet test_;
  std::vector<float> lower_;
  std::vector<float> upper_;
};

/// The rows `rows` of `set` (in that order), with groups and weights carried along.
TrainSet take_rows(const TrainSet& set, const std::vector<std::int64_t>& rows);

/// A seeded subset of `keep` rows of `set`, in their original order (all rows when keep ≤ 0 or ≥ n).
TrainSet seeded_subset(const TrainSet& set, std::int64_t keep, util::Engine& rng);

/// Training points the scenario needs: population.size × data.points_per_agent.
std::int64_t required_train_points(const config::View& root);

/// Builds the dataset `data.source` of a validated scenario; draws come from the `data` stream of `seed`.
/// Relative file paths are resolved against `base_dir`. With [data.class_share] the training points are exactly
/// population × points_per_agent, subsampled to the share (its own stream). Every problem the scenario causes — a
/// missing or corrupt data file, a missing column, data too small for the population or test_size, a pool too small
/// for the share — throws config::ScenarioError located at the [data] key at fault.
std::unique_ptr<Dataset> make_dataset(const config::View& root, const std::filesystem::path& base_dir,
                                      std::uint64_t seed);

}  // namespace aca::data
