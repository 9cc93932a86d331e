#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <zlib.h>

#include "data/fashion_mnist.hpp"
#include "data/idx_file.hpp"

using namespace aca::data;
namespace fs = std::filesystem;

namespace {
fs::path temp_dir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("acasim_test_idx_" + name);
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

// A tiny image set: n images of h×w with pixel (i, r, c) = (i·7 + r·3 + c) mod 256 and label i mod 10.
void write_fixture(const fs::path& dir, const std::string& part, std::int64_t n, std::int64_t h, std::int64_t w) {
  IdxArray im{{n, h, w}, {}};
  for (std::int64_t i = 0; i < n; ++i)
    for (std::int64_t r = 0; r < h; ++r)
      for (std::int64_t c = 0; c < w; ++c) im.data.push_back(static_cast<std::uint8_t>((i * 7 + r * 3 + c) % 256));
  IdxArray lb{{n}, {}};
  for (std::int64_t i = 0; i < n; ++i) lb.data.push_back(static_cast<std::uint8_t>(i % 10));
  write_idx_gz(dir / (part + "-images-idx3-ubyte.gz"), im);
  write_idx_gz(dir / (part + "-labels-idx1-ubyte.gz"), lb);
}

// Writes raw bytes through gzip (to build corrupt IDX content inside a valid gzip stream).
void write_gz_bytes(const fs::path& file, const std::vector<std::uint8_t>& bytes) {
  gzFile gz = gzopen(file.c_str(), "wb");
  REQUIRE(gz != nullptr);
  REQUIRE(gzwrite(gz, bytes.data(), static_cast<unsigned>(bytes.size())) == static_cast<int>(bytes.size()));
  gzclose(gz);
}

IdxProblem problem_of(const fs::path& file, int ndims) {
  try {
    read_idx_gz(file, ndims);
  } catch (const IdxError& e) {
    return e.problem();
  }
  FAIL("no IdxError for " << file);
  return IdxProblem::open;
}
}  // namespace

TEST_CASE("an IDX fixture round-trips through write_idx_gz and read_idx_gz", "[idx]") {
  const fs::path d = temp_dir("roundtrip");
  write_fixture(d, "train", 12, 5, 4);
  const IdxArray a = read_idx_gz(d / "train-images-idx3-ubyte.gz", 3);
  REQUIRE(a.dims == std::vector<std::int64_t>{12, 5, 4});
  REQUIRE(a.data.size() == 240);
  REQUIRE(a.data[(3 * 5 + 2) * 4 + 1] == (3 * 7 + 2 * 3 + 1) % 256);
  const TrainSet s = read_idx_images(d / "train-images-idx3-ubyte.gz", d / "train-labels-idx1-ubyte.gz");
  REQUIRE(s.n == 12);
  REQUIRE(s.d == 20);
  REQUIRE(s.shape == std::vector<std::int64_t>{1, 5, 4});
  REQUIRE(s.y[11] == 1);
  REQUIRE(s.x[(3 * 5 + 2) * 4 + 1] == Approx((3 * 7 + 2 * 3 + 1) / 255.0));
}

TEST_CASE("truncated, wrong-magic and wrong-size IDX files each raise their own error", "[idx]") {
  const fs::path d = temp_dir("bad");
  // Header announces 3×2×2 = 12 bytes, only 10 follow.
  std::vector<std::uint8_t> header{0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 2};
  std::vector<std::uint8_t> truncated = header;
  truncated.resize(header.size() + 10, 1);
  write_gz_bytes(d / "truncated.gz", truncated);
  REQUIRE(problem_of(d / "truncated.gz", 3) == IdxProblem::truncated);
  REQUIRE_THROWS_WITH(read_idx_gz(d / "truncated.gz", 3), Catch::Contains("announces 12 bytes, the file holds 10"));

  std::vector<std::uint8_t> magic = header;
  magic[2] = 0x0d;  // float data, not unsigned bytes
  magic.resize(header.size() + 12, 1);
  write_gz_bytes(d / "magic.gz", magic);
  REQUIRE(problem_of(d / "magic.gz", 3) == IdxProblem::magic);
  REQUIRE_THROWS_WITH(read_idx_gz(d / "magic.gz", 3), Catch::Contains("bad IDX magic number 0x00000d03"));
  // A labels file read as images has the wrong number of dimensions in its magic.
  write_fixture(d, "x", 3, 2, 2);
  REQUIRE(problem_of(d / "x-labels-idx1-ubyte.gz", 3) == IdxProblem::magic);

  std::vector<std::uint8_t> extra = header;
  extra.resize(header.size() + 15, 1);
  write_gz_bytes(d / "extra.gz", extra);
  REQUIRE(problem_of(d / "extra.gz", 3) == IdxProblem::size);

  // Image and label counts that disagree.
  write_fixture(d, "a", 4, 2, 2);
  write_fixture(d, "b", 5, 2, 2);
  try {
    read_idx_images(d / "a-images-idx3-ubyte.gz", d / "b-labels-idx1-ubyte.gz");
    FAIL("mismatched counts accepted");
  } catch (const IdxError& e) {
    REQUIRE(e.problem() == IdxProblem::size);
    REQUIRE_THAT(e.what(), Catch::Contains("holds 4 images but"));
  }

  REQUIRE(problem_of(d / "missing.gz", 3) == IdxProblem::open);

  // Dimensions whose product overflows 64 bits must not wrap around to a small size.
  std::vector<std::uint8_t> huge{0, 0, 8, 3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x01, 0x00, 0x01};
  huge.resize(huge.size() + 4, 1);
  write_gz_bytes(d / "huge.gz", huge);
  REQUIRE(problem_of(d / "huge.gz", 3) == IdxProblem::truncated);

  // A gzip stream cut in the middle.
  write_fixture(d, "big", 50, 28, 28);
  std::ifstream in(d / "big-images-idx3-ubyte.gz", std::ios::binary);
  std::vector<char> gz((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::ofstream(d / "cut.gz", std::ios::binary).write(gz.data(), static_cast<std::streamsize>(gz.size() / 2));
  REQUIRE(problem_of(d / "cut.gz", 3) == IdxProblem::truncated);
}

TEST_CASE("the installed Fashion-MNIST files read as 70,000 labelled 28×28 images", "[idx][fashion_mnist]") {
  const fs::path folder = "/usr/share/datasets/fashion-mnist";
  INFO("CI installs Debian's dataset-fashion-mnist; this test needs " << folder);
  REQUIRE(fs::exists(folder / "train-images-idx3-ubyte.gz"));
  const TrainSet s = read_fashion_mnist_pool(folder);
  REQUIRE(s.n == 70000);
  REQUIRE(s.d == 784);
  REQUIRE(s.shape == std::vector<std::int64_t>{1, 28, 28});
  std::vector<int> per_label(10, 0);
  for (auto y : s.y) ++per_label[static_cast<std::size_t>(y)];
  for (int c : per_label) REQUIRE(c == 7000);  // Fashion-MNIST is balanced: 6,000 + 1,000 per class
  float lo = 1, hi = 0;
  for (float v : s.x) lo = std::min(lo, v), hi = std::max(hi, v);
  REQUIRE(lo == 0.0f);
  REQUIRE(hi == 1.0f);
}
