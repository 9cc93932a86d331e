#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "util/atomic_file.hpp"

namespace fs = std::filesystem;
using namespace aca::util;

static std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

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
  REQUIRE_FALSE(fs::exists(dir / "abandoned.csv.partial"));
}

TEST_CASE("write_file_atomic replaces an existing file whole", "[atomic]") {
  const fs::path p = fs::temp_directory_path() / "acasim_test_atomic" / "replace.txt";
  fs::create_directories(p.parent_path());
  write_file_atomic(p, "old contents that are longer");
  write_file_atomic(p, "new");
  REQUIRE(slurp(p) == "new");
}
