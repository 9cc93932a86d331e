#pragma once
// Readers for a run folder's outputs: metrics.csv (tidy long format written by sim::Recorder: columns
// round, collective, metric, value, source) and manifest.json (summary.json: run_folder/summary_record.hpp).
#include <cstdint>
#include <filesystem>
#include <istream>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "run_folder/json_file.hpp"

namespace aca::analysis {

/// A malformed input file; what() reads "FILE:LINE:COLUMN: message" (line/column 0 when not applicable).
class RunReadError : public std::runtime_error {
 public:
  /// Builds the located message.
  RunReadError(const std::string& file, long line, long column, const std::string& message);
  long line() const { return line_; }      ///< 1-based line of the defect (0: whole file)
  long column() const { return column_; }  ///< 1-based column (CSV field or JSON character; 0: whole line)

 private:
  long line_, column_;
};

/// One metric of one collective over rounds, in file order.
struct Series {
  /// Collective name; "" for platform-wide metrics (`platform` in the file, or an empty field in older files).
  std::string collective;
  std::string metric;                ///< metric name, e.g. "alpha", "success"
  std::vector<long> rounds;          ///< round of each value
  std::vector<double> values;        ///< the values ("nan"/"inf" read as such)
  std::vector<std::string> sources;  ///< distinct `source` entries (mode that produced the values), first-seen order
};

/// Every series of a metrics.csv, in order of first appearance.
struct RunMetrics {
  std::vector<Series> series;  ///< one per (collective, metric)

  /// The series of (collective, metric), or nullptr.
  const Series* find(const std::string& collective, const std::string& metric) const;
  /// The series of (collective, metric); throws std::out_of_range naming both when absent.
  const Series& at(const std::string& collective, const std::string& metric) const;
  /// Distinct collective names in order of first appearance ("" included when platform metrics exist).
  std::vector<std::string> collectives() const;
};

/// One metric of several collectives aligned on the sorted union of their rounds.
struct MetricTable {
  std::string metric;                       ///< the metric
  std::vector<long> rounds;                 ///< sorted distinct rounds
  std::vector<std::string> collectives;     ///< collectives that report the metric, in order of first appearance
  std::vector<std::vector<double>> values;  ///< values[k][t]: collective k at rounds[t]; NaN where absent
};

/// Aligns `metric` across collectives (platform-wide "" included only if it reports the metric); throws
/// std::invalid_argument when a collective reports the same round twice.
MetricTable align_metric(const RunMetrics& metrics, const std::string& metric);

/// Parses metrics.csv text; `name` is used in error messages. Columns are found by header name (any order,
/// extra columns ignored); every row must have the header's field count and parse (round integer, value number).
RunMetrics parse_metrics_csv(std::istream& in, const std::string& name);
/// Reads a metrics.csv file; throws RunReadError for unreadable or malformed files.
RunMetrics read_metrics_csv(const std::filesystem::path& file);

/// manifest.json: what produced a run (run_folder's JSON document with typed lookups).
struct Manifest {
  run_folder::Json doc;  ///< the whole document, members in file order

  /// String member `key`, or `fallback` when absent or not a string.
  std::string string_or(const std::string& key, const std::string& fallback = "") const;
  /// Number member `key` as a double; nullopt when absent or null.
  std::optional<double> number(const std::string& key) const;
  /// Integer member `key` (exact for 64-bit values); nullopt when absent, null or not an integer.
  std::optional<std::int64_t> integer(const std::string& key) const;
  /// Member "status" ("complete", "stopped" or "failed"); "" when absent.
  std::string status() const { return string_or("status"); }
  std::string mode() const { return string_or("mode"); }  ///< simulation mode that produced the run
  /// Top-level members that are not objects or arrays, as text (strings unquoted), in file order.
  std::vector<std::pair<std::string, std::string>> scalar_fields() const;
};

/// Reads `path` (a manifest.json file) and parses it; throws RunReadError naming the file, line and column.
Manifest read_manifest(const std::filesystem::path& path);

/// A run folder's outputs.
struct RunOutputs {
  std::filesystem::path dir;         ///< the folder
  RunMetrics metrics;                ///< metrics.csv
  std::optional<Manifest> manifest;  ///< manifest.json, absent when the folder has none
};

/// Reads `dir`/metrics.csv (required) and `dir`/manifest.json (optional). Throws run_folder::FolderRefused naming
/// the folder and its status when the manifest says the run is not complete.
RunOutputs read_run(const std::filesystem::path& dir);

}  // namespace aca::analysis
