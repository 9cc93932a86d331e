#include "analysis/run_reader.hpp"

#include <algorithm>
#include <cerrno>
#include <limits>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "run_folder/json_file.hpp"
#include "run_folder/metrics_names.hpp"
#include "run_folder/run_status.hpp"
#include "util/csv_reader.hpp"
#include "util/csv_writer.hpp"

namespace aca::analysis {

RunReadError::RunReadError(const std::string& file, long line, long column, const std::string& message)
    : std::runtime_error(file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message),
      line_(line),
      column_(column) {}

const Series* RunMetrics::find(const std::string& collective, const std::string& metric) const {
  for (const auto& s : series)
    if (s.collective == collective && s.metric == metric) return &s;
  return nullptr;
}

const Series& RunMetrics::at(const std::string& collective, const std::string& metric) const {
  if (const Series* s = find(collective, metric)) return *s;
  throw std::out_of_range("no series for collective '" + collective + "', metric '" + metric + "'");
}

std::vector<std::string> RunMetrics::collectives() const {
  std::vector<std::string> out;
  for (const auto& s : series) {
    bool seen = false;
    for (const auto& c : out) seen = seen || c == s.collective;
    if (!seen) out.push_back(s.collective);
  }
  return out;
}

namespace {

// RFC 4180 records located in `name` for messages.
std::vector<util::CsvRecord> split_csv(const std::string& text, const std::string& name) {
  try {
    return util::split_csv_records(text);
  } catch (const util::CsvSyntaxError& e) {
    throw RunReadError(name, e.line, e.field, e.what());
  }
}

}  // namespace

RunMetrics parse_metrics_csv(std::istream& in, const std::string& name) {
  std::stringstream buf;
  buf << in.rdbuf();
  const auto records = split_csv(buf.str(), name);
  if (records.empty()) throw RunReadError(name, 0, 0, "empty file (no header row)");

  const auto& header = records.front().fields;
  const char* wanted[] = {"round", "collective", "metric", "value", "source"};
  std::size_t col[5];
  for (int k = 0; k < 5; ++k) {
    std::size_t found = header.size();
    for (std::size_t c = 0; c < header.size(); ++c)
      if (header[c] == wanted[k]) {
        if (found != header.size())
          throw RunReadError(name, 1, static_cast<long>(c + 1), std::string("duplicate column '") + wanted[k] + "'");
        found = c;
      }
    if (found == header.size())
      throw RunReadError(name, 1, 0, std::string("missing column '") + wanted[k] + "' in the header");
    col[k] = found;
  }

  RunMetrics m;
  std::map<std::pair<std::string, std::string>, std::size_t> index;
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& rec = records[r];
    if (rec.fields.size() != header.size())
      throw RunReadError(name, rec.line, 0,
                         "row has " + std::to_string(rec.fields.size()) + " fields, header has " +
                             std::to_string(header.size()));
    const std::string& round_text = rec.fields[col[0]];
    errno = 0;
    char* end = nullptr;
    const long round = std::strtol(round_text.c_str(), &end, 10);
    if (round_text.empty() || *end != '\0' || errno == ERANGE)
      throw RunReadError(name, rec.line, static_cast<long>(col[0] + 1),
                         "round '" + round_text + "' is not an integer");
    const std::string& value_text = rec.fields[col[3]];
    double value = 0.0;
    if (!util::read_double(value_text, value))
      throw RunReadError(name, rec.line, static_cast<long>(col[3] + 1),
                         "value '" + value_text + "' is not a number");
    const std::string& metric = rec.fields[col[2]];
    if (metric.empty()) throw RunReadError(name, rec.line, static_cast<long>(col[2] + 1), "empty metric name");
    // Platform rows read back as "" whether the file names them (run_folder::platform_collective) or, written
    // before it did, leaves the field empty.
    const std::string& who = rec.fields[col[1]];
    const auto key = std::make_pair(who == run_folder::platform_collective ? std::string() : who, metric);
    auto it = index.find(key);
    if (it == index.end()) {
      it = index.emplace(key, m.series.size()).first;
      Series s;
      s.collective = key.first;
      s.metric = key.second;
      m.series.push_back(std::move(s));
    }
    Series& s = m.series[it->second];
    s.rounds.push_back(round);
    s.values.push_back(value);
    const std::string& source = rec.fields[col[4]];
    bool seen = false;
    for (const auto& x : s.sources) seen = seen || x == source;
    if (!seen) s.sources.push_back(source);
  }
  return m;
}

MetricTable align_metric(const RunMetrics& metrics, const std::string& metric) {
  MetricTable t;
  t.metric = metric;
  std::vector<const Series*> chosen;
  for (const auto& s : metrics.series)
    if (s.metric == metric) {
      chosen.push_back(&s);
      t.collectives.push_back(s.collective);
      t.rounds.insert(t.rounds.end(), s.rounds.begin(), s.rounds.end());
    }
  std::sort(t.rounds.begin(), t.rounds.end());
  t.rounds.erase(std::unique(t.rounds.begin(), t.rounds.end()), t.rounds.end());
  for (const Series* s : chosen) {
    std::vector<double> v(t.rounds.size(), std::numeric_limits<double>::quiet_NaN());
    std::vector<bool> seen(t.rounds.size(), false);
    for (std::size_t i = 0; i < s->rounds.size(); ++i) {
      const auto pos = static_cast<std::size_t>(std::lower_bound(t.rounds.begin(), t.rounds.end(), s->rounds[i]) -
                                                t.rounds.begin());
      if (seen[pos])
        throw std::invalid_argument("collective '" + s->collective + "' reports metric '" + metric + "' twice for round " +
                                    std::to_string(s->rounds[i]));
      seen[pos] = true;
      v[pos] = s->values[i];
    }
    t.values.push_back(std::move(v));
  }
  return t;
}

RunMetrics read_metrics_csv(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw RunReadError(file.string(), 0, 0, "cannot open file");
  return parse_metrics_csv(in, file.string());
}

std::string Manifest::string_or(const std::string& key, const std::string& fallback) const {
  const auto it = doc.find(key);
  return it != doc.end() && it->is_string() ? it->get<std::string>() : fallback;
}

std::optional<double> Manifest::number(const std::string& key) const {
  const auto it = doc.find(key);
  if (it == doc.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

std::optional<std::int64_t> Manifest::integer(const std::string& key) const {
  const auto it = doc.find(key);
  if (it == doc.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<std::int64_t>();
}

std::vector<std::pair<std::string, std::string>> Manifest::scalar_fields() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [k, v] : doc.items())
    if (!v.is_structured()) out.emplace_back(k, v.is_string() ? v.get<std::string>() : v.dump());
  return out;
}

Manifest read_manifest(const std::filesystem::path& path) {
  try {
    Manifest m{run_folder::read_json_file(path)};
    if (!m.doc.is_object()) throw RunReadError(path.string(), 0, 0, "not a JSON object");
    return m;
  } catch (const run_folder::FolderError& e) {
    throw RunReadError(path.string(), 0, 0, e.what());
  }
}

RunOutputs read_run(const std::filesystem::path& dir) {
  RunOutputs out;
  out.dir = dir;
  if (std::filesystem::exists(dir / "manifest.json")) {
    out.manifest = read_manifest(dir / "manifest.json");
    // The metrics of a run that is still running, stopped or failed are not its results.
    if (out.manifest->status() != "complete") run_folder::require_complete_run(dir);
  }
  out.metrics = read_metrics_csv(dir / "metrics.csv");
  return out;
}

}  // namespace aca::analysis
