#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <tuple>

#include "config/scenario.hpp"
#include "data/dataset.hpp"
#include "data/gaussian_mixture.hpp"
#include "data/idx_file.hpp"
#include "data/spurious_groups.hpp"

using namespace aca;
using namespace aca::data;
namespace fs = std::filesystem;

TEST_CASE("Gaussian mixture class means are pairwise `separation` apart", "[gaussian_mixture]") {
  for (int K : {2, 5, 6, 9}) {
    GaussianMixtureParams p;
    p.classes = K;
    p.dim = 5;
    p.separation = 3.0;
    util::Engine rng = util::make_stream(1, util::streams::data);
    const std::vector<double> mu = gaussian_mixture_means(p, rng);
    for (int a = 0; a < K; ++a)
      for (int b = a + 1; b < K; ++b) {
        double d2 = 0;
        for (int j = 0; j < 5; ++j) d2 += std::pow(mu[static_cast<std::size_t>(a * 5 + j)] - mu[static_cast<std::size_t>(b * 5 + j)], 2);
        // Exact simplex while K ≤ dim + 1.
        if (K <= 6) REQUIRE(std::sqrt(d2) == Approx(3.0).margin(1e-9));
      }
    // Beyond dim + 1 the means are random directions that keep the simplex's norm s/√2.
    if (K > 6)
      for (int a = 0; a < K; ++a) {
        double n2 = 0;
        for (int j = 0; j < 5; ++j) n2 += std::pow(mu[static_cast<std::size_t>(a * 5 + j)], 2);
        REQUIRE(std::sqrt(n2) == Approx(3.0 / std::sqrt(2.0)).margin(1e-9));
      }
  }
}

TEST_CASE("Gaussian mixture samples have the class means and unit noise", "[gaussian_mixture]") {
  GaussianMixtureParams p;
  p.classes = 3;
  p.dim = 4;
  p.separation = 2.0;
  p.class_weights = {1, 1, 2};
  util::Engine rng = util::make_stream(2, util::streams::data);
  const GaussianMixtureDataset ds(p, 40000, 100, rng);
  std::vector<double> count(3, 0), first(3, 0), sq(3, 0);
  for (std::int64_t i = 0; i < ds.train().n; ++i) {
    const auto k = static_cast<std::size_t>(ds.train().y[static_cast<std::size_t>(i)]);
    const double v = ds.train().x[static_cast<std::size_t>(i * 4)] - ds.means()[k * 4];
    count[k] += 1, first[k] += v, sq[k] += v * v;
  }
  // Class 2 has weight 1/2; mean and variance of the noise within 5 standard errors.
  REQUIRE(count[2] / 40000 == Approx(0.5).margin(5 * std::sqrt(0.25 / 40000)));
  for (std::size_t k = 0; k < 3; ++k) {
    REQUIRE(std::abs(first[k] / count[k]) < 5 / std::sqrt(count[k]));
    REQUIRE(std::abs(sq[k] / count[k] - 1.0) < 5 * std::sqrt(2.0 / count[k]));
  }
}

TEST_CASE("spurious groups: the attribute agrees with the label parity at the set correlation", "[spurious_groups]") {
  GaussianMixtureParams g;
  g.classes = 2;
  g.dim = 3;
  util::Engine rng = util::make_stream(4, util::streams::data);
  TrainSet s = sample_gaussian_mixture(g, gaussian_mixture_means(g, rng), 20000, rng);
  add_spurious_attribute(s, SpuriousParams{0.9, 2.0}, false, rng);
  REQUIRE(s.d == 4);
  REQUIRE(s.num_groups == 4);
  std::int64_t agree = 0;
  std::vector<std::int64_t> per_group(4, 0);
  for (std::size_t i = 0; i < 20000; ++i) {
    const int a = s.group[i] % 2;
    agree += a == s.y[i] % 2;
    ++per_group[static_cast<std::size_t>(s.group[i])];
  }
  const double tol = std::sqrt(std::log(2.0 / 1e-6) / (2.0 * 20000));
  REQUIRE(std::abs(static_cast<double>(agree) / 20000 - 0.9) <= tol);
  // Minority groups (attribute disagreeing with the label) are the small ones.
  REQUIRE(per_group[1] < per_group[0] / 5);
  REQUIRE(per_group[2] < per_group[3] / 5);
}

TEST_CASE("make_dataset reads every source of a scenario", "[dataset]") {
  const fs::path dir = fs::temp_directory_path() / "acasim_test_make_dataset";
  fs::remove_all(dir);
  fs::create_directories(dir / "mnist");
  {
    std::ofstream csv(dir / "table.csv");
    csv << "a,b,label\n";
    for (int i = 0; i < 40; ++i) csv << i << "," << (i % 3 == 0 ? "x" : "y") << "," << i % 2 << "\n";
  }
  for (const char* part : {"train", "t10k"}) {
    IdxArray im{{30, 6, 6}, std::vector<std::uint8_t>(30 * 36, 0)};
    IdxArray lb{{30}, {}};
    for (int i = 0; i < 30; ++i) lb.data.push_back(static_cast<std::uint8_t>(i % 10)), im.data[static_cast<std::size_t>(i * 36 + 14)] = 200;
    write_idx_gz(dir / "mnist" / (std::string(part) + "-images-idx3-ubyte.gz"), im);
    write_idx_gz(dir / "mnist" / (std::string(part) + "-labels-idx1-ubyte.gz"), lb);
  }
  auto build = [&](const std::string& text) {
    const config::Scenario s = config::parse_scenario(text, (dir / "s.toml").string());
    return make_dataset(s.root(), dir, 42);
  };
  const auto csv = build("[population]\nsize = 30\n[data]\nsource = \"csv\"\ntest_size = 10\n"
                         "[data.csv]\nfile = \"table.csv\"\ncategorical = [\"b\"]\n");
  REQUIRE(csv->kind() == "csv");
  REQUIRE(csv->train().n == 30);
  REQUIRE(csv->train().d == 3);
  const auto img = build("[population]\nsize = 40\n[data]\nsource = \"fashion_mnist\"\ntest_size = 20\n"
                         "[data.fashion_mnist]\npath = \"mnist\"\n");
  REQUIRE(img->train().n == 40);
  REQUIRE(img->train().shape == std::vector<std::int64_t>{1, 6, 6});
  REQUIRE(img->upper()[0] == 1.0f);
  const auto gm = build("[population]\nsize = 100\n[data]\nsource = \"gaussian_mixture\"\ntest_size = 50\n"
                        "[data.gaussian_mixture]\nclasses = 3\ndim = 2\n");
  REQUIRE(gm->train().n == 100);
  REQUIRE(gm->train().num_classes == 3);
  const auto sg = build("[population]\nsize = 100\n[data]\nsource = \"spurious_groups\"\ntest_size = 50\n");
  REQUIRE(sg->train().num_groups == 4);
  REQUIRE(sg->test().group.size() == 50);
  const auto sgi = build("[population]\nsize = 40\n[data]\nsource = \"spurious_groups\"\ntest_size = 20\n"
                         "[data.spurious_groups]\nbase = \"fashion_mnist\"\n[data.fashion_mnist]\npath = \"mnist\"\n");
  REQUIRE(sgi->train().num_groups == 20);
  REQUIRE(sgi->train().shape == std::vector<std::int64_t>{1, 6, 6});

  // 60 images − 20 test rows leave 40: a population of 41 does not fit, and the message says why.
  REQUIRE_THROWS_WITH(build("[population]\nsize = 41\n[data]\nsource = \"fashion_mnist\"\ntest_size = 20\n"
                            "[data.fashion_mnist]\npath = \"mnist\"\n"),
                      Catch::Contains("population.size × data.points_per_agent = 41 training points, but the "
                                      "fashion_mnist data has only 40"));
  REQUIRE_THROWS_WITH(build("[population]\nsize = 10\n[data]\nsource = \"fashion_mnist\"\n"
                            "[data.fashion_mnist]\npath = \"nowhere\"\n"),
                      Catch::Contains("cannot open the IDX file"));
}

TEST_CASE("fashion_mnist official_split trains on the train part and tests on t10k, seeded", "[dataset]") {
  const fs::path dir = fs::temp_directory_path() / "acasim_test_official_split";
  fs::remove_all(dir);
  fs::create_directories(dir / "mnist");
  // Pixel 0 tells the parts apart: i/255 in train (40 images), (100 + i)/255 in t10k (30 images).
  for (const auto& [part, count, base] : {std::tuple<const char*, int, int>{"train", 40, 0}, {"t10k", 30, 100}}) {
    IdxArray im{{count, 4, 4}, std::vector<std::uint8_t>(static_cast<std::size_t>(count) * 16, 0)};
    IdxArray lb{{count}, {}};
    for (int i = 0; i < count; ++i) lb.data.push_back(static_cast<std::uint8_t>(i % 10)), im.data[static_cast<std::size_t>(i * 16)] = static_cast<std::uint8_t>(base + i);
    write_idx_gz(dir / "mnist" / (std::string(part) + "-images-idx3-ubyte.gz"), im);
    write_idx_gz(dir / "mnist" / (std::string(part) + "-labels-idx1-ubyte.gz"), lb);
  }
  auto build = [&](const std::string& extra, int size, int test, std::uint64_t seed) {
    const config::Scenario s = config::parse_scenario(
        "[population]\nsize = " + std::to_string(size) + "\n[data]\nsource = \"fashion_mnist\"\ntest_size = " +
            std::to_string(test) + "\n[data.fashion_mnist]\npath = \"mnist\"\n" + extra,
        (dir / "s.toml").string());
    return make_dataset(s.root(), dir, seed);
  };
  const auto a = build("official_split = true\n", 40, 20, 5);
  REQUIRE(a->train().n == 40);
  REQUIRE(a->test().n == 20);
  std::set<int> train_marks, test_marks;
  for (std::int64_t i = 0; i < 40; ++i) train_marks.insert(static_cast<int>(std::lround(a->train().x[static_cast<std::size_t>(i * 16)] * 255)));
  for (std::int64_t i = 0; i < 20; ++i) test_marks.insert(static_cast<int>(std::lround(a->test().x[static_cast<std::size_t>(i * 16)] * 255)));
  REQUIRE(train_marks.size() == 40);  // every training image, each once
  REQUIRE(*train_marks.rbegin() < 100);
  REQUIRE(test_marks.size() == 20);
  REQUIRE(*test_marks.begin() >= 100);
  // Seeded: the same seed gives the same order, another seed another order (agents own random images).
  REQUIRE(build("official_split = true\n", 40, 20, 5)->train().x == a->train().x);
  REQUIRE(build("official_split = true\n", 40, 20, 6)->train().x != a->train().x);
  REQUIRE_THROWS_WITH(build("official_split = true\n", 10, 31, 5), Catch::Contains("test_size = 31 but the official test part"));
  REQUIRE_THROWS_WITH(build("official_split = true\nmax_points = 50\n", 10, 5, 5),
                      Catch::Contains("s.toml:") && Catch::Contains("set max_points = 0"));
}
