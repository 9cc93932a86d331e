#pragma once
// The run's tidy outputs: one long-format CSV row per round × collective × metric.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "util/atomic_file.hpp"

namespace aca::sim {

/// Writes metrics.csv (columns round, collective, metric, value, source) atomically.
class Recorder {
 public:
  /// Opens `dir`/metrics.csv (as a temporary until commit()) and writes `prefix` (a checkpoint's metrics.csv,
  /// header included) or, when it is empty, the header. With `keep_text` the whole content is also kept in
  /// memory for checkpoints (text()).
  explicit Recorder(const std::filesystem::path& dir, const std::string& prefix = "", bool keep_text = false);
  /// Records one value; `collective` is "" for platform-wide metrics (written as run_folder::platform_collective),
  /// `source` the mode that produced it.
  void record(long round, const std::string& collective, const std::string& metric, double value,
              const std::string& source);
  /// Renames the finished file into place.
  void commit();
  /// Everything written so far (only with keep_text).
  const std::string& text() const { return text_; }

  /// The columns of metrics.csv, in order.
  static const std::vector<std::string>& columns();

 private:
  void write(const std::string& s);

  util::AtomicOutput out_;
  bool keep_;
  std::string text_;
};

/// The first value of each (collective, metric) in a metrics.csv.
using MetricsStart = std::map<std::pair<std::string, std::string>, double>;

/// Reads the first value of every (collective, metric) of the metrics.csv a Recorder wrote at `path`; throws
/// std::runtime_error naming the file and line for a row that is not one.
MetricsStart read_metrics_start(const std::filesystem::path& path);

/// Checks that `text` (read from `path`) is what a Recorder wrote up to and including round `last_round`: the
/// header, then rows of five fields with an integer round in 0..last_round, never decreasing and
/// ending at last_round, and a number as value.
/// Throws std::runtime_error naming the file and line of the first row that is not one.
void check_metrics_rows(const std::string& text, const std::filesystem::path& path, long last_round);

}  // namespace aca::sim
