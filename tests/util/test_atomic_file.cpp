#include <catch2/catch.hpp>

#include "support/slurp.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "util/atomic_file.hpp"

namespace fs = std::filesystem;
using namespace aca::util;

TEST_CASE("an atomic output appears only after commit", "[atomic]") {
  const fs::path dir = fs::temp_directory_path() / "acasim_test_atomic";
  fs::create_directories(dir);
  const fs::path p = dir / "out.csv";
  fs::remove(p);
  {
    AtomicOutput out(p);
    out.stream() << "a,b\n1,2\n";
    REQUIRE_FALSE(fs::exists(p));
    out.commit();
  }
  REQUIRE(slurp(p) == "a,b\n1,2\n");
}

TEST_CASE("an abandoned atomic output leaves neither the file nor its temporary", "[atomic]") {
  const fs::path dir = fs::temp_directory_path() / "acasim_test_atomic";
  fs::create_directories(dir);
  const fs::path p = dir / "abandoned.csv";
  fs::remove(p);
  {
    AtomicOutput out(p);
    out.stream() << "partial";
  }
  REQUIRE_FALSE(fs::exists(p));
  for (const auto& e : fs::directory_iterator(dir)) REQUIRE(e.path().filename().string().rfind("abandoned.csv", 0) != 0);
}

TEST_CASE("write_file_atomic replaces an existing file whole", "[atomic]") {
  const fs::path p = fs::temp_directory_path() / "acasim_test_atomic" / "replace.txt";
  fs::create_directories(p.parent_path());
  write_file_atomic(p, "old contents that are longer");
  write_file_atomic(p, "new");
  REQUIRE(slurp(p) == "new");
}

TEST_CASE("two writers of the same path at once do not share a temporary and the last commit wins whole",
          "[atomic]") {
  const fs::path p = fs::temp_directory_path() / "acasim_test_atomic" / "shared.txt";
  fs::create_directories(p.parent_path());
  AtomicOutput a(p), b(p);
  a.stream() << std::string(1000, 'a');
  b.stream() << std::string(10, 'b');
  a.commit();
  REQUIRE(slurp(p) == std::string(1000, 'a'));
  b.commit();
  REQUIRE(slurp(p) == std::string(10, 'b'));
}

TEST_CASE("a durable commit flushes the file and its folder, and a folder gone before the commit is an error naming "
          "the file", "[atomic]") {
  const fs::path dir = fs::temp_directory_path() / "acasim_test_atomic_vanished";
  fs::remove_all(dir);
  fs::create_directories(dir);
  REQUIRE_NOTHROW(sync_folder(dir));
  write_file_atomic(dir / "kept.txt", "kept");
  REQUIRE_NOTHROW(sync_file(dir / "kept.txt"));
  AtomicOutput out(dir / "lost.csv");
  out.stream() << "a,b\n";
  fs::remove_all(dir);
  // Never a silent success: the data could not reach the disk under its name.
  REQUIRE_THROWS_WITH(out.commit(), Catch::Contains((dir / "lost.csv").string()));
  REQUIRE_THROWS_WITH(sync_file(dir / "kept.txt"), Catch::Contains((dir / "kept.txt").string()));
  REQUIRE_THROWS_WITH(sync_folder(dir), Catch::Contains(dir.string()));
}
