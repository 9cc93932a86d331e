#pragma once
// Scenario errors: every problem found in a scenario, each with file, line, column and key path.
#include <stdexcept>
#include <string>
#include <vector>

namespace aca::config {

/// One problem in a scenario, located as precisely as the source allows (line/column 0 = unknown).
struct Diagnostic {
  std::string file;     ///< scenario file, or "--set" for a command-line override
  int line = 0;         ///< 1-based line, 0 if unknown
  int column = 0;       ///< 1-based column, 0 if unknown
  std::string key;      ///< full key path, e.g. "population.size" or "collective[1].target"
  std::string message;  ///< what is wrong and what is allowed

  /// "file:line:col: error: message".
  std::string format() const;
};

/// A list of diagnostics collected while reading a scenario (all problems, not only the first).
class Diagnostics {
 public:
  void add(Diagnostic d) { items_.push_back(std::move(d)); }
  bool empty() const { return items_.empty(); }
  std::size_t size() const { return items_.size(); }
  const std::vector<Diagnostic>& items() const { return items_; }
  /// All diagnostics, one per line.
  std::string format() const;

 private:
  std::vector<Diagnostic> items_;
};

/// Thrown when a scenario (file or overrides) is invalid; the CLI maps it to exit code 2.
class ScenarioError : public std::runtime_error {
 public:
  explicit ScenarioError(Diagnostics d);
  const Diagnostics& diagnostics() const { return diags_; }

 private:
  Diagnostics diags_;
};

}  // namespace aca::config
