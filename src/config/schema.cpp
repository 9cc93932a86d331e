#include "config/schema.hpp"

#include <stdexcept>

#include "util/csv_writer.hpp"

namespace aca::config {

std::string kind_name(Kind k) {
  switch (k) {
    case Kind::boolean: return "boolean";
    case Kind::integer: return "integer";
    case Kind::real: return "number";
    case Kind::string: return "string";
    case Kind::integer_list: return "list of integers";
    case Kind::real_list: return "list of numbers";
    case Kind::string_list: return "list of strings";
    case Kind::real_matrix: return "matrix (list of lists of numbers)";
    case Kind::distribution: return "distribution";
    case Kind::value_list: return "list of values";
  }
  return "?";
}

std::string KeyDecl::allowed() const {
  if (!choices.empty()) {
    std::string s = "one of: ";
    for (std::size_t i = 0; i < choices.size(); ++i) s += (i ? ", " : "") + choices[i];
    return s;
  }
  const bool has_lo = lo != -std::numeric_limits<double>::infinity();
  const bool has_hi = hi != std::numeric_limits<double>::infinity();
  if (!has_lo && !has_hi) return "";
  std::string s;
  if (has_lo) s += util::format_number(lo) + (lo_open ? " < " : " ≤ ");
  s += "value";
  if (has_hi) s += (hi_open ? " < " : " ≤ ") + util::format_number(hi);
  if (infinity_allowed) s += ", or inf";
  return s;
}

bool KeyDecl::in_range(double v) const {
  if (infinity_allowed && v == std::numeric_limits<double>::infinity()) return true;
  if (lo_open ? !(v > lo) : !(v >= lo)) return false;
  if (hi_open ? !(v < hi) : !(v <= hi)) return false;
  return true;
}

Schema::KeyBuilder& Schema::KeyBuilder::or_infinity(std::string meaning) {
  d_.infinity_allowed = true;
  d_.infinity_meaning = std::move(meaning);
  return *this;
}
Schema::KeyBuilder& Schema::KeyBuilder::label(std::string text) {
  d_.label = std::move(text);
  return *this;
}
Schema::KeyBuilder& Schema::KeyBuilder::unit(std::string text) {
  d_.unit = std::move(text);
  return *this;
}
Schema::KeyBuilder& Schema::KeyBuilder::symbol(std::string text) {
  d_.symbol = std::move(text);
  return *this;
}
Schema::KeyBuilder& Schema::KeyBuilder::value_names(std::vector<std::string> names) {
  d_.value_names = std::move(names);
  return *this;
}
Schema::KeyBuilder& Schema::KeyBuilder::def(Value v) {
  d_.default_value = std::move(v);
  return *this;
}
Schema::KeyBuilder& Schema::KeyBuilder::range(double lo, double hi) {
  d_.lo = lo;
  d_.hi = hi;
  d_.lo_open = d_.hi_open = false;
  return *this;
}
Schema::KeyBuilder& Schema::KeyBuilder::above(double lo) {
  d_.lo = lo;
  d_.lo_open = true;
  return *this;
}
Schema::KeyBuilder& Schema::KeyBuilder::at_least(double lo) {
  d_.lo = lo;
  d_.lo_open = false;
  return *this;
}
Schema::KeyBuilder& Schema::KeyBuilder::below(double hi) {
  d_.hi = hi;
  d_.hi_open = true;
  return *this;
}
Schema::KeyBuilder& Schema::KeyBuilder::choices(std::vector<std::string> c) {
  d_.choices = std::move(c);
  return *this;
}
Schema::KeyBuilder& Schema::KeyBuilder::required() {
  d_.required = true;
  return *this;
}
Schema::KeyBuilder& Schema::KeyBuilder::doc(std::string text) {
  d_.doc = std::move(text);
  return *this;
}

void Schema::ensure_parents(const std::string& path) {
  for (std::size_t dot = path.find('.'); dot != std::string::npos; dot = path.find('.', dot + 1)) {
    std::string parent = path.substr(0, dot);
    bool array = parent.size() > 2 && parent.compare(parent.size() - 2, 2, "[]") == 0;
    if (array) parent.resize(parent.size() - 2);
    if (!find_table(parent)) {
      if (array) throw std::logic_error("schema: declare table_array " + parent + " before its keys");
      tables_.push_back(TableDecl{parent, false, "", 0, 0});
    }
  }
}

Schema::KeyBuilder Schema::key(std::string path, Kind kind) {
  if (find_key(path)) throw std::logic_error("schema: key declared twice: " + path);
  ensure_parents(path);
  keys_.push_back(KeyDecl{});
  keys_.back().path = std::move(path);
  keys_.back().kind = kind;
  return KeyBuilder(keys_.back());
}

void Schema::table(std::string path, std::string doc) {
  ensure_parents(path + ".x");
  for (auto& t : tables_)
    if (t.path == path) {
      t.doc = std::move(doc);
      return;
    }
}

void Schema::table_array(std::string path, std::string doc, std::size_t min_count, std::size_t max_count) {
  ensure_parents(path);
  if (find_table(path)) throw std::logic_error("schema: table declared twice: " + path);
  tables_.push_back(TableDecl{std::move(path), true, std::move(doc), min_count, max_count});
}

void Schema::check(Check fn) { checks_.push_back(std::move(fn)); }

const KeyDecl* Schema::find_key(std::string_view path) const {
  for (const auto& k : keys_)
    if (k.path == path) return &k;
  return nullptr;
}

const TableDecl* Schema::find_table(std::string_view path) const {
  for (const auto& t : tables_)
    if (t.path == path) return &t;
  return nullptr;
}

}  // namespace aca::config
