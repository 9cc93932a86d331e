#include <sstream>

#include "config/labels.hpp"
#include "config/schema.hpp"
#include "util/csv_writer.hpp"

namespace aca::config {

namespace {

std::string default_text(const KeyDecl& k) {
  if (!k.default_value) return k.required ? "**required**" : "*(unset)*";
  return std::visit(
      [&](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, bool>) return v ? "`true`" : "`false`";
        else if constexpr (std::is_same_v<T, std::int64_t>)
          return "`" + (k.kind == Kind::real || k.kind == Kind::distribution ? util::format_number(double(v))
                                                                             : std::to_string(v)) + "`";
        else if constexpr (std::is_same_v<T, double>) return "`" + util::format_number(v) + "`";
        else if constexpr (std::is_same_v<T, std::string>) return "`\"" + v + "\"`";
        else {
          std::string s = "`[";
          for (std::size_t i = 0; i < v.size(); ++i) {
            if (i) s += ", ";
            if constexpr (std::is_same_v<typename T::value_type, std::string>) s += "\"" + v[i] + "\"";
            else if constexpr (std::is_same_v<typename T::value_type, double>) s += util::format_number(v[i]);
            else s += std::to_string(v[i]);
          }
          return s + "]`";
        }
      },
      *k.default_value);
}

std::string parent_of(const std::string& p) {
  const auto dot = p.rfind('.');
  return dot == std::string::npos ? "" : p.substr(0, dot);
}

std::string heading(const TableDecl& t) {
  if (t.array) return "`[[" + t.path + "]]`";
  return "`[" + t.path + "]`";
}

}  // namespace

std::string reference_markdown(const Schema& schema) {
  std::ostringstream os;
  os << "# Scenario reference\n\n"
        "<!-- Generated from the schema in src/config/ by `acasim schema --markdown`; do not edit by hand.\n"
        "     A test fails when this file is stale: regenerate it with\n"
        "     `build/release/src/cli/acasim schema --markdown > docs/scenario-reference.md`. -->\n\n"
        "Every key a scenario may contain, with its type, default and allowed values. Unknown keys are "
        "errors. Any key can be overridden on the command line with `--set key=value` "
        "(array elements as `collective.0.target`). Figures and reports name a key by its label (with its symbol "
        "and unit) and a setting by its symbol or label and value, e.g. \"ε = ∞ (no DP)\" or \"learner: Group DRO\".\n\n"
        "## Distributions\n\n"
        "Keys of type *distribution* take a number (a constant) or an inline table:\n\n"
        "| `dist` | parameters |\n|---|---|\n"
        "| `constant` | `value` |\n"
        "| `uniform` | `low`, `high` |\n"
        "| `normal` | `mean`, `sd`; optional `min`, `max` (clamp) |\n"
        "| `lognormal` | `mu`, `sigma` (of the log); optional `min`, `max` (clamp) |\n"
        "| `beta` | `a`, `b`; optional `low`, `high` (rescale from [0, 1], default 0 and 1) |\n"
        "| `empirical` | `file` (CSV, relative to the scenario), `column` |\n\n"
        "Example: `participation_cost = { dist = \"uniform\", low = 0.0, high = 0.4 }`.\n";
  for (const auto& t : schema.tables()) {
    const std::string norm = t.array ? t.path + "[]" : t.path;
    bool any = false;
    for (const auto& k : schema.keys()) any = any || parent_of(k.path) == norm;
    if (!any) continue;
    os << "\n## " << heading(t) << "\n\n";
    if (!t.doc.empty()) os << t.doc << "\n\n";
    if (t.array) os << "Allowed count: " << t.min_count << " to " << t.max_count << ".\n\n";
    os << "| key | label (figures and tables) | type | default | allowed | description |\n|---|---|---|---|---|---|\n";
    for (const auto& k : schema.keys()) {
      if (parent_of(k.path) != norm) continue;
      const auto dot = k.path.rfind('.');
      std::string allowed = k.allowed();
      os << "| `" << k.path.substr(dot + 1) << "` | " << axis_label(k.path, schema) << " | " << kind_name(k.kind)
         << " | " << default_text(k) << " | "
         << (allowed.empty() ? "any" : allowed) << " | " << k.doc << " |\n";
    }
  }
  return os.str();
}

}  // namespace aca::config
