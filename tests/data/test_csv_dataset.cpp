#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "data/csv_dataset.hpp"

using namespace aca;
using namespace aca::data;
namespace fs = std::filesystem;

namespace {
CsvOptions write_csv(const std::string& name, const std::string& text) {
  const fs::path dir = fs::temp_directory_path() / "acasim_test_csv";
  fs::create_directories(dir);
  CsvOptions o;
  o.file = dir / name;
  std::ofstream(o.file) << text;
  return o;
}

std::string error_of(const CsvOptions& o) {
  try {
    read_csv_table(o);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("a CSV table reads labels, groups, numeric and one-hot features", "[csv]") {
  CsvOptions o = write_csv("good.csv",
                           "age,colour,label,site,id\n"
                           "30,red,yes,b,1\n"
                           "\"40\",blue,no,a,2\n"
                           "50,\"red\",yes,a,3\n");
  o.group = "site";
  o.categorical = {"colour"};
  o.ignore = {"id"};
  const CsvTable t = read_csv_table(o);
  REQUIRE(t.feature_names == std::vector<std::string>{"age", "colour=blue", "colour=red"});
  REQUIRE(t.numeric == std::vector<bool>{true, false, false});
  REQUIRE(t.label_values == std::vector<std::string>{"no", "yes"});
  REQUIRE(t.set.n == 3);
  REQUIRE(t.set.x == std::vector<float>{30, 0, 1, 40, 1, 0, 50, 0, 1});
  REQUIRE(t.set.y == std::vector<std::int64_t>{1, 0, 1});
  REQUIRE(t.set.group == std::vector<std::int32_t>{1, 0, 0});
  REQUIRE(t.set.num_groups == 2);
  REQUIRE(t.set.num_classes == 2);
}

TEST_CASE("numeric labels keep their numeric order", "[csv]") {
  const CsvTable t = read_csv_table(write_csv("numlabels.csv", "x,label\n1,10\n2,2\n3,0\n"));
  REQUIRE(t.label_values == std::vector<std::string>{"0", "2", "10"});
  REQUIRE(t.set.y == std::vector<std::int64_t>{2, 1, 0});
}

TEST_CASE("CSV errors name the file, the line and the column", "[csv]") {
  const std::string malformed = error_of(write_csv("malformed.csv", "a,b,label\n1,2,0\n3,4\n"));
  REQUIRE_THAT(malformed, Catch::Contains("malformed.csv:3: malformed row: 2 fields, the header has 3"));
  const std::string quote = error_of(write_csv("quote.csv", "a,label\n\"1,0\n"));
  REQUIRE_THAT(quote, Catch::Contains("quote.csv:2: malformed row: unterminated quoted field"));
  const std::string no_label = error_of(write_csv("nolabel.csv", "a,b,target\n1,2,0\n"));
  REQUIRE_THAT(no_label, Catch::Contains("no label column \"label\" in the header (columns: a, b, target)"));
  const std::string text = error_of(write_csv("text.csv", "a,b,label\n1,2,0\n3,high,1\n"));
  REQUIRE_THAT(text, Catch::Contains("text.csv:3: column 2 \"b\": \"high\" is not a number"));
  const std::string missing = error_of(write_csv("missing.csv", "a,b,label\n1,2,0\n3,,1\n4,NA,1\n"));
  REQUIRE_THAT(missing, Catch::Contains("missing.csv:3: column 2 \"b\": missing value"));
  const std::string missing_label = error_of(write_csv("missinglabel.csv", "a,label\n1,0\n2,\n"));
  REQUIRE_THAT(missing_label, Catch::Contains("missinglabel.csv:3: column 2 \"label\": missing value"));
}

TEST_CASE("CSV standardisation uses the training split's statistics only", "[csv]") {
  std::string text = "x,label\n";
  for (int i = 0; i < 200; ++i) text += std::to_string(i * i % 97) + "," + std::to_string(i % 2) + "\n";
  CsvOptions o = write_csv("standardise.csv", text);
  util::Engine rng = util::make_stream(3, util::streams::data);
  const CsvDataset ds(o, 50, rng);
  REQUIRE(ds.train().n == 150);
  double sum = 0, sq = 0;
  for (float v : ds.train().x) sum += v, sq += v * v;
  REQUIRE(sum / 150 == Approx(0.0).margin(1e-5));
  REQUIRE(sq / 150 == Approx(1.0).margin(1e-4));
  // The test rows use the same transform, so their mean is not forced to 0.
  double test_sum = 0;
  for (float v : ds.test().x) test_sum += v;
  REQUIRE(std::abs(test_sum / 50) > 1e-4);
}
