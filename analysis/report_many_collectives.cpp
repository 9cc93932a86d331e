#include "analysis/report_many_collectives.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "run_folder/summary_record.hpp"

namespace aca::analysis {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t max_runs = 3;  // a sweep's report stays short: the first configurations only

// Shares and successes to three decimals: a fixed point 1e-9 away from 0 is "0.000", not "1.914e-09".
std::string fixed3(double v) {
  if (!std::isfinite(v)) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

// 0.02 per share: with K ≥ 3 options the logit noise keeps each α up to two standard deviations (1/(2√N) at
// N = 2,000) off the mean-field fixed point.
bool ends_at(const run_folder::SummaryRecord& s, const run_folder::JointEquilibriumOutcome& e) {
  for (std::size_t k = 0; k < e.alpha.size() && k < s.outcomes.size(); ++k)
    if (!(std::fabs(s.outcomes[k].final_alpha - e.alpha[k]) < 0.02)) return false;
  return true;
}

void equilibria_table(ReportBuilder& r, const run_folder::SummaryRecord& s) {
  Rows rows{{"joint state"}};
  for (const auto& c : s.collectives) rows[0].push_back("α " + c);
  rows[0].push_back("this run ends here");
  // Stable states first, then the saddles between them, then the rest (as the console prints them).
  auto rank = [](const std::string& st) { return st == "stable" ? 0 : st == "saddle" ? 1 : 2; };
  std::vector<run_folder::JointEquilibriumOutcome> eq = *s.joint_equilibria;
  std::stable_sort(eq.begin(), eq.end(), [&](const auto& x, const auto& y) { return rank(x.stability) < rank(y.stability); });
  for (const auto& e : eq) {
    std::vector<std::string> row{e.stability == "saddle" ? "**saddle** (separates the basins)" : e.stability + " state"};
    for (double a : e.alpha) row.push_back(fixed3(a));
    row.push_back(ends_at(s, e) ? "yes" : "");
    rows.push_back(row);
  }
  r.add(table(rows));
}

void success_table(ReportBuilder& r, const run_folder::SummaryRecord& s) {
  const auto& c = *s.constructiveness;
  Rows rows{{"collective", "alone"}};
  for (const auto& other : s.collectives) rows[0].push_back("beside " + other);
  const bool all = c.success_all_present.size() == s.collectives.size();
  if (all) rows[0].push_back("all present");
  for (std::size_t i = 0; i < s.collectives.size(); ++i) {
    std::vector<std::string> row{s.collectives[i], fixed3(c.success_alone[i])};
    for (std::size_t j = 0; j < s.collectives.size(); ++j) row.push_back(i == j ? "" : fixed3(c.success_with[i][j]));
    if (all) row.push_back(fixed3(c.success_all_present[i]));
    rows.push_back(row);
  }
  r.add(paragraph("Success of each collective at the final shares (summary.json's constructiveness; source: " +
                  c.source + ")."));
  r.add(table(rows));
}

}  // namespace

void add_many_collectives(ReportBuilder& r) {
  std::vector<std::pair<const RunEntry*, run_folder::SummaryRecord>> runs;
  for (const auto& run : r.a.runs) {
    if (run.status != "complete" || run.replicate != 0 || runs.size() >= max_runs || !fs::exists(run.dir / "summary.json"))
      continue;
    run_folder::SummaryRecord s = run_folder::read_summary(run.dir);
    if (s.collectives.size() >= 3 && (s.joint_equilibria || s.constructiveness)) runs.emplace_back(&run, std::move(s));
  }
  if (runs.empty()) return;
  r.add(heading("## Three or more collectives: joint equilibria and success at the final shares"));
  for (const auto& [run, s] : runs) {
    const std::string who = r.a.sweep ? " (" + run->id + ": " + settings_text(run->settings) + ")" : "";
    if (s.joint_equilibria) {
      r.add(paragraph("Joint equilibria" + who + " of the map α ↦ shares choosing each collective when all are "
                      "present (equilibria_joint.csv), from the Jacobian's eigenvalues: stable (all inside the unit "
                      "circle), saddle (some on each side; separates basins), unstable (all outside)."));
      equilibria_table(r, s);
    }
    if (s.constructiveness) success_table(r, s);
  }
}

}  // namespace aca::analysis
