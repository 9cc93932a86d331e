#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "config/loader_detail.hpp"
#include "util/csv_writer.hpp"

namespace aca::config::detail {

Diagnostic locate(const toml::source_region& src, const std::string& fallback_file, std::string key,
                  std::string message) {
  Diagnostic d;
  d.file = src.path ? std::string(*src.path) : fallback_file;
  // Overrides carry their own origin ("--set k=v") instead of a line in the file.
  const bool from_set = d.file.rfind("--set", 0) == 0;
  d.line = from_set ? 0 : static_cast<int>(src.begin.line);
  d.column = from_set ? 0 : static_cast<int>(src.begin.column);
  d.key = std::move(key);
  d.message = std::move(message);
  return d;
}

namespace {

std::string join(const std::string& a, std::string_view b) {
  return a.empty() ? std::string(b) : a + "." + std::string(b);
}

std::string parent_of(const std::string& p) {
  const auto dot = p.rfind('.');
  return dot == std::string::npos ? "" : p.substr(0, dot);
}

std::string last_of(const std::string& p) {
  const auto dot = p.rfind('.');
  return dot == std::string::npos ? p : p.substr(dot + 1);
}

std::string describe(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::string: return "a string (\"" + std::string(*n.value<std::string_view>()) + "\")";
    case toml::node_type::integer: return "an integer (" + std::to_string(*n.value<std::int64_t>()) + ")";
    case toml::node_type::floating_point: return "a number (" + util::format_number(*n.value<double>()) + ")";
    case toml::node_type::boolean: return std::string("a boolean (") + (*n.value<bool>() ? "true" : "false") + ")";
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    default: return "a date/time";
  }
}

const std::map<std::string, std::vector<std::string>>& distribution_params() {
  static const std::map<std::string, std::vector<std::string>> p = {
      {"constant", {"value"}},
      {"uniform", {"low", "high"}},
      {"normal", {"mean", "sd", "min", "max"}},
      {"lognormal", {"mu", "sigma", "min", "max"}},
      {"beta", {"a", "b", "low", "high"}},
      {"empirical", {"file", "column"}},
  };
  return p;
}

const std::map<std::string, std::vector<std::string>>& distribution_required() {
  static const std::map<std::string, std::vector<std::string>> p = {
      {"constant", {"value"}}, {"uniform", {"low", "high"}}, {"normal", {"mean", "sd"}},
      {"lognormal", {"mu", "sigma"}}, {"beta", {"a", "b"}}, {"empirical", {"file", "column"}},
  };
  return p;
}

class Validator {
 public:
  Validator(const Schema& s, const std::string& file, const Origins& origins, Diagnostics& out)
      : schema_(s), file_(file), origins_(origins), out_(out) {
    for (const auto& k : s.keys()) all_paths_.push_back(k.path);
    for (const auto& t : s.tables()) all_paths_.push_back(t.path);
  }

  void table(const toml::table& t, const std::string& path, const std::string& norm) {
    for (auto&& [k, node] : t) {
      const std::string kp = join(path, k.str());
      const std::string kn = join(norm, k.str());
      const auto& where = k.source().begin.line > 0 ? k.source() : node.source();
      if (const TableDecl* td = schema_.find_table(kn)) {
        if (td->array) {
          array_of_tables(node, *td, kp, kn, where);
        } else if (const auto* sub = node.as_table()) {
          table(*sub, kp, kn);
        } else {
          error(where, kp, "`" + kp + "` must be a table ([" + kp + "]), got " + describe(node));
        }
      } else if (const KeyDecl* kd = schema_.find_key(kn)) {
        value(node, *kd, kp);
      } else {
        unknown(where, kp, kn);
      }
    }
    required(t, path, norm);
  }

 private:
  void error(const toml::source_region& src, const std::string& key, std::string msg) {
    // A value written by --set has no position in the file: name the override instead.
    if (!src.path)
      for (std::string k = key; !k.empty(); k = parent_of(k))
        if (auto it = origins_.find(k); it != origins_.end()) {
          out_.add({it->second, 0, 0, key, std::move(msg)});
          return;
        }
    out_.add(locate(src, file_, key, std::move(msg)));
  }

  void unknown(const toml::source_region& src, const std::string& kp, const std::string& kn) {
    // Prefer a sibling of the misspelt key; fall back to any declared path (a key put in the wrong table).
    std::vector<std::string> siblings;
    const std::string parent = parent_of(kn);
    for (const auto& p : all_paths_)
      if (parent_of(p) == parent) siblings.push_back(last_of(p));
    std::string hint;
    if (auto m = closest_match(last_of(kn), siblings); !m.empty()) {
      hint = join(parent_of(kp), m);
    } else if (auto g = closest_match(kn, all_paths_); !g.empty()) {
      hint = g;
    } else {
      for (const auto& p : all_paths_)
        if (last_of(p) == last_of(kn)) hint = p;  // right name, wrong table
    }
    error(src, kp, "unknown key `" + kp + "`" + (hint.empty() ? "" : " — did you mean `" + hint + "`?"));
  }

  void array_of_tables(const toml::node& node, const TableDecl& td, const std::string& kp,
                       const std::string& kn, const toml::source_region& where) {
    const auto* arr = node.as_array();
    if (!arr || !arr->is_array_of_tables()) {
      error(where, kp, "`" + kp + "` must be an array of tables (write [[" + kp + "]]), got " + describe(node));
      return;
    }
    if (arr->size() < td.min_count || arr->size() > td.max_count)
      error(where, kp, "`" + kp + "` has " + std::to_string(arr->size()) + " element(s); allowed " +
                           std::to_string(td.min_count) + " to " + std::to_string(td.max_count));
    for (std::size_t i = 0; i < arr->size(); ++i)
      table(*arr->get(i)->as_table(), kp + "[" + std::to_string(i) + "]", kn + "[]");
  }

  void required(const toml::table& t, const std::string& path, const std::string& norm) {
    for (const auto& k : schema_.keys()) {
      if (!k.required || parent_of(k.path) != norm) continue;
      if (!t.contains(last_of(k.path)))
        error(t.source(), join(path, last_of(k.path)),
              "missing required key `" + join(path, last_of(k.path)) + "` (" + k.doc + ")");
    }
  }

  void range(const toml::node& n, const KeyDecl& kd, const std::string& kp, double v) {
    if (!std::isfinite(v) && !(kd.infinity_allowed && v > 0) && (kd.lo != -INFINITY || kd.hi != INFINITY)) {
      error(n.source(), kp, "`" + kp + "` = " + util::format_number(v) + " is not allowed: " + kd.allowed());
    } else if (!kd.in_range(v)) {
      error(n.source(), kp,
            "`" + kp + "` = " + util::format_number(v) + " is out of range: allowed " + kd.allowed());
    }
  }

  // Integers beyond 2^53 round when widened to double, so a bound that is itself an integer is compared exactly
  // (simulation.seed = 2^53 + 1 must not pass as 2^53).
  void range(const toml::node& n, const KeyDecl& kd, const std::string& kp, std::int64_t v) {
    const double x = static_cast<double>(v);
    const double limit = 9.2e18;
    bool out = !kd.in_range(x);
    if (!out && x == kd.hi && std::abs(kd.hi) < limit) out = kd.hi_open || v > static_cast<std::int64_t>(kd.hi);
    if (!out && x == kd.lo && std::abs(kd.lo) < limit) out = kd.lo_open || v < static_cast<std::int64_t>(kd.lo);
    if (out) error(n.source(), kp, "`" + kp + "` = " + std::to_string(v) + " is out of range: allowed " + kd.allowed());
  }

  void choice(const toml::node& n, const KeyDecl& kd, const std::string& kp, const std::string& v) {
    if (kd.choices.empty() || std::find(kd.choices.begin(), kd.choices.end(), v) != kd.choices.end()) return;
    const std::string m = closest_match(v, kd.choices);
    error(n.source(), kp, "`" + kp + "` = \"" + v + "\" is not allowed: " + kd.allowed() +
                              (m.empty() ? "" : " — did you mean \"" + m + "\"?"));
  }

  bool scalar(const toml::node& n, Kind k, const KeyDecl& kd, const std::string& kp) {
    switch (k) {
      case Kind::boolean:
        if (n.is_boolean()) return true;
        break;
      case Kind::integer:
        if (n.is_integer()) {
          range(n, kd, kp, *n.value<std::int64_t>());
          return true;
        }
        break;
      case Kind::real:
        if (n.is_number()) {
          range(n, kd, kp, *n.value<double>());
          return true;
        }
        break;
      case Kind::string:
        if (n.is_string()) {
          choice(n, kd, kp, std::string(*n.value<std::string_view>()));
          return true;
        }
        break;
      default: break;
    }
    error(n.source(), kp, "`" + kp + "` must be " + std::string(k == Kind::integer ? "an " : "a ") +
                              kind_name(k) + ", got " + describe(n));
    return false;
  }

  void list(const toml::node& n, Kind elem, const KeyDecl& kd, const std::string& kp) {
    const auto* arr = n.as_array();
    if (!arr) {
      error(n.source(), kp, "`" + kp + "` must be a " + kind_name(kd.kind) + ", got " + describe(n));
      return;
    }
    for (std::size_t i = 0; i < arr->size(); ++i)
      scalar(*arr->get(i), elem, kd, kp + "[" + std::to_string(i) + "]");
  }

  void distribution(const toml::node& n, const KeyDecl& kd, const std::string& kp) {
    if (n.is_number()) {
      range(n, kd, kp, *n.value<double>());
      return;
    }
    const auto* t = n.as_table();
    if (!t) {
      error(n.source(), kp, "`" + kp + "` must be a number or a distribution table such as "
                            "{ dist = \"uniform\", low = 0, high = 1 }, got " + describe(n));
      return;
    }
    const auto* dist = t->get("dist");
    std::vector<std::string> names;
    for (const auto& [name, _] : distribution_params()) names.push_back(name);
    if (!dist || !dist->is_string()) {
      error(t->source(), kp + ".dist", "`" + kp + "` needs `dist = \"...\"`, one of: constant, uniform, normal, "
                                       "lognormal, beta, empirical");
      return;
    }
    const std::string d(*dist->value<std::string_view>());
    auto it = distribution_params().find(d);
    if (it == distribution_params().end()) {
      const std::string m = closest_match(d, names);
      error(dist->source(), kp + ".dist", "`" + kp + ".dist` = \"" + d + "\" is not a known distribution: one of: "
                                          "beta, constant, empirical, lognormal, normal, uniform" +
                                          (m.empty() ? "" : " — did you mean \"" + m + "\"?"));
      return;
    }
    const auto& allowed = it->second;
    for (auto&& [pk, pn] : *t) {
      const std::string name(pk.str());
      const std::string pp = kp + "." + name;
      if (name == "dist") continue;
      if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
        const std::string m = closest_match(name, allowed);
        std::string list;
        for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
        error(pk.source().begin.line > 0 ? pk.source() : pn.source(), pp,
              "unknown parameter `" + pp + "` for dist = \"" + d + "\" (allowed: " + list + ")" +
                  (m.empty() ? "" : " — did you mean `" + kp + "." + m + "`?"));
      } else if (d == "empirical") {
        if (!pn.is_string()) error(pn.source(), pp, "`" + pp + "` must be a string, got " + describe(pn));
      } else if (!pn.is_number()) {
        error(pn.source(), pp, "`" + pp + "` must be a number, got " + describe(pn));
      }
    }
    for (const auto& r : distribution_required().at(d))
      if (!t->contains(r)) error(t->source(), kp + "." + r, "`" + kp + "` with dist = \"" + d + "\" needs `" + r + "`");
    auto num = [&](const char* key) { return t->get(key) ? t->get(key)->value<double>() : std::nullopt; };
    if (d == "constant" && num("value")) range(*t->get("value"), kd, kp + ".value", *num("value"));
    if (d == "uniform" && num("low") && num("high")) {
      range(*t->get("low"), kd, kp + ".low", *num("low"));
      range(*t->get("high"), kd, kp + ".high", *num("high"));
      if (*num("low") > *num("high")) error(t->source(), kp, "`" + kp + "`: low must not exceed high");
    }
    for (const char* pos : {"sd", "sigma"})
      if (num(pos) && *num(pos) < 0) error(t->get(pos)->source(), kp + "." + pos, "`" + kp + "." + pos + "` must be ≥ 0");
    for (const char* pos : {"a", "b"})
      if (d == "beta" && num(pos) && *num(pos) <= 0)
        error(t->get(pos)->source(), kp + "." + pos, "`" + kp + "." + pos + "` must be > 0");
  }

  void value(const toml::node& n, const KeyDecl& kd, const std::string& kp) {
    switch (kd.kind) {
      case Kind::boolean:
      case Kind::integer:
      case Kind::real:
      case Kind::string: scalar(n, kd.kind, kd, kp); break;
      case Kind::integer_list: list(n, Kind::integer, kd, kp); break;
      case Kind::real_list: list(n, Kind::real, kd, kp); break;
      case Kind::string_list: list(n, Kind::string, kd, kp); break;
      case Kind::real_matrix: {
        const auto* arr = n.as_array();
        if (!arr) {
          error(n.source(), kp, "`" + kp + "` must be a " + kind_name(kd.kind) + ", got " + describe(n));
          break;
        }
        for (std::size_t i = 0; i < arr->size(); ++i)
          list(*arr->get(i), Kind::real, kd, kp + "[" + std::to_string(i) + "]");
        break;
      }
      case Kind::distribution: distribution(n, kd, kp); break;
      case Kind::value_list: {
        const auto* arr = n.as_array();
        if (!arr || arr->empty()) {
          error(n.source(), kp, "`" + kp + "` must be a non-empty list of values, got " + describe(n));
          break;
        }
        for (std::size_t i = 0; i < arr->size(); ++i)
          if (!arr->get(i)->is_value())
            error(arr->get(i)->source(), kp, "`" + kp + "` elements must be plain values, got " + describe(*arr->get(i)));
        break;
      }
    }
  }

  const Schema& schema_;
  const std::string& file_;
  const Origins& origins_;
  Diagnostics& out_;
  std::vector<std::string> all_paths_;
};

std::unique_ptr<toml::node> make_default(const KeyDecl& k) {
  return std::visit(
      [&](const auto& v) -> std::unique_ptr<toml::node> {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::int64_t>) {
          if (k.kind == Kind::real || k.kind == Kind::distribution)
            return std::make_unique<toml::value<double>>(static_cast<double>(v));
          return std::make_unique<toml::value<std::int64_t>>(v);
        } else if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, double> ||
                             std::is_same_v<T, std::string>) {
          return std::make_unique<toml::value<T>>(v);
        } else {
          auto arr = std::make_unique<toml::array>();
          for (const auto& e : v) {
            if constexpr (std::is_same_v<typename T::value_type, std::int64_t>) {
              if (k.kind == Kind::real_list) arr->push_back(static_cast<double>(e));
              else arr->push_back(e);
            } else {
              arr->push_back(e);
            }
          }
          return arr;
        }
      },
      *k.default_value);
}

// A double that takes over the source position of the integer it widens (toml++ copies no source on conversion),
// so that a diagnostic about a widened value still points at the line the user wrote.
class Widened : public toml::value<double> {
 public:
  explicit Widened(toml::value<std::int64_t>&& from) : toml::value<double>(static_cast<double>(*from)) {
    toml::node::operator=(std::move(from));
  }
};

toml::value<double> widen(toml::node& n) { return Widened(std::move(*n.as_integer())); }

// Fills defaults table by table and widens integers given for real-valued keys, so the resolved scenario
// is typed exactly as declared.
void fill(toml::table& t, const std::string& norm, const Schema& schema) {
  for (const auto& k : schema.keys()) {
    if (parent_of(k.path) != norm) continue;
    const std::string name = last_of(k.path);
    if (auto* n = t.get(name)) {
      if ((k.kind == Kind::real || k.kind == Kind::distribution) && n->is_integer()) {
        t.insert_or_assign(name, widen(*n));
      } else if (k.kind == Kind::real_list && n->is_array()) {
        // In place, so that the list keeps its own position too.
        toml::array& arr = *n->as_array();
        for (std::size_t i = 0; i < arr.size(); ++i)
          if (arr.get(i)->is_integer()) arr.replace(arr.cbegin() + static_cast<std::ptrdiff_t>(i), widen(*arr.get(i)));
      }
      continue;
    }
    if (!k.default_value) continue;
    make_default(k)->visit([&](auto& v) { t.insert(name, v); });
  }
  for (const auto& td : schema.tables()) {
    if (parent_of(td.path) != norm) continue;
    const std::string name = last_of(td.path);
    if (td.array) {
      if (auto* arr = t.get_as<toml::array>(name))
        for (auto& e : *arr)
          if (auto* et = e.as_table()) fill(*et, td.path + "[]", schema);
    } else {
      auto* sub = t.get_as<toml::table>(name);
      if (!sub) sub = t.insert(name, toml::table{}).first->second.as_table();
      fill(*sub, td.path, schema);
      if (sub->empty()) t.erase(name);
    }
  }
}

}  // namespace

void validate(const toml::table& root, const Schema& schema, const std::string& file, const Origins& origins,
              Diagnostics& out) {
  Validator(schema, file, origins, out).table(root, "", "");
}

void fill_defaults(toml::table& root, const Schema& schema) { fill(root, "", schema); }

}  // namespace aca::config::detail
