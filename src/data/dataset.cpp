#include "data/dataset.hpp"

#include <algorithm>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

#include <boost/random/uniform_int_distribution.hpp>

#include "config/scenario.hpp"
#include "data/categorical.hpp"
#include "data/class_share.hpp"
#include "data/csv_dataset.hpp"
#include "data/fashion_mnist.hpp"
#include "data/gaussian_mixture.hpp"
#include "data/linear_regression.hpp"
#include "data/spurious_groups.hpp"

namespace aca::data {

TrainSet take_rows(const TrainSet& set, const std::vector<std::int64_t>& rows) {
  TrainSet out;
  out.n = static_cast<std::int64_t>(rows.size());
  out.d = set.d;
  out.num_classes = set.num_classes;
  out.num_groups = set.num_groups;
  out.shape = set.shape;
  out.categories = set.categories;
  out.x.resize(static_cast<std::size_t>(out.n * out.d));
  out.y.resize(rows.size());
  if (!set.group.empty()) out.group.resize(rows.size());
  if (!set.weight.empty()) out.weight.resize(rows.size());
  if (!set.response.empty()) out.response.resize(rows.size());
  const auto d = static_cast<std::size_t>(set.d);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto r = static_cast<std::size_t>(rows[i]);
    std::copy(set.x.begin() + static_cast<std::ptrdiff_t>(r * d), set.x.begin() + static_cast<std::ptrdiff_t>((r + 1) * d),
              out.x.begin() + static_cast<std::ptrdiff_t>(i * d));
    out.y[i] = set.y[r];
    if (!set.group.empty()) out.group[i] = set.group[r];
    if (!set.weight.empty()) out.weight[i] = set.weight[r];
    if (!set.response.empty()) out.response[i] = set.response[r];
  }
  return out;
}

TrainSet seeded_subset(const TrainSet& set, std::int64_t keep, util::Engine& rng) {
  if (keep <= 0 || keep >= set.n) return set;
  // Partial Fisher–Yates: only the first `keep` positions are drawn.
  std::vector<std::int64_t> idx(static_cast<std::size_t>(set.n));
  std::iota(idx.begin(), idx.end(), 0);
  for (std::int64_t i = 0; i < keep; ++i) {
    boost::random::uniform_int_distribution<std::int64_t> pick(i, set.n - 1);
    std::swap(idx[static_cast<std::size_t>(i)], idx[static_cast<std::size_t>(pick(rng))]);
  }
  idx.resize(static_cast<std::size_t>(keep));
  std::sort(idx.begin(), idx.end());
  return take_rows(set, idx);
}

void Dataset::split(const TrainSet& pool, std::int64_t test_size, util::Engine& rng) {
  if (test_size >= pool.n)
    throw DataSettingError("test_size", "test_size = " + std::to_string(test_size) +
                                            " leaves no training points (the data has " + std::to_string(pool.n) + " rows)");
  std::vector<std::int64_t> order(static_cast<std::size_t>(pool.n));
  std::iota(order.begin(), order.end(), 0);
  // Fisher–Yates with Boost's specified integer distribution, so the split is the same on every platform.
  for (std::size_t i = order.size(); i > 1; --i) {
    boost::random::uniform_int_distribution<std::size_t> pick(0, i - 1);
    std::swap(order[i - 1], order[pick(rng)]);
  }
  const std::vector<std::int64_t> test_rows(order.begin(), order.begin() + test_size);
  const std::vector<std::int64_t> train_rows(order.begin() + test_size, order.end());
  test_ = take_rows(pool, test_rows);
  train_ = take_rows(pool, train_rows);
  lower_.assign(static_cast<std::size_t>(pool.d), -std::numeric_limits<float>::max());
  upper_.assign(static_cast<std::size_t>(pool.d), std::numeric_limits<float>::max());
}

void Dataset::apply_class_share(const ClassShare& cs, std::int64_t n, util::Engine& rng) {
  train_ = with_class_share(train_, cs, n, rng);
}

std::int64_t required_train_points(const config::View& root) {
  return root.sub("population").integer("size") * root.sub("data").integer("points_per_agent");
}

namespace {

std::unique_ptr<Dataset> read_source(const config::View& root, const std::filesystem::path& base_dir, std::uint64_t seed) {
  const config::View d = root.sub("data");
  const std::string source = d.string("source");
  const std::int64_t need = required_train_points(root);
  const std::int64_t test = d.integer("test_size");
  util::Engine rng = util::make_stream(seed, util::streams::data);
  std::unique_ptr<Dataset> out;
  if (source == "categorical") {
    out = std::make_unique<CategoricalDataset>(categorical_params(root), need, test, rng);
  } else if (source == "gaussian_mixture") {
    out = std::make_unique<GaussianMixtureDataset>(gaussian_mixture_params(root), need, test, rng);
  } else if (source == "linear_regression") {
    out = std::make_unique<LinearRegressionDataset>(linear_regression_params(root), need, test, rng);
  } else if (source == "fashion_mnist") {
    out = std::make_unique<FashionMnistDataset>(fashion_mnist_folder(root, base_dir),
                                                static_cast<std::int64_t>(d.sub("fashion_mnist").integer("max_points")),
                                                test, rng, d.sub("fashion_mnist").boolean("official_split"));
  } else if (source == "csv") {
    out = std::make_unique<CsvDataset>(csv_options(root, base_dir), test, rng);
  } else if (source == "spurious_groups") {
    out = make_spurious_groups(root, base_dir, need, test, rng);
  } else {
    throw std::runtime_error("data: unknown source \"" + source + "\"");
  }
  return out;
}

// The [data] key to blame for a failure that carries none: the file the source reads, else the source itself.
std::string file_key(const config::View& d) {
  const std::string source = d.string("source");
  if (source == "csv") return "csv.file";
  if (source == "fashion_mnist" || (source == "spurious_groups" && d.sub("spurious_groups").string("base") == "fashion_mnist"))
    return "fashion_mnist.path";
  return "source";
}

[[noreturn]] void blame(const config::View& d, const std::string& key, const std::string& message) {
  config::Diagnostics diags;
  diags.add(d.diag(key, "`data." + key + "`: " + message));
  throw config::ScenarioError(std::move(diags));
}

}  // namespace

std::unique_ptr<Dataset> make_dataset(const config::View& root, const std::filesystem::path& base_dir,
                                      std::uint64_t seed) {
  const config::View d = root.sub("data");
  const std::string source = d.string("source");
  const std::int64_t need = required_train_points(root);
  const std::int64_t test = d.integer("test_size");
  std::unique_ptr<Dataset> out;
  // Reading the data is where a wrong path, column or size shows: each is the scenario's mistake, told at its key.
  try {
    out = read_source(root, base_dir, seed);
  } catch (const config::ScenarioError&) {
    throw;
  } catch (const DataSettingError& e) {
    blame(d, e.key(), e.what());
  } catch (const std::runtime_error& e) {
    blame(d, file_key(d), e.what());
  } catch (const std::invalid_argument& e) {
    blame(d, file_key(d), e.what());
  }
  if (out->train().n < need)
    blame(d, "points_per_agent", "population.size × data.points_per_agent = " + std::to_string(need) +
                                     " training points, but the " + source + " data has only " +
                                     std::to_string(out->train().n) + " after holding out test_size = " +
                                     std::to_string(test) + " (lower the population, points_per_agent or test_size)");
  if (const auto cs = class_share_option(root)) {
    // Its own stream, so that setting a share leaves the split and every other data draw unchanged.
    util::Engine share_rng = util::make_stream(seed, class_share_stream);
    const config::View where = d.sub("class_share");
    const bool bad_class = cs->label >= out->train().num_classes;
    try {
      out->apply_class_share(*cs, need, share_rng);
    } catch (const ClassShareError& e) {
      config::Diagnostics diags;
      diags.add(where.diag(bad_class ? "class" : "share", std::string("data.class_share: ") + e.what()));
      throw config::ScenarioError(std::move(diags));
    }
  }
  return out;
}

}  // namespace aca::data
