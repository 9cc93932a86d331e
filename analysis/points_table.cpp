#include "analysis/points_table.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include "analysis/csv_table.hpp"
#include "analysis/run_reader.hpp"
#include "analysis/table_export.hpp"
#include "run_folder/summary_record.hpp"
#include "util/column_name.hpp"
#include "util/csv_writer.hpp"
#include "util/float_field.hpp"

namespace aca::analysis {

namespace {

namespace fs = std::filesystem;

struct Equilibrium {
  std::string alpha, stability;
};

// What one point's folder says, read once.
struct PointOutcomes {
  run_folder::SummaryRecord summary;
  std::optional<std::map<std::string, std::vector<Equilibrium>>> equilibria;  // collective → fixed points
  std::vector<std::pair<std::string, double>> platform_final;                 // metric → last recorded value
};


void push_unique(std::vector<std::string>& v, const std::string& x) {
  if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
}

bool platform(const std::string& collective) { return collective.empty() || collective == "platform"; }

PointOutcomes read_point(const fs::path& run) {
  PointOutcomes p;
  p.summary = run_folder::read_summary(run);
  if (fs::exists(run / "equilibria.csv")) {
    const CsvTable t = read_csv_table(run / "equilibria.csv");
    auto& eq = p.equilibria.emplace();
    for (const auto& r : t.rows)
      eq[r[t.column("collective")]].push_back({util::float_field(parse_number(r[t.column("alpha")])), r[t.column("stability")]});
  }
  for (const Series& s : read_metrics_csv(run / "metrics.csv").series)
    if (platform(s.collective) && !s.values.empty()) p.platform_final.emplace_back(s.metric, s.values.back());
  return p;
}

// The columns, in order: their set depends on the whole sweep (most equilibria, every platform metric).
struct Layout {
  std::vector<std::string> collectives, platform_metrics;
  std::map<std::string, std::size_t> most_equilibria;
  std::size_t most_joint = 0;
  bool joint = false;
};

Layout layout_of(const std::vector<PointOutcomes>& points) {
  Layout l;
  for (const auto& p : points) {
    for (const auto& c : p.summary.collectives) push_unique(l.collectives, c);
    if (p.equilibria)
      for (const auto& [c, eq] : *p.equilibria) l.most_equilibria[c] = std::max(l.most_equilibria[c], eq.size());
    if (p.summary.joint_equilibria) {
      l.joint = true;
      l.most_joint = std::max(l.most_joint, p.summary.joint_equilibria->size());
    }
    for (const auto& [m, v] : p.platform_final) push_unique(l.platform_metrics, m);
  }
  return l;
}

std::vector<std::string> outcome_columns(const Layout& l) {
  std::vector<std::string> h = {"mode", "rounds", "converged_round", "period"};
  for (const auto& c : l.collectives) {
    const std::string p = util::column_name(c) + "_";
    for (const char* f : {"critical_mass", "critical_mass_lower", "critical_mass_upper", "final_alpha",
                          "final_success", "equilibria"})
      h.push_back(p + f);
    const auto most = l.most_equilibria.find(c);
    for (std::size_t i = 1; most != l.most_equilibria.end() && i <= most->second; ++i) {
      h.push_back(p + "equilibrium_" + std::to_string(i) + "_alpha");
      h.push_back(p + "equilibrium_" + std::to_string(i) + "_stability");
    }
  }
  if (l.joint) h.push_back("joint_equilibria");
  for (std::size_t i = 1; i <= l.most_joint; ++i) {
    const std::string p = "joint_equilibrium_" + std::to_string(i) + "_";
    for (const auto& c : l.collectives) h.push_back(p + util::column_name(c) + "_alpha");
    h.push_back(p + "stability");
  }
  for (const auto& m : l.platform_metrics) h.push_back("final_" + util::column_name(m));
  return h;
}

void add_collectives(const PointOutcomes& p, std::map<std::string, std::string>& cell) {
  const auto& s = p.summary;
  for (std::size_t k = 0; k < s.collectives.size() && k < s.outcomes.size(); ++k) {
    const std::string c = util::column_name(s.collectives[k]) + "_";
    const auto& o = s.outcomes[k];
    cell[c + "critical_mass"] = util::float_field(o.critical_mass);
    cell[c + "critical_mass_lower"] = util::float_field(o.critical_mass_lower);
    cell[c + "critical_mass_upper"] = util::float_field(o.critical_mass_upper);
    cell[c + "final_alpha"] = util::float_field(o.final_alpha);
    cell[c + "final_success"] = util::float_field(o.final_success);
    if (!p.equilibria) continue;  // no equilibria.csv: the mode has no participation map, the count is unknown
    const auto eq = p.equilibria->find(s.collectives[k]);
    const std::size_t n = eq == p.equilibria->end() ? 0 : eq->second.size();
    cell[c + "equilibria"] = std::to_string(n);
    for (std::size_t i = 0; i < n; ++i) {
      cell[c + "equilibrium_" + std::to_string(i + 1) + "_alpha"] = eq->second[i].alpha;
      cell[c + "equilibrium_" + std::to_string(i + 1) + "_stability"] = eq->second[i].stability;
    }
  }
}

void add_joint(const PointOutcomes& p, std::map<std::string, std::string>& cell) {
  if (!p.summary.joint_equilibria) return;
  const auto& joint = *p.summary.joint_equilibria;
  cell["joint_equilibria"] = std::to_string(joint.size());
  for (std::size_t i = 0; i < joint.size(); ++i) {
    const std::string pre = "joint_equilibrium_" + std::to_string(i + 1) + "_";
    for (std::size_t k = 0; k < joint[i].alpha.size() && k < p.summary.collectives.size(); ++k)
      cell[pre + util::column_name(p.summary.collectives[k]) + "_alpha"] = util::float_field(joint[i].alpha[k]);
    cell[pre + "stability"] = joint[i].stability;
  }
}

std::map<std::string, std::string> outcome_cells(const PointOutcomes& p) {
  std::map<std::string, std::string> cell;
  const auto& s = p.summary;
  cell["mode"] = s.mode;
  cell["rounds"] = std::to_string(s.rounds);
  cell["converged_round"] = s.converged_round ? std::to_string(*s.converged_round) : "";
  cell["period"] = std::to_string(s.period);
  add_collectives(p, cell);
  add_joint(p, cell);
  for (const auto& [m, v] : p.platform_final) cell["final_" + util::column_name(m)] = util::float_field(v);
  return cell;
}

}  // namespace

void write_points_table(const fs::path& dir, const SweepDesign& design, const config::AxisColumns& axes) {
  std::vector<PointOutcomes> points;
  for (const auto& d : design.points) points.push_back(read_point(dir / "points" / d.id));
  const std::vector<std::string> outcomes = outcome_columns(layout_of(points));
  std::vector<std::string> header = {"point", "replicate"};
  header.insert(header.end(), axes.names.begin(), axes.names.end());
  header.insert(header.end(), outcomes.begin(), outcomes.end());
  util::CsvWriter csv(dir / "points.csv", header);
  for (std::size_t i = 0; i < points.size(); ++i) {
    std::vector<std::string> row = {design.points[i].id, std::to_string(design.points[i].replicate)};
    row.insert(row.end(), axes.cells[i].begin(), axes.cells[i].end());
    const auto cell = outcome_cells(points[i]);
    for (const auto& c : outcomes) {
      const auto it = cell.find(c);
      row.push_back(it == cell.end() ? std::string() : it->second);
    }
    csv.row(row);
  }
  remove_stata_copy(dir / "points.csv");
  csv.commit();
}

}  // namespace aca::analysis
