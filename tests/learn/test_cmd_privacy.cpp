#include <catch2/catch.hpp>

#include <string>

#include "learn/accountant.hpp"
#include "tests/cli/run_process.hpp"

namespace {
double json_number(const std::string& json, const std::string& key) {
  const auto at = json.find("\"" + key + "\": ");
  REQUIRE(at != std::string::npos);
  return std::stod(json.substr(at + key.size() + 4));
}
}  // namespace

TEST_CASE("acasim privacy prints the Opacus epsilon and the best order", "[learn][cli]") {
  const auto r = run_acasim("privacy --sample-rate 0.04 --noise-multiplier 1.5 --steps 2250 --delta 1e-5");
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.output, Catch::Contains("epsilon = 7.32911"));
  CHECK_THAT(r.output, Catch::Contains("best RDP order = 3.9"));
}

TEST_CASE("acasim privacy --json gives one object with the documented keys", "[learn][cli]") {
  const auto r = run_acasim("privacy --sample-rate 0.001 --noise-multiplier 1.0 --steps 1000 --delta 1e-5 --json");
  REQUIRE(r.exit_code == 0);
  REQUIRE(r.output.front() == '{');
  CHECK(json_number(r.output, "epsilon") == Approx(0.677826).epsilon(1e-4));
  CHECK(json_number(r.output, "delta") == Approx(1e-5));
  CHECK(json_number(r.output, "noise_multiplier") == 1.0);
  CHECK(json_number(r.output, "sample_rate") == Approx(0.001));
  CHECK(json_number(r.output, "steps") == 1000);
  CHECK(json_number(r.output, "order") == 13);
  CHECK_THAT(r.output, Catch::Contains("\"accountant\": \"rdp\""));
}

TEST_CASE("acasim privacy --target-epsilon prints a sigma whose epsilon is within 1 percent below the target",
          "[learn][cli]") {
  const auto r = run_acasim("privacy --sample-rate 0.04 --steps 2250 --delta 1e-5 --target-epsilon 8 --json");
  REQUIRE(r.exit_code == 0);
  const double sigma = json_number(r.output, "noise_multiplier");
  CHECK(sigma == Approx(1.416).epsilon(0.01));
  const double eps = aca::learn::rdp_epsilon(0.04, sigma, 2250, 1e-5).epsilon;
  CHECK(eps <= 8);
  CHECK(eps >= 0.99 * 8);
  CHECK(json_number(r.output, "epsilon") == Approx(eps));
}

TEST_CASE("acasim privacy rejects out-of-range values with exit 2 and the allowed range", "[learn][cli]") {
  struct Case {
    const char* args;
    const char* expect;
  };
  const Case cases[] = {
      {"--sample-rate 0 --noise-multiplier 1 --steps 10 --delta 1e-5", "allowed 0 < q ≤ 1"},
      {"--sample-rate 1.5 --noise-multiplier 1 --steps 10 --delta 1e-5", "allowed 0 < q ≤ 1"},
      {"--sample-rate 0.1 --noise-multiplier 0 --steps 10 --delta 1e-5", "allowed σ > 0"},
      {"--sample-rate 0.1 --noise-multiplier 1 --steps 0 --delta 1e-5", "allowed steps ≥ 1"},
      {"--sample-rate 0.1 --noise-multiplier 1 --steps 10 --delta 1", "allowed 0 < δ < 1"},
      {"--sample-rate 0.1 --noise-multiplier 1 --steps 10 --delta 0", "allowed 0 < δ < 1"},
      {"--sample-rate 0.1 --target-epsilon 0 --steps 10 --delta 1e-5", "allowed ε > 0"},
      {"--sample-rate 0.1 --noise-multiplier 1 --target-epsilon 1 --steps 10 --delta 1e-5", "exactly one of"},
      {"--sample-rate 0.1 --noise-multiplier 1 --delta 1e-5", "--steps is required"},
      {"--sample-rate 0.1 --noise-multiplier 1 --steps 10 --delta 1e-5 --accountant pld", "allowed values: rdp, prv"},
  };
  for (const auto& c : cases) {
    INFO(c.args);
    const auto r = run_acasim(std::string("privacy ") + c.args);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.output, Catch::Contains(c.expect));
  }
}

TEST_CASE("acasim privacy --accountant prv prints the PRV upper bound", "[learn][cli]") {
  const auto r = run_acasim(
      "privacy --sample-rate 0.001 --noise-multiplier 1.0 --steps 1000 --delta 1e-5 --accountant prv --json");
  REQUIRE(r.exit_code == 0);
  CHECK(json_number(r.output, "epsilon") == Approx(0.158944).epsilon(1e-4));  // Opacus 1.4 PRVAccountant
  CHECK_THAT(r.output, Catch::Contains("\"accountant\": \"prv\""));
  CHECK_THAT(r.output, !Catch::Contains("\"order\""));
}
