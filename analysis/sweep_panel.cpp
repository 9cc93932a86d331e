#include "analysis/sweep_panel.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analysis/run_reader.hpp"
#include "analysis/table_export.hpp"
#include "util/column_name.hpp"
#include "util/csv_writer.hpp"
#include "util/float_field.hpp"

namespace aca::analysis {

namespace {

namespace fs = std::filesystem;

// metrics.csv names platform-wide rows with an empty collective (or, in newer files, `platform`).
std::string panel_collective(const std::string& c) { return c.empty() ? std::string(panel_platform) : c; }

// Collectives first (in order of first appearance), then non-members, then the platform.
int group_of(const std::string& c) { return c == panel_platform ? 2 : c == "none" ? 1 : 0; }

std::vector<std::string> row_order(const RunMetrics& m) {
  std::vector<std::string> order;
  for (const auto& c : m.collectives()) {
    const std::string p = panel_collective(c);
    if (std::find(order.begin(), order.end(), p) == order.end()) order.push_back(p);
  }
  std::stable_sort(order.begin(), order.end(),
                   [](const std::string& a, const std::string& b) { return group_of(a) < group_of(b); });
  return order;
}

std::vector<std::string> metric_names(const fs::path& dir, const SweepDesign& design) {
  std::vector<std::string> names;
  for (const auto& p : design.points)
    for (const Series& s : read_metrics_csv(dir / "points" / p.id / "metrics.csv").series)
      if (std::find(names.begin(), names.end(), s.metric) == names.end()) names.push_back(s.metric);
  return names;
}

using Cells = std::vector<std::optional<double>>;

// One point's rows: (round, position in row_order) → a value per metric column. A value recorded twice for the same
// round, collective and metric keeps the first.
std::map<std::pair<long, std::size_t>, Cells> point_rows(const RunMetrics& m, const std::vector<std::string>& metrics,
                                                         const std::vector<std::string>& order) {
  std::map<std::pair<long, std::size_t>, Cells> rows;
  for (const Series& s : m.series) {
    const std::size_t col = static_cast<std::size_t>(
        std::find(metrics.begin(), metrics.end(), s.metric) - metrics.begin());
    const std::size_t who = static_cast<std::size_t>(
        std::find(order.begin(), order.end(), panel_collective(s.collective)) - order.begin());
    for (std::size_t t = 0; t < s.rounds.size(); ++t) {
      Cells& cells = rows[{s.rounds[t], who}];
      cells.resize(metrics.size());
      if (!cells[col]) cells[col] = s.values[t];
    }
  }
  return rows;
}

}  // namespace

void write_sweep_panel(const fs::path& dir, const SweepDesign& design, const config::AxisColumns& axes) {
  const std::vector<std::string> metrics = metric_names(dir, design);
  std::vector<std::string> header = {"point", "replicate"};
  header.insert(header.end(), axes.names.begin(), axes.names.end());
  header.push_back("round");
  header.push_back("collective");
  for (const auto& m : metrics) header.push_back(util::column_name(m));
  util::CsvWriter csv(dir / "panel.csv", header);
  for (std::size_t i = 0; i < design.points.size(); ++i) {
    const DesignPoint& p = design.points[i];
    const RunMetrics m = read_metrics_csv(dir / "points" / p.id / "metrics.csv");
    const std::vector<std::string> order = row_order(m);
    for (const auto& [key, cells] : point_rows(m, metrics, order)) {
      std::vector<std::string> row = {p.id, std::to_string(p.replicate)};
      row.insert(row.end(), axes.cells[i].begin(), axes.cells[i].end());
      row.push_back(std::to_string(key.first));
      row.push_back(order[key.second]);
      for (const auto& v : cells) row.push_back(v ? util::float_field(*v) : std::string());
      csv.row(row);
    }
  }
  remove_stata_copy(dir / "panel.csv");
  csv.commit();
}

}  // namespace aca::analysis
