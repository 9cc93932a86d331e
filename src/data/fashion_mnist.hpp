#pragma once
// The `fashion_mnist` source: the 70,000 28×28 grey images of Fashion-MNIST (or MNIST: same format), read
// from the four gzipped IDX files; pixels scaled to [0, 1], shape {1, 28, 28}.
#include <cstdint>
#include <filesystem>

#include "data/dataset.hpp"

namespace aca::data {

/// Images and labels of one IDX pair, validated against each other (counts, label range 0–9).
TrainSet read_idx_images(const std::filesystem::path& images, const std::filesystem::path& labels);

/// The folder named by data.fashion_mnist.path, resolved against `base_dir` when relative.
std::filesystem::path fashion_mnist_folder(const config::View& root, const std::filesystem::path& base_dir);

/// Both official parts (train + t10k) pooled and split again with the seeded split, or (official_split) the
/// official parts kept apart: training rows from train, test rows from t10k.
class FashionMnistDataset : public Dataset {
 public:
  /// `max_points` > 0 keeps a seeded subset of that many images before splitting. With `official_split` the
  /// training rows are the whole train part in seeded order and the test rows a seeded subset of
  /// `test_points` t10k images (max_points must be 0; throws when t10k holds fewer than test_points).
  FashionMnistDataset(const std::filesystem::path& folder, std::int64_t max_points, std::int64_t test_points,
                      util::Engine& rng, bool official_split = false);
  std::string kind() const override { return "fashion_mnist"; }
};

/// Reads the four files of `folder` into one pool (train part first); throws IdxError for a bad file.
TrainSet read_fashion_mnist_pool(const std::filesystem::path& folder);

}  // namespace aca::data
