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
  if (const auto* f = n.as_floating_point()) return util::float_field(f->get());  // NaN: an empty (missing) cell
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

SettingColumns::SettingColumns(const std::vector<std::string>& axes, const std::vector<std::vector<Setting>>& points,
                               const std::vector<std::string>& collectives)
    : collectives_(collectives) {
  for (const auto& key : axes) {
    Axis a{key, {}};
    for (const auto& settings : points)
      for (const auto& [k, v] : settings)
        if (k == key)
          for (const auto& f : value_fields(key, v, collectives))
            if (std::find(a.suffixes.begin(), a.suffixes.end(), f.first) == a.suffixes.end())
              a.suffixes.push_back(f.first);
    for (const auto& sfx : a.suffixes) header_.push_back(util::column_name(key) + sfx);
    axes_.push_back(std::move(a));
  }
}

std::vector<std::string> SettingColumns::cells(const std::vector<Setting>& settings) const {
  std::vector<std::string> out;
  for (const auto& a : axes_) {
    const auto it = std::find_if(settings.begin(), settings.end(), [&](const Setting& s) { return s.first == a.key; });
    const Fields fields = it == settings.end() ? Fields{} : value_fields(a.key, it->second, collectives_);
    for (const auto& sfx : a.suffixes) {
      const auto f = std::find_if(fields.begin(), fields.end(), [&](const auto& x) { return x.first == sfx; });
      out.push_back(f == fields.end() ? std::string() : f->second);
    }
  }
  return out;
}

std::vector<std::string> with_setting_columns(std::vector<std::string> before, const SettingColumns& columns,
                                              const std::vector<std::string>& after) {
  before.insert(before.end(), columns.header().begin(), columns.header().end());
  before.insert(before.end(), after.begin(), after.end());
  return before;
}

bool same_value(const std::string& key, const std::string& a, const std::string& b) {
  return value_fields(key, a, {}) == value_fields(key, b, {});
}

// The sweep's own tables hold every point, each setting every axis in the same order: the first point names them.
AxisColumns axis_columns(const std::vector<std::vector<Override>>& settings,
                         const std::vector<std::string>& collectives) {
  std::vector<std::string> axes;
  if (!settings.empty())
    for (const auto& o : settings.front()) axes.push_back(o.key);
  std::vector<std::vector<Setting>> points;
  for (const auto& s : settings) {
    points.emplace_back();
    for (const auto& o : s) points.back().emplace_back(o.key, o.value);
  }
  const SettingColumns columns(axes, points, collectives);
  AxisColumns ax;
  ax.names = columns.header();
  for (const auto& p : points) ax.cells.push_back(columns.cells(p));
  return ax;
}

}  // namespace aca::config
