#include "data/csv_dataset.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <map>
#include <stdexcept>

#include "config/scenario.hpp"
#include "util/csv_writer.hpp"

namespace aca::data {

namespace {

struct Row {
  long line = 0;
  std::vector<std::string> fields;
};

[[noreturn]] void fail(const CsvOptions& o, long line, const std::string& msg) {
  throw std::runtime_error(o.file.string() + ":" + std::to_string(line) + ": " + msg);
}

// RFC 4180 fields: commas separate, double quotes protect commas and "" is a literal quote.
std::vector<std::string> split_line(const CsvOptions& o, long line, const std::string& text) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') out.back() += '"', ++i;
      else if (c == '"') quoted = false;
      else out.back() += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else if (c != '\r') {
      out.back() += c;
    }
  }
  if (quoted) fail(o, line, "malformed row: unterminated quoted field");
  for (auto& f : out) {
    const auto b = f.find_first_not_of(" \t"), e = f.find_last_not_of(" \t");
    f = b == std::string::npos ? "" : f.substr(b, e - b + 1);
  }
  return out;
}

bool is_missing(const std::string& f) { return f.empty() || f == "NA" || f == "NaN" || f == "nan" || f == "?"; }

// Codes of the distinct values: numeric order when every value is a number (labels 0…9 keep their codes),
// text order otherwise.
std::vector<std::string> sorted_levels(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  const auto number = [](const std::string& s) {
    double x = 0.0;
    return util::read_double(s, x) ? x : std::numeric_limits<double>::quiet_NaN();
  };
  const bool all_numeric = std::all_of(v.begin(), v.end(), [&](const std::string& s) { return !std::isnan(number(s)); });
  if (all_numeric)
    std::sort(v.begin(), v.end(), [&](const std::string& a, const std::string& b) { return number(a) < number(b); });
  return v;
}

}  // namespace

CsvOptions csv_options(const config::View& root, const std::filesystem::path& base_dir) {
  const config::View c = root.sub("data").sub("csv");
  CsvOptions o;
  o.file = c.string("file");
  if (o.file.is_relative()) o.file = base_dir / o.file;
  o.label = c.string("label");
  o.group = c.string("group");
  o.categorical = c.strings("categorical");
  o.ignore = c.strings("ignore");
  o.standardize = c.boolean("standardize");
  return o;
}

CsvTable read_csv_table(const CsvOptions& o) {
  std::ifstream in(o.file);
  if (!in) throw std::runtime_error(o.file.string() + ": cannot open the CSV file");
  std::string text;
  long line = 0;
  std::vector<std::string> header;
  while (header.empty() && std::getline(in, text)) {
    ++line;
    if (text.find_first_not_of(" \t\r") != std::string::npos) header = split_line(o, line, text);
  }
  if (header.empty()) throw std::runtime_error(o.file.string() + ": empty CSV file (no header row)");
  auto column = [&](const std::string& name, const char* role, const char* key) {
    const auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) {
      std::string cols;
      for (const auto& h : header) cols += (cols.empty() ? "" : ", ") + h;
      throw DataSettingError(key, o.file.string() + ": no " + role + " column \"" + name + "\" in the header (columns: " + cols + ")");
    }
    return static_cast<std::size_t>(it - header.begin());
  };
  const std::size_t label_col = column(o.label, "label", "csv.label");
  const std::size_t group_col = o.group.empty() ? header.size() : column(o.group, "group", "csv.group");
  for (const auto& c : o.categorical) column(c, "categorical", "csv.categorical");
  for (const auto& c : o.ignore) column(c, "ignored", "csv.ignore");

  std::vector<Row> rows;
  while (std::getline(in, text)) {
    ++line;
    if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
    Row r{line, split_line(o, line, text)};
    if (r.fields.size() != header.size())
      fail(o, line, "malformed row: " + std::to_string(r.fields.size()) + " fields, the header has " + std::to_string(header.size()));
    rows.push_back(std::move(r));
  }
  if (rows.empty()) throw std::runtime_error(o.file.string() + ": the CSV file has a header but no data rows");

  auto where = [&](std::size_t col) { return "column " + std::to_string(col + 1) + " \"" + header[col] + "\""; };
  auto levels_of = [&](std::size_t col) {
    std::vector<std::string> v;
    for (const auto& r : rows) {
      if (is_missing(r.fields[col])) fail(o, r.line, where(col) + ": missing value");
      v.push_back(r.fields[col]);
    }
    return sorted_levels(v);
  };

  CsvTable t;
  t.label_values = levels_of(label_col);
  const std::vector<std::string> group_values = o.group.empty() ? std::vector<std::string>{} : levels_of(group_col);

  // Feature layout: each kept column is one numeric feature or one feature per category.
  struct Col { std::size_t index; bool numeric; std::vector<std::string> levels; };
  std::vector<Col> cols;
  for (std::size_t j = 0; j < header.size(); ++j) {
    if (j == label_col || j == group_col) continue;
    if (std::find(o.ignore.begin(), o.ignore.end(), header[j]) != o.ignore.end()) continue;
    if (std::find(o.categorical.begin(), o.categorical.end(), header[j]) != o.categorical.end()) {
      cols.push_back({j, false, levels_of(j)});
      for (const auto& l : cols.back().levels) t.feature_names.push_back(header[j] + "=" + l), t.numeric.push_back(false);
    } else {
      cols.push_back({j, true, {}});
      t.feature_names.push_back(header[j]);
      t.numeric.push_back(true);
    }
  }
  if (t.feature_names.empty()) throw std::runtime_error(o.file.string() + ": no feature columns left");

  TrainSet& s = t.set;
  s.n = static_cast<std::int64_t>(rows.size());
  s.d = static_cast<std::int64_t>(t.feature_names.size());
  s.num_classes = static_cast<int>(t.label_values.size());
  s.x.reserve(static_cast<std::size_t>(s.n * s.d));
  for (const auto& r : rows) {
    for (const auto& c : cols) {
      const std::string& f = r.fields[c.index];
      if (is_missing(f)) fail(o, r.line, where(c.index) + ": missing value");
      if (c.numeric) {
        double v = 0.0;
        if (!util::read_double(f, v) || !std::isfinite(v))
          fail(o, r.line, where(c.index) + ": \"" + f + "\" is not a number (list the column in data.csv.categorical to one-hot encode it)");
        s.x.push_back(static_cast<float>(v));
      } else {
        for (const auto& l : c.levels) s.x.push_back(f == l ? 1.0f : 0.0f);
      }
    }
    s.y.push_back(std::find(t.label_values.begin(), t.label_values.end(), r.fields[label_col]) - t.label_values.begin());
    if (!o.group.empty())
      s.group.push_back(static_cast<std::int32_t>(std::find(group_values.begin(), group_values.end(), r.fields[group_col]) - group_values.begin()));
  }
  s.num_groups = static_cast<int>(group_values.size());
  return t;
}

CsvDataset::CsvDataset(const CsvOptions& opts, std::int64_t test_points, util::Engine& rng) {
  CsvTable t = read_csv_table(opts);
  names_ = t.feature_names;
  labels_ = t.label_values;
  split(t.set, test_points, rng);
  if (!opts.standardize) return;
  // Statistics from the training rows only, so nothing about the test rows leaks into the features.
  const auto d = static_cast<std::size_t>(train_.d);
  for (std::size_t j = 0; j < d; ++j) {
    if (!t.numeric[j]) continue;
    double sum = 0, sq = 0;
    for (std::int64_t i = 0; i < train_.n; ++i) sum += train_.x[static_cast<std::size_t>(i) * d + j];
    const double mean = sum / static_cast<double>(train_.n);
    for (std::int64_t i = 0; i < train_.n; ++i) {
      const double e = train_.x[static_cast<std::size_t>(i) * d + j] - mean;
      sq += e * e;
    }
    const double sd = std::sqrt(sq / static_cast<double>(train_.n));
    const double scale = sd > 0 ? 1.0 / sd : 1.0;
    for (TrainSet* s : {&train_, &test_})
      for (std::int64_t i = 0; i < s->n; ++i) {
        float& v = s->x[static_cast<std::size_t>(i) * d + j];
        v = static_cast<float>((v - mean) * scale);
      }
  }
}

}  // namespace aca::data
