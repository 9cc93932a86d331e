#include "data/spurious_groups.hpp"

#include <algorithm>

#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_01.hpp>

#include "config/scenario.hpp"
#include "data/fashion_mnist.hpp"
#include "data/gaussian_mixture.hpp"

namespace aca::data {

void add_spurious_attribute(TrainSet& set, const SpuriousParams& p, bool image, util::Engine& rng) {
  boost::random::uniform_01<double> u01;
  boost::random::normal_distribution<double> z;
  const auto n = static_cast<std::size_t>(set.n), d = static_cast<std::size_t>(set.d);
  std::vector<int> a(n);
  for (std::size_t i = 0; i < n; ++i) {
    const int agree = static_cast<int>(set.y[i] % 2);
    a[i] = u01(rng) < p.correlation ? agree : 1 - agree;
  }
  if (image) {
    const float bg = static_cast<float>(std::min(1.0, p.strength / 4.0));
    for (std::size_t i = 0; i < n; ++i)
      if (a[i] == 1)
        for (std::size_t j = 0; j < d; ++j) {
          float& v = set.x[i * d + j];
          if (v < 0.1f) v = bg;
        }
  } else {
    std::vector<float> x;
    x.reserve(n * (d + 1));
    for (std::size_t i = 0; i < n; ++i) {
      x.insert(x.end(), set.x.begin() + static_cast<std::ptrdiff_t>(i * d), set.x.begin() + static_cast<std::ptrdiff_t>((i + 1) * d));
      x.push_back(static_cast<float>((2 * a[i] - 1) * p.strength + z(rng)));
    }
    set.x = std::move(x);
    set.d += 1;
  }
  set.group.resize(n);
  for (std::size_t i = 0; i < n; ++i) set.group[i] = static_cast<std::int32_t>(2 * set.y[i] + a[i]);
  set.num_groups = 2 * set.num_classes;
}

SpuriousGroupsDataset::SpuriousGroupsDataset(TrainSet pool, const SpuriousParams& p, bool image,
                                             std::int64_t test_points, util::Engine& rng) {
  add_spurious_attribute(pool, p, image, rng);
  split(pool, test_points, rng);
  if (image) {
    lower_.assign(static_cast<std::size_t>(pool.d), 0.0f);
    upper_.assign(static_cast<std::size_t>(pool.d), 1.0f);
  }
}

std::unique_ptr<Dataset> make_spurious_groups(const config::View& root, const std::filesystem::path& base_dir,
                                              std::int64_t train_points, std::int64_t test_points,
                                              util::Engine& rng) {
  const config::View s = root.sub("data").sub("spurious_groups");
  SpuriousParams p{s.real("correlation"), s.real("strength")};
  if (s.string("base") == "fashion_mnist") {
    TrainSet pool = read_fashion_mnist_pool(fashion_mnist_folder(root, base_dir));
    const std::int64_t keep = root.sub("data").sub("fashion_mnist").integer("max_points");
    pool = seeded_subset(pool, keep, rng);
    return std::make_unique<SpuriousGroupsDataset>(std::move(pool), p, true, test_points, rng);
  }
  const GaussianMixtureParams g = gaussian_mixture_params(root);
  const std::vector<double> means = gaussian_mixture_means(g, rng);
  return std::make_unique<SpuriousGroupsDataset>(sample_gaussian_mixture(g, means, train_points + test_points, rng), p,
                                                 false, test_points, rng);
}

}  // namespace aca::data
