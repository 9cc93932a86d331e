// "Which parameter matters": the Sobol indices or Morris measures of a sobol or morris sweep, one bar figure per
// outcome, each index with its bootstrap interval.
#include <cmath>
#include <limits>
#include <map>

#include "analysis/collect.hpp"
#include "analysis/gnuplot_figure.hpp"
#include "analysis/column_labels.hpp"
#include "analysis/plot_sensitivity.hpp"
#include "analysis/report_sections.hpp"
#include "config/labels.hpp"
#include "util/column_name.hpp"

namespace aca::analysis {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

struct Outcome {
  std::string collective, name;
  std::map<std::string, std::map<std::string, IndexEstimate>> by;  // index → parameter → estimate
  std::size_t samples = 0;
};

std::vector<Outcome> outcomes_of(const SweepSensitivity& s) {
  std::vector<Outcome> out;
  for (const auto& e : s.rows) {
    if (out.empty() || out.back().collective != e.collective || out.back().name != e.outcome)
      out.push_back({e.collective, e.outcome, {}, 0});
    out.back().by[e.index][e.parameter] = e.estimate;
    out.back().samples = std::max(out.back().samples, e.samples);
  }
  return out;
}

// The outcome in the reader's words: points.csv's description of its column.
std::string outcome_words(const Outcome& o) {
  const std::string column = o.collective == "platform" ? o.name : util::column_name(o.collective) + "_" + o.name;
  const std::string words = column_description(column);
  return words.empty() ? column : words;
}

SensitivityBarSeries series_of(const Outcome& o, const SweepSensitivity& s, const std::string& index,
                               const std::string& label) {
  SensitivityBarSeries b{label, {}, {}, {}};
  for (const auto& p : s.parameters) {
    const auto& at = o.by.at(index);
    const auto it = at.find(p);
    const IndexEstimate e = it == at.end() ? IndexEstimate{nan, nan, nan} : it->second;
    b.value.push_back(e.value);
    b.lower.push_back(e.lower);
    b.upper.push_back(e.upper);
  }
  return b;
}

void add_outcome_figure(ReportBuilder& r, const SweepSensitivity& s, const Outcome& o, std::size_t k) {
  const bool sobol = s.design == "sobol";
  SensitivityBars bars;
  for (const auto& p : s.parameters) bars.parameters.push_back(config::axis_label(p));
  if (sobol) {
    bars.series = {series_of(o, s, "first_order", "first-order index Sᵢ (alone)"),
                   series_of(o, s, "total", "total index STᵢ (with interactions)")};
    // Indices are shares of the variance; intervals of a few base samples can reach far beyond [0, 1].
    bars.x_min = -0.2;
    bars.x_max = 1.2;
  } else {
    bars.series = {series_of(o, s, "mu_star", "μ* (mean absolute elementary effect)"),
                   series_of(o, s, "sigma", "σ (spread of the effects: interactions, non-linearity)")};
    bars.x_min = 0.0;
    bars.x_max = nan;
  }
  const std::string words = outcome_words(o);
  PlotStyle st = r.style(words);
  st.xlabel = sobol ? "share of the variance of the outcome" : "change of the outcome over a parameter's whole range";
  const FigureFiles f = plot_sensitivity(r.figs / ("sensitivity_" + std::to_string(k) + "_" + slug(o.collective + "_" + o.name)), bars, st);
  const std::string interval = "lines: " + gnuplot::percent(s.level) + " bootstrap intervals over the " +
                               std::to_string(o.samples) + (sobol ? " base samples" : " elementary effects") + " (" +
                               std::to_string(s.resamples) + " resamples)";
  r.figure(f, (sobol ? "Sobol indices of " : "Morris measures of ") + words + ": " +
                  (sobol ? "bars first-order and total index, " + interval + "; an interval reaching beyond the axis is cut at its end."
                         : "bars μ* and σ, " + interval + "."));
}

std::string with_interval(const IndexEstimate& e) {
  if (!std::isfinite(e.value)) return "";
  if (!std::isfinite(e.lower)) return round4(e.value);
  return round4(e.value) + " [" + round4(e.lower) + ", " + round4(e.upper) + "]";
}

// One row per outcome and parameter: the numbers behind the bars, each index with its interval.
Rows index_rows(const SweepSensitivity& s, const std::vector<Outcome>& outcomes) {
  const bool sobol = s.design == "sobol";
  const std::vector<std::string> indices = sobol ? std::vector<std::string>{"first_order", "total"}
                                                 : std::vector<std::string>{"mu_star", "sigma"};
  Rows rows = {{"outcome", "parameter", sobol ? "first-order Sᵢ" : "μ*", sobol ? "total STᵢ" : "σ"}};
  for (const auto& o : outcomes)
    for (const auto& p : s.parameters) {
      std::vector<std::string> row = {outcome_words(o), config::axis_label(p)};
      for (const auto& ix : indices) {
        const auto it = o.by.find(ix);
        row.push_back(it == o.by.end() || !it->second.count(p) ? "" : with_interval(it->second.at(p)));
      }
      rows.push_back(std::move(row));
    }
  return rows;
}

}  // namespace

void add_sensitivity(ReportBuilder& r) {
  if (!r.a.sensitivity || r.a.sensitivity->rows.empty()) return;
  const SweepSensitivity& s = *r.a.sensitivity;
  r.add(heading("## Which parameter matters (global sensitivity)"));
  r.add(paragraph(
      s.design == "sobol"
          ? "Sobol indices of each outcome over the swept ranges (Saltelli's design): the first-order index Sᵢ is "
            "the share of the outcome's variance that parameter i explains alone, the total index STᵢ the share it "
            "has a hand in, interactions included; a parameter with STᵢ near 0 does not matter over these ranges. "
            "Estimators: Saltelli et al. (2010) for Sᵢ, Jansen (1999) for STᵢ; table: analysis/sensitivity.csv."
          : "Morris's elementary effects of each outcome over the swept ranges: μ* is the mean size of the outcome's "
            "change when one parameter moves by Δ of its range (scaled to the whole range), σ their spread (large "
            "when the effect depends on the other parameters or is not linear); a parameter with μ* near 0 does "
            "not matter over these ranges. Table: analysis/sensitivity.csv."));
  const auto outcomes = outcomes_of(s);
  r.add(table(index_rows(s, outcomes)));
  for (std::size_t k = 0; k < outcomes.size(); ++k) add_outcome_figure(r, s, outcomes[k], k);
  if (!s.skipped.empty()) {
    std::string text = "Outcomes without indices: ";
    for (std::size_t i = 0; i < s.skipped.size(); ++i) text += (i ? "; " : "") + s.skipped[i];
    r.add(paragraph(text + "."));
  }
}

}  // namespace aca::analysis
