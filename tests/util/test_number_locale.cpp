// Numbers acasim writes and reads do not depend on the C locale: under a locale whose decimal separator is a comma
// (German, compiled here with localedef from the Debian `locales` package), the text is the "C" locale's.
#include <catch2/catch.hpp>

#include <clocale>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <string>

#include "util/csv_writer.hpp"

namespace fs = std::filesystem;

namespace {

/// Compiles de_DE.UTF-8 into a temporary LOCPATH and switches LC_NUMERIC to it; restores "C" on destruction.
struct GermanNumbers {
  GermanNumbers() {
    const fs::path dir = fs::temp_directory_path() / "acasim_locale";
    fs::create_directories(dir);
    if (!fs::exists(dir / "de_DE.UTF-8"))
      std::system(("localedef -i de_DE -f UTF-8 " + (dir / "de_DE.UTF-8").string() + " 2>/dev/null").c_str());
    setenv("LOCPATH", dir.c_str(), 1);
    active = std::setlocale(LC_NUMERIC, "de_DE.UTF-8") != nullptr;
  }
  ~GermanNumbers() {
    std::setlocale(LC_NUMERIC, "C");
    unsetenv("LOCPATH");
  }
  bool active = false;
};

std::string printf_g(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace

TEST_CASE("format_number and read_double give the C locale's text under a decimal-comma locale", "[util]") {
  const GermanNumbers german;
  // The locale must really be in force (printf writes a comma), or the test would prove nothing.
  REQUIRE(german.active);
  REQUIRE(printf_g(0.5) == "0,5");

  CHECK(aca::util::format_number(0.5) == "0.5");
  CHECK(aca::util::format_number(0.1) == "0.1");
  CHECK(aca::util::format_number(1.0 / 3.0) == "0.3333333333333333");
  CHECK(aca::util::format_number(1e-5) == "1e-05");
  CHECK(aca::util::format_number(-2.5e10) == "-2.5e+10");
  double v = 0.0;
  REQUIRE(aca::util::read_double("0.25", v));
  CHECK(v == 0.25);
  REQUIRE(aca::util::read_double(aca::util::format_number(1.0 / 3.0), v));
  CHECK(v == 1.0 / 3.0);
  CHECK_FALSE(aca::util::read_double("0,25", v));
}

TEST_CASE("read_double reads what strtod reads in the C locale and refuses partial numbers", "[util]") {
  double v = 0.0;
  REQUIRE(aca::util::read_double(" +1.5e2", v));
  CHECK(v == 150.0);
  REQUIRE(aca::util::read_double("inf", v));
  CHECK(v == std::numeric_limits<double>::infinity());
  REQUIRE(aca::util::read_double("-inf", v));
  CHECK(v == -std::numeric_limits<double>::infinity());
  REQUIRE(aca::util::read_double("nan", v));
  CHECK(std::isnan(v));
  CHECK_FALSE(aca::util::read_double("", v));
  CHECK_FALSE(aca::util::read_double("1.5x", v));
  CHECK_FALSE(aca::util::read_double("+-1", v));
  CHECK_FALSE(aca::util::read_double("1e999", v));
}

TEST_CASE("read_doubles reads every field of a cache row and refuses a row with one field that is not a number",
          "[util][csv]") {
  std::vector<double> v;
  REQUIRE(aca::util::read_doubles("0.5,inf,-2,1e-3", v));
  REQUIRE(v.size() == 4);
  CHECK(v[0] == 0.5);
  CHECK(std::isinf(v[1]));
  CHECK(v[2] == -2.0);
  CHECK(v[3] == 1e-3);
  CHECK_FALSE(aca::util::read_doubles("0.5,x,2", v));
  CHECK_FALSE(aca::util::read_doubles("0.5,,2", v));
  REQUIRE(aca::util::read_doubles("", v));
  CHECK(v.empty());
}
