#pragma once
// The scenario schema: every key is declared once (type, default, allowed values, one-line doc); that single
// declaration drives validation, `--set` overrides and the generated docs/scenario-reference.md.
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "config/diagnostics.hpp"

namespace aca::config {

class View;

/// Value types a key can hold.
enum class Kind {
  boolean,       ///< true / false
  integer,       ///< 64-bit integer
  real,          ///< floating point (integers are accepted and widened)
  string,        ///< text, optionally restricted to `choices`
  integer_list,  ///< array of integers
  real_list,     ///< array of numbers
  string_list,   ///< array of strings
  real_matrix,   ///< array of arrays of numbers (e.g. a correlation matrix)
  distribution,  ///< a number (constant) or an inline table { dist = "...", ... } (see the reference)
  value_list,    ///< array of scalars of any type (sweep values; checked when applied as overrides)
};

/// Human name of a kind ("integer", "list of numbers", ...).
std::string kind_name(Kind k);

/// A default value; its alternative must fit the key's kind (integers are accepted for reals).
using Value = std::variant<bool, std::int64_t, double, std::string, std::vector<std::int64_t>,
                           std::vector<double>, std::vector<std::string>>;

/// One declared key. Paths are dotted; `name[]` marks the elements of an array of tables.
struct KeyDecl {
  std::string path;                      ///< e.g. "population.size", "collective[].target"
  Kind kind = Kind::real;                ///< value type
  std::optional<Value> default_value;    ///< filled in when the key is absent
  bool required = false;                 ///< absent → error (only for keys without a default)
  double lo = -std::numeric_limits<double>::infinity();  ///< lower bound (numbers and list elements)
  double hi = std::numeric_limits<double>::infinity();   ///< upper bound
  bool lo_open = false;                  ///< lower bound excluded
  bool hi_open = false;                  ///< upper bound excluded
  bool infinity_allowed = false;         ///< `inf` (+∞) is a value, beyond every finite upper bound
  std::vector<std::string> choices;      ///< allowed strings (empty = any)
  std::string doc;                       ///< one-line description
  std::string label;                     ///< human name for axes and tables, e.g. "privacy budget"
  std::string unit;                      ///< unit of the value ("" when none), e.g. "agents"
  std::string symbol;                    ///< short name for legends ("" when none), e.g. "ε"
  std::vector<std::string> value_names;  ///< readable name of each of `choices` (empty: the choices themselves)
  std::string infinity_meaning;          ///< what `inf` means, e.g. "no DP" (keys with infinity_allowed)

  /// Text of the allowed values, e.g. "0 < value ≤ 1" or "one of: logit, threshold".
  std::string allowed() const;
  /// True when `v` satisfies the numeric bounds.
  bool in_range(double v) const;
};

/// A declared table: a plain section (`[platform.privacy]`) or an array of tables (`[[collective]]`).
struct TableDecl {
  std::string path;                 ///< normalised path, e.g. "platform.privacy", "collective"
  bool array = false;               ///< true for [[...]] arrays of tables
  std::string doc;                  ///< one-line description
  std::size_t min_count = 0;        ///< arrays: fewest elements allowed
  std::size_t max_count = 1000000;  ///< arrays: most elements allowed
};

/// A cross-key rule run after every key is valid (e.g. "give noise_multiplier or target_epsilon").
using Check = std::function<void(const View& root, Diagnostics& out)>;

/// The set of declarations; build it with key()/table()/table_array()/check().
class Schema {
 public:
  /// Fluent setter for the key just declared.
  class KeyBuilder {
   public:
    explicit KeyBuilder(KeyDecl& d) : d_(d) {}
    KeyBuilder& def(Value v);
    KeyBuilder& def(int v) { return def(Value(static_cast<std::int64_t>(v))); }
    KeyBuilder& def(double v) { return def(Value(v)); }
    KeyBuilder& def(bool v) { return def(Value(v)); }
    KeyBuilder& def(const char* v) { return def(Value(std::string(v))); }
    /// Inclusive range lo ≤ value ≤ hi.
    KeyBuilder& range(double lo, double hi);
    /// Exclusive lower bound: value > lo.
    KeyBuilder& above(double lo);
    /// Inclusive lower bound: value ≥ lo.
    KeyBuilder& at_least(double lo);
    /// Exclusive upper bound: value < hi.
    KeyBuilder& below(double hi);
    /// Also allows `inf` (+∞), with a meaning the doc states and `meaning` names in labels (e.g. "no DP").
    KeyBuilder& or_infinity(std::string meaning = "");
    /// Restricts a string (or string list elements) to these values.
    KeyBuilder& choices(std::vector<std::string> c);
    /// Marks the key as required (no default).
    KeyBuilder& required();
    /// The one-line documentation.
    KeyBuilder& doc(std::string text);
    /// The human name axes, legends and the reference use ("privacy budget").
    KeyBuilder& label(std::string text);
    /// The unit of the value ("agents").
    KeyBuilder& unit(std::string text);
    /// The short symbol of legends ("ε").
    KeyBuilder& symbol(std::string text);
    /// Readable names of the choices, in the order of choices() ("Group DRO" for "gdro").
    KeyBuilder& value_names(std::vector<std::string> names);

   private:
    KeyDecl& d_;
  };

  /// Declares a key; the path's parent tables are declared implicitly.
  KeyBuilder key(std::string path, Kind kind);
  /// Documents a plain table (section).
  void table(std::string path, std::string doc);
  /// Declares an array of tables with its allowed element count.
  void table_array(std::string path, std::string doc, std::size_t min_count = 0,
                   std::size_t max_count = 1000000);
  /// Adds a cross-key rule.
  void check(Check fn);

  /// The key with this normalised path (indices replaced by []), or nullptr.
  const KeyDecl* find_key(std::string_view path) const;
  /// The table with this normalised path, or nullptr.
  const TableDecl* find_table(std::string_view path) const;
  /// All keys, in declaration order.
  const std::vector<KeyDecl>& keys() const { return keys_; }
  /// All tables, in declaration order.
  const std::vector<TableDecl>& tables() const { return tables_; }
  /// All cross-key rules.
  const std::vector<Check>& checks() const { return checks_; }

 private:
  void ensure_parents(const std::string& path);
  std::vector<KeyDecl> keys_;
  std::vector<TableDecl> tables_;
  std::vector<Check> checks_;
};

/// The acasim scenario schema (built once, immutable afterwards).
const Schema& scenario_schema();

/// Markdown reference of every key (what docs/scenario-reference.md contains).
std::string reference_markdown(const Schema& schema);

/// The closest candidate to `word` by edit distance, or "" when none is close enough to suggest.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace aca::config
