#pragma once
// A sweep point's settings (key = TOML value text, as the sweep's design table holds them) as typed table
// columns: one column per axis named util::column_name(key), strings unquoted, numbers in their shortest exact
// text, infinity as `inf`, and a list-valued axis split into one column per element (suffixed with the
// collective's column name when the key holds one entry per [[collective]], else _1, _2, …). Shared by the
// sweep's tables and `acasim analyze`'s, so both name and write a setting the same way.
#include <string>
#include <utility>
#include <vector>

namespace aca::run_folder {

/// A key = value setting of a sweep point (value as TOML text).
using Setting = std::pair<std::string, std::string>;

/// True for the keys whose list holds one entry per [[collective]], in order (population.initial_members, …).
bool per_collective_key(const std::string& key);

/// The top-level elements of a TOML inline array ("[40, 40]" → {"40", "40"}; nested arrays stay one element);
/// a text that is not an array is its own single element.
std::vector<std::string> list_elements(const std::string& toml_text);

/// One TOML scalar as a table cell: a string unquoted ('sgd' → sgd), a number in its shortest exact text
/// (0.0050000000000000001 → 0.005, 1.0 → 1), ±infinity as inf / -inf, anything else as written.
std::string setting_cell(const std::string& toml_text);

/// The typed columns of a set of sweep axes, fixed once from every point's values so all rows line up.
class SettingColumns {
 public:
  SettingColumns() = default;
  /// Columns of `axes` (in order) given the settings of every point (list axes get as many columns as their
  /// longest value) and the scenario's collective names in [[collective]] order (for per-collective lists).
  SettingColumns(const std::vector<std::string>& axes, const std::vector<std::vector<Setting>>& points,
                 const std::vector<std::string>& collectives);
  /// The column names, in order.
  const std::vector<std::string>& header() const { return header_; }
  /// The cells of one point, aligned with header(); an axis the point does not set, or a list entry it lacks,
  /// is an empty cell.
  std::vector<std::string> cells(const std::vector<Setting>& settings) const;

 private:
  struct Axis {
    std::string key;
    bool list = false;
    std::size_t width = 1;  // columns it spans
  };
  std::vector<Axis> axes_;
  std::vector<std::string> header_;
};

/// `before`, then `columns.header()`, then `after`: a table's header with the setting columns spliced in (the same
/// order serves the rows: see cells()).
std::vector<std::string> with_setting_columns(std::vector<std::string> before, const SettingColumns& columns,
                                              const std::vector<std::string>& after);

}  // namespace aca::run_folder
