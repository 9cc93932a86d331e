#include "data/fashion_mnist.hpp"

#include <stdexcept>
#include <string>

#include "config/scenario.hpp"
#include "data/idx_file.hpp"

namespace aca::data {

TrainSet read_idx_images(const std::filesystem::path& images, const std::filesystem::path& labels) {
  const IdxArray im = read_idx_gz(images, 3);
  const IdxArray lb = read_idx_gz(labels, 1);
  if (im.dims[0] != lb.dims[0])
    throw IdxError(IdxProblem::size, images.string() + " holds " + std::to_string(im.dims[0]) + " images but " +
                                         labels.string() + " holds " + std::to_string(lb.dims[0]) + " labels");
  if (im.dims[1] == 0 || im.dims[2] == 0)
    throw IdxError(IdxProblem::size, images.string() + ": images of size " + std::to_string(im.dims[1]) + "×" +
                                         std::to_string(im.dims[2]));
  TrainSet s;
  s.n = im.dims[0];
  s.d = im.dims[1] * im.dims[2];
  s.shape = {1, im.dims[1], im.dims[2]};
  s.num_classes = 10;
  s.x.resize(im.data.size());
  for (std::size_t i = 0; i < im.data.size(); ++i) s.x[i] = static_cast<float>(im.data[i]) / 255.0f;
  s.y.resize(lb.data.size());
  for (std::size_t i = 0; i < lb.data.size(); ++i) {
    if (lb.data[i] > 9)
      throw IdxError(IdxProblem::size, labels.string() + ": label " + std::to_string(lb.data[i]) + " at index " +
                                           std::to_string(i) + " is outside 0–9");
    s.y[i] = lb.data[i];
  }
  return s;
}

std::filesystem::path fashion_mnist_folder(const config::View& root, const std::filesystem::path& base_dir) {
  std::filesystem::path p = root.sub("data").sub("fashion_mnist").string("path");
  return p.is_relative() ? base_dir / p : p;
}

TrainSet read_fashion_mnist_pool(const std::filesystem::path& folder) {
  TrainSet a = read_idx_images(folder / "train-images-idx3-ubyte.gz", folder / "train-labels-idx1-ubyte.gz");
  const TrainSet b = read_idx_images(folder / "t10k-images-idx3-ubyte.gz", folder / "t10k-labels-idx1-ubyte.gz");
  if (a.shape != b.shape)
    throw IdxError(IdxProblem::size, folder.string() + ": train and t10k images have different sizes");
  a.x.insert(a.x.end(), b.x.begin(), b.x.end());
  a.y.insert(a.y.end(), b.y.begin(), b.y.end());
  a.n += b.n;
  return a;
}

FashionMnistDataset::FashionMnistDataset(const std::filesystem::path& folder, std::int64_t max_points,
                                         std::int64_t test_points, util::Engine& rng, bool official_split) {
  if (!official_split) {
    TrainSet pool = read_fashion_mnist_pool(folder);
    pool = seeded_subset(pool, max_points, rng);
    split(pool, test_points, rng);
  } else {
    if (max_points > 0)
      throw std::invalid_argument("data.fashion_mnist: official_split uses every image; max_points must be 0");
    const TrainSet train = read_idx_images(folder / "train-images-idx3-ubyte.gz", folder / "train-labels-idx1-ubyte.gz");
    const TrainSet t10k = read_idx_images(folder / "t10k-images-idx3-ubyte.gz", folder / "t10k-labels-idx1-ubyte.gz");
    if (train.shape != t10k.shape)
      throw IdxError(IdxProblem::size, folder.string() + ": train and t10k images have different sizes");
    if (test_points > t10k.n)
      throw DataSettingError("test_size", "test_size = " + std::to_string(test_points) + " but the official test part (" +
                               (folder / "t10k-images-idx3-ubyte.gz").string() + ") holds " + std::to_string(t10k.n) +
                               " images (lower test_size or set data.fashion_mnist.official_split = false)");
    // A split with no test rows is a seeded shuffle: agents own random training images, as with the pooled split.
    split(train, 0, rng);
    test_ = seeded_subset(t10k, test_points, rng);
  }
  lower_.assign(static_cast<std::size_t>(train_.d), 0.0f);
  upper_.assign(static_cast<std::size_t>(train_.d), 1.0f);
}

}  // namespace aca::data
