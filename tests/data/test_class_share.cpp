#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "config/scenario.hpp"
#include "data/class_share.hpp"
#include "data/dataset.hpp"
#include "data/idx_file.hpp"

using namespace aca;
using namespace aca::data;
namespace fs = std::filesystem;

namespace {
// 1,000 rows, 5 classes in turn (200 each); feature 0 is the row index so that rows can be traced back.
TrainSet numbered_pool() {
  TrainSet s;
  s.n = 1000;
  s.d = 2;
  s.num_classes = 5;
  for (std::int64_t i = 0; i < s.n; ++i) {
    s.x.push_back(static_cast<float>(i));
    s.x.push_back(static_cast<float>(i % 7));
    s.y.push_back(i % 5);
  }
  return s;
}

std::int64_t count_label(const TrainSet& s, std::int64_t label) {
  return std::count(s.y.begin(), s.y.end(), label);
}

// A fashion_mnist folder of 2 × 50 6×6 images whose labels cycle 0–9 (10 images per class).
fs::path tiny_idx_folder() {
  const fs::path dir = fs::temp_directory_path() / "acasim_test_class_share" / "mnist";
  fs::create_directories(dir);
  for (const char* part : {"train", "t10k"}) {
    IdxArray im{{50, 6, 6}, std::vector<std::uint8_t>(50 * 36, 0)};
    IdxArray lb{{50}, {}};
    for (int i = 0; i < 50; ++i) lb.data.push_back(static_cast<std::uint8_t>(i % 10)), im.data[static_cast<std::size_t>(i * 36)] = static_cast<std::uint8_t>(i);
    write_idx_gz(dir / (std::string(part) + "-images-idx3-ubyte.gz"), im);
    write_idx_gz(dir / (std::string(part) + "-labels-idx1-ubyte.gz"), lb);
  }
  return dir.parent_path();
}

std::string image_scenario(int size, const std::string& class_share) {
  return "[population]\nsize = " + std::to_string(size) + "\n[data]\nsource = \"fashion_mnist\"\ntest_size = 20\n"
         "[data.fashion_mnist]\npath = \"mnist\"\n" + class_share;
}
}  // namespace

TEST_CASE("with_class_share keeps exactly round(share*n) rows of the class and n rows in all", "[class_share]") {
  const TrainSet pool = numbered_pool();
  for (double share : {0.05, 0.3, 0.333, 0.5, 0.9}) {
    util::Engine rng = util::make_stream(7, class_share_stream);
    const TrainSet t = with_class_share(pool, ClassShare{2, share}, 220, rng);
    INFO("share " << share);
    REQUIRE(t.n == 220);
    REQUIRE(t.y.size() == 220);
    REQUIRE(t.x.size() == 440);
    REQUIRE(count_label(t, 2) == std::llround(share * 220));
    REQUIRE(class_share_rows(ClassShare{2, share}, 220) == std::llround(share * 220));
  }
}

TEST_CASE("with_class_share returns distinct pool rows, unchanged and in the pool's order", "[class_share]") {
  const TrainSet pool = numbered_pool();
  util::Engine rng = util::make_stream(8, class_share_stream);
  const TrainSet t = with_class_share(pool, ClassShare{4, 0.5}, 300, rng);
  std::set<std::int64_t> seen;
  std::int64_t last = -1;
  for (std::int64_t i = 0; i < t.n; ++i) {
    const auto row = static_cast<std::int64_t>(t.x[static_cast<std::size_t>(2 * i)]);
    REQUIRE(row > last);
    last = row;
    seen.insert(row);
    REQUIRE(t.y[static_cast<std::size_t>(i)] == pool.y[static_cast<std::size_t>(row)]);
    REQUIRE(t.x[static_cast<std::size_t>(2 * i + 1)] == pool.x[static_cast<std::size_t>(2 * row + 1)]);
  }
  REQUIRE(seen.size() == 300);
}

TEST_CASE("with_class_share draws the same rows for the same seed and other rows for another", "[class_share]") {
  const TrainSet pool = numbered_pool();
  auto draw = [&](std::uint64_t seed) {
    util::Engine rng = util::make_stream(seed, class_share_stream);
    return with_class_share(pool, ClassShare{1, 0.2}, 400, rng).x;
  };
  REQUIRE(draw(11) == draw(11));
  REQUIRE(draw(11) != draw(12));
}

TEST_CASE("with_class_share says how many rows of the class and of the rest are needed and available",
          "[class_share]") {
  const TrainSet pool = numbered_pool();
  util::Engine rng = util::make_stream(9, class_share_stream);
  // 0.5 × 600 = 300 rows of class 3, but the pool has 200 of it (and 800 others).
  REQUIRE_THROWS_AS(with_class_share(pool, ClassShare{3, 0.5}, 600, rng), ClassShareError);
  REQUIRE_THROWS_WITH(with_class_share(pool, ClassShare{3, 0.5}, 600, rng),
                      Catch::Contains("needs 300 rows of class 3 and 300 of the other classes") &&
                          Catch::Contains("has 200 and 800"));
  // 0.1 × 1000: 100 of class 3 exist, but the other 900 exceed the 800 others.
  REQUIRE_THROWS_WITH(with_class_share(pool, ClassShare{3, 0.1}, 1000, rng),
                      Catch::Contains("needs 100 rows of class 3 and 900 of the other classes") &&
                          Catch::Contains("has 200 and 800"));
  REQUIRE_THROWS_WITH(with_class_share(pool, ClassShare{5, 0.1}, 100, rng),
                      Catch::Contains("class 5 is not a label of the data (labels 0..4)"));
}

TEST_CASE("make_dataset applies data.class_share to the training rows and leaves the test rows as split",
          "[class_share][dataset]") {
  const fs::path dir = tiny_idx_folder().parent_path() / "acasim_test_class_share";
  auto build = [&](const std::string& text, std::uint64_t seed) {
    const config::Scenario s = config::parse_scenario(text, (dir / "s.toml").string());
    return make_dataset(s.root(), dir, seed);
  };
  // 100 images − 20 test rows = 80 training rows holding about 8 bags; 40 of them with share 0.125 → 5 bags.
  const auto plain = build(image_scenario(40, ""), 3);
  const auto shared = build(image_scenario(40, "[data.class_share]\nclass = 8\nshare = 0.125\n"), 3);
  REQUIRE(shared->train().n == 40);
  REQUIRE(count_label(shared->train(), 8) == 5);
  REQUIRE(shared->test().x == plain->test().x);
  REQUIRE(shared->test().y == plain->test().y);
  const auto again = build(image_scenario(40, "[data.class_share]\nclass = 8\nshare = 0.125\n"), 3);
  REQUIRE(again->train().x == shared->train().x);
}

TEST_CASE("data.class_share errors are located at the key and give the counts", "[class_share][dataset]") {
  const fs::path dir = tiny_idx_folder().parent_path() / "acasim_test_class_share";
  auto build = [&](const std::string& text) {
    const config::Scenario s = config::parse_scenario(text, (dir / "s.toml").string());
    return make_dataset(s.root(), dir, 3);
  };
  // 0.5 × 60 = 30 bags, but 80 training rows hold only about 8.
  try {
    build(image_scenario(60, "[data.class_share]\nclass = 8\nshare = 0.5\n"));
    FAIL("expected a ScenarioError");
  } catch (const config::ScenarioError& e) {
    const std::string msg = e.diagnostics().format();
    INFO(msg);
    CHECK(msg.find("s.toml:10:") != std::string::npos);  // the `share` line
    CHECK(msg.find("share 0.5 of 60 training rows needs 30 rows of class 8 and 30 of the other classes") != std::string::npos);
    CHECK(msg.find("training pool (after holding out the test rows) has ") != std::string::npos);
  }
  try {
    build(image_scenario(20, "[data.class_share]\nclass = 12\nshare = 0.5\n"));
    FAIL("expected a ScenarioError");
  } catch (const config::ScenarioError& e) {
    const std::string msg = e.diagnostics().format();
    INFO(msg);
    CHECK(msg.find("s.toml:9:") != std::string::npos);  // the `class` line
    CHECK(msg.find("class 12 is not a label of the data (labels 0..9)") != std::string::npos);
  }
  REQUIRE_THROWS_WITH(config::parse_scenario("[data]\nsource = \"gaussian_mixture\"\n[data.class_share]\nclass = 1\nshare = 0.3\n", "g.toml"),
                      Catch::Contains("g.toml:5:") && Catch::Contains("pooled source (fashion_mnist or csv), not \"gaussian_mixture\""));
  REQUIRE_THROWS_WITH(config::parse_scenario("[data]\nsource = \"csv\"\n[data.csv]\nfile = \"t.csv\"\n[data.class_share]\nshare = 0.3\n", "c.toml"),
                      Catch::Contains("needs both `class` and `share`"));
  for (const char* share : {"0.0", "1.0", "1.5"})
    REQUIRE_THROWS_AS(config::parse_scenario(std::string("[data]\nsource = \"csv\"\n[data.csv]\nfile = \"t.csv\"\n"
                                                         "[data.class_share]\nclass = 0\nshare = ") + share + "\n", "c.toml"),
                      config::ScenarioError);
}

TEST_CASE("data.class_share works on a csv table", "[class_share][dataset]") {
  const fs::path dir = fs::temp_directory_path() / "acasim_test_class_share";
  fs::create_directories(dir);
  {
    std::ofstream csv(dir / "table.csv");
    csv << "a,label\n";
    // Labels "no" (code 0) and "yes" (code 1, sorted text), yes on every fourth row: 50 of 200.
    for (int i = 0; i < 200; ++i) csv << i << "," << (i % 4 == 0 ? "yes" : "no") << "\n";
  }
  const config::Scenario s = config::parse_scenario(
      "[population]\nsize = 100\n[data]\nsource = \"csv\"\ntest_size = 50\n[data.csv]\nfile = \"table.csv\"\n"
      "[data.class_share]\nclass = 1\nshare = 0.3\n",
      (dir / "c.toml").string());
  const auto ds = make_dataset(s.root(), dir, 5);
  REQUIRE(ds->train().n == 100);
  REQUIRE(count_label(ds->train(), 1) == 30);
}
