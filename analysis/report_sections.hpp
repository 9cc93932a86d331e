#pragma once
// Report sections that live in their own files (the rest are in report.cpp), each appending to a ReportBuilder.
#include <string>
#include <vector>

#include "analysis/policy_outcomes.hpp"
#include "analysis/report_builder.hpp"

namespace aca::analysis {

/// "## Summary": one row per configuration — α* with its interval, equilibria with their stability, final α and
/// welfare — and the generated sentences that say how each swept parameter moves them.
void add_summary(ReportBuilder& r);

/// Sentences per swept axis (and collective, when several; per setting of the other axes while there are at most
/// three, else averaged over them) saying how α*, the stable equilibrium, final α and
/// welfare move from the axis's first to its last value (design order); empty without a varied axis.
std::vector<std::string> summary_sentences(const std::vector<PolicyOutcome>& rows);

/// The summary table's rows (header first).
Rows summary_rows(const std::vector<PolicyOutcome>& rows);

/// "## Outcomes against the swept parameters": per varied axis, α*, the stable equilibria, final α and welfare
/// with their intervals, one series per other setting.
void add_outcome_figures(ReportBuilder& r);

/// "## Two swept parameters at once": per pair of varied numeric axes, heatmaps of final α (and α* when
/// measured) with the values printed in the cells.
void add_heatmaps(ReportBuilder& r);

/// "## Which parameter matters (global sensitivity)": for a sobol or morris sweep, per outcome a bar figure of the
/// first-order and total Sobol indices (or Morris's μ* and σ) of every swept parameter with bootstrap intervals.
void add_sensitivity(ReportBuilder& r);

}  // namespace aca::analysis
