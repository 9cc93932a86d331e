#include "config/axis_columns.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include <toml++/toml.h>

#include "util/column_name.hpp"
#include "util/float_field.hpp"

namespace aca::config {

namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

std::string scalar_text(const toml::node& n) {
  if (const auto* s = n.as_string()) return s->get();
  if (const auto* i = n.as_integer()) return std::to_string(i->get());
  if (const auto* f = n.as_floating_point()) return std::isnan(f->get()) ? "nan" : util::float_field(f->get());
  if (const auto* b = n.as_boolean()) return b->get() ? "true" : "false";
  std::ostringstream os;  // dates and times as TOML writes them
  n.visit([&](const auto& v) { os << v; });
  return os.str();
}

void flatten(const toml::node& n, const std::string& suffix, const std::vector<std::string>* names, Fields& out) {
  if (const auto* t = n.as_table()) {
    for (auto&& [k, v] : *t) flatten(v, suffix + "_" + util::column_name(k.str()), nullptr, out);
  } else if (const auto* a = n.as_array()) {
    for (std::size_t i = 0; i < a->size(); ++i) {
      const bool named = names && i < names->size() && !util::column_name((*names)[i]).empty();
      flatten(*a->get(i), suffix + "_" + (named ? util::column_name((*names)[i]) : std::to_string(i + 1)), nullptr,
              out);
    }
  } else {
    out.emplace_back(suffix, scalar_text(n));
  }
}

}  // namespace

bool per_collective_list(const std::string& key) {
  return key == "population.initial_members" || key == "population.leakage" || key == "population.beneficiaries";
}

Fields value_fields(const std::string& key, const std::string& toml_text, const std::vector<std::string>& collectives) {
  Fields out;
  toml::table doc;
  try {
    doc = toml::parse("v = " + toml_text);
  } catch (const toml::parse_error&) {
    out.emplace_back("", toml_text);  // a bare word: the scenario loader takes it as a string too
    return out;
  }
  flatten(*doc.get("v"), "", per_collective_list(key) ? &collectives : nullptr, out);
  return out;
}

AxisColumns axis_columns(const std::vector<std::vector<Override>>& settings,
                         const std::vector<std::string>& collectives) {
  AxisColumns ax;
  ax.cells.resize(settings.size());
  const std::size_t axes = settings.empty() ? 0 : settings.front().size();
  for (std::size_t k = 0; k < axes; ++k) {
    const std::string base = util::column_name(settings.front()[k].key);
    std::vector<std::string> suffixes;  // this axis's columns, in order of first appearance
    std::vector<Fields> per_point;
    for (const auto& s : settings) {
      per_point.push_back(k < s.size() ? value_fields(s[k].key, s[k].value, collectives) : Fields{});
      for (const auto& f : per_point.back())
        if (std::find(suffixes.begin(), suffixes.end(), f.first) == suffixes.end()) suffixes.push_back(f.first);
    }
    for (const auto& sfx : suffixes) ax.names.push_back(base + sfx);
    for (std::size_t p = 0; p < settings.size(); ++p)
      for (const auto& sfx : suffixes) {
        const auto f = std::find_if(per_point[p].begin(), per_point[p].end(),
                                    [&](const auto& x) { return x.first == sfx; });
        ax.cells[p].push_back(f == per_point[p].end() ? std::string() : f->second);
      }
  }
  return ax;
}

}  // namespace aca::config
