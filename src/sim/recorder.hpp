#pragma once
// The run's tidy outputs: one long-format CSV row per round × collective × metric.
#include <filesystem>
#include <memory>
#include <string>

#include "util/csv_writer.hpp"

namespace aca::sim {

/// Writes metrics.csv (columns round, collective, metric, value, source) atomically.
class Recorder {
 public:
  /// Opens `dir`/metrics.csv (as a temporary until commit()).
  explicit Recorder(const std::filesystem::path& dir);
  /// Records one value; `collective` is "" for platform-wide metrics, `source` the mode that produced it.
  void record(long round, const std::string& collective, const std::string& metric, double value,
              const std::string& source);
  /// Renames the finished file into place.
  void commit();

  /// The columns of metrics.csv, in order.
  static const std::vector<std::string>& columns();

 private:
  util::CsvWriter csv_;
};

}  // namespace aca::sim
