#pragma once
// Stata variable names for the columns of a tidy table: Stata allows at most 32 letters, digits and underscores, not
// starting with a digit, no reserved word, each name once.
#include <string>
#include <vector>

namespace aca::analysis {

/// A column's Stata name and whether it differs from the column's own.
struct StataName {
  std::string name;      ///< legal, unique within its table
  bool changed = false;  ///< true when `name` is not the column name (then the label should carry the full name)
};

/// Longest variable name Stata accepts.
inline constexpr std::size_t stata_name_max = 32;

/// Legal, unique Stata names for `columns`, in order. A legal name is kept; characters other than ASCII letters,
/// digits and '_' become '_', a leading digit gets a '_' in front, a reserved word ("in", "long", "_n", ...) a '_'
/// behind, an empty name is "v<position>"; a name longer than 32 is cut to 25 characters + '_' + 6 hex digits of a
/// hash of the full column name, and a name already taken ends in _2, _3, ... instead. The same columns always give
/// the same names.
std::vector<StataName> stata_names(const std::vector<std::string>& columns);

}  // namespace aca::analysis
