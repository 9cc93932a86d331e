#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include <unistd.h>

#include "sim/recorder.hpp"
#include "support/slurp.hpp"

namespace fs = std::filesystem;

TEST_CASE("the recorder names the collective of platform-wide rows platform, and collectives by their name",
          "[sim][recorder]") {
  const fs::path dir = fs::temp_directory_path() / ("acasim_test_recorder_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  aca::sim::Recorder rec(dir);
  rec.record(0, "", "clean_accuracy", 0.75, "learned");
  rec.record(0, "riders", "alpha", 0.5, "learned");
  rec.commit();
  CHECK(slurp(dir / "metrics.csv") ==
        "round,collective,metric,value,source\n0,platform,clean_accuracy,0.75,learned\n0,riders,alpha,0.5,learned\n");
  // read_metrics_start keys rows as written.
  const auto start = aca::sim::read_metrics_start(dir / "metrics.csv");
  CHECK(start.at({"platform", "clean_accuracy"}) == 0.75);
  fs::remove_all(dir);
}
