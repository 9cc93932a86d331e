#include "config/labels.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace aca::config {

namespace {

std::string unquoted(std::string v) {
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) v = v.substr(1, v.size() - 2);
  return v;
}

std::string trimmed(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// A TOML number ("4.0", "inf", "+inf", "1e-5") as a double, or NaN when `s` is not one.
double toml_number(const std::string& s) {
  if (s == "inf" || s == "+inf") return INFINITY;
  if (s == "-inf") return -INFINITY;
  if (s.empty()) return NAN;
  std::string digits;
  for (char c : s)
    if (c != '_') digits += c;  // TOML allows 1_000
  char* end = nullptr;
  const double v = std::strtod(digits.c_str(), &end);
  return end && *end == '\0' ? v : NAN;
}

std::string scalar_label(const KeyDecl* k, const std::string& text) {
  const std::string v = unquoted(trimmed(text));
  if (k && !k->value_names.empty())
    for (std::size_t i = 0; i < k->choices.size() && i < k->value_names.size(); ++i)
      if (k->choices[i] == v) return k->value_names[i];
  const double x = toml_number(v);
  if (std::isinf(x))
    return std::string(x > 0 ? "∞" : "−∞") + (k && !k->infinity_meaning.empty() ? " (" + k->infinity_meaning + ")" : "");
  if (!std::isnan(x)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", x);
    return buf;
  }
  return v;
}

// A key as the schema names it: declared itself, or a field of a declared distribution
// ("population.threshold.mean": the mean of τ's distribution), which sweeps vary but the schema does not list.
struct Named {
  const KeyDecl* key = nullptr;  // the declared key (the distribution for a field)
  std::string field;             // the distribution's field ("" for a declared key)
};

Named find_named(std::string_view key, const Schema& schema) {
  const std::string path = schema_path(key);
  if (const KeyDecl* k = schema.find_key(path)) return {k, ""};
  const auto dot = path.rfind('.');
  if (dot == std::string::npos) return {};
  const KeyDecl* parent = schema.find_key(path.substr(0, dot));
  if (!parent || parent->kind != Kind::distribution || parent->label.empty()) return {};
  return {parent, path.substr(dot + 1)};
}

}  // namespace

std::string schema_path(std::string_view key) {
  std::string out;
  std::size_t start = 0;
  while (start <= key.size()) {
    const std::size_t dot = std::min(key.find('.', start), key.size());
    const std::string_view part = key.substr(start, dot - start);
    const bool index = !part.empty() && part.find_first_not_of("0123456789") == std::string_view::npos;
    if (index) out += "[]";
    else out += (out.empty() ? "" : ".") + std::string(part);
    start = dot + 1;
  }
  return out;
}

std::string axis_label(std::string_view key, const Schema& schema) {
  const Named n = find_named(key, schema);
  const KeyDecl* k = n.key;
  if (!k || k->label.empty()) return std::string(key);
  return k->label + (k->symbol.empty() ? "" : " " + k->symbol) + (n.field.empty() ? "" : ", " + n.field) +
         (k->unit.empty() ? "" : " (" + k->unit + ")");
}

std::string value_label(std::string_view key, const std::string& value, const Schema& schema) {
  const KeyDecl* k = schema.find_key(schema_path(key));
  const std::string v = trimmed(value);
  if (v.size() < 2 || v.front() != '[' || v.back() != ']') return scalar_label(k, v);
  // An array value (e.g. initial_members = [60, 20]): each element named, brackets dropped.
  std::string out;
  std::size_t start = 1;
  while (start < v.size() - 1) {
    std::size_t comma = v.find(',', start);
    if (comma == std::string::npos || comma > v.size() - 1) comma = v.size() - 1;
    const std::string element = trimmed(v.substr(start, comma - start));
    if (!element.empty()) out += (out.empty() ? "" : ", ") + scalar_label(k, element);
    start = comma + 1;
  }
  return out;
}

std::string setting_label(std::string_view key, const std::string& value, const Schema& schema) {
  const Named n = find_named(key, schema);
  const KeyDecl* k = n.field.empty() ? n.key : nullptr;  // a distribution's field is a number, not its kind
  const std::string base = !n.key ? std::string(key) : !n.key->symbol.empty() ? n.key->symbol
                                                     : !n.key->label.empty() ? n.key->label
                                                                             : std::string(key);
  const std::string name = n.field.empty() ? base : base + " " + n.field;
  const std::string v = value_label(key, value, schema);
  // A choice reads as "learner: Group DRO", a number as "ε = 4".
  const bool named_choice = k && (k->kind == Kind::string || k->kind == Kind::string_list || k->kind == Kind::boolean);
  return name + (named_choice ? ": " : " = ") + v;
}

std::string settings_label(const std::vector<std::pair<std::string, std::string>>& settings, const Schema& schema) {
  std::string out;
  for (const auto& [key, value] : settings) out += (out.empty() ? "" : ", ") + setting_label(key, value, schema);
  return out;
}

}  // namespace aca::config
