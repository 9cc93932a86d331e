#pragma once
// What a column of acasim's tidy tables (panel.csv, points.csv, results.csv, analysis/*.csv) means, in one line:
// the variable labels of the Stata export.
#include <string>

namespace aca::analysis {

/// The meaning of the column `header` (read as util::column_name(header), so `platform.privacy.target_epsilon` is
/// `platform_privacy_target_epsilon`): the scenario schema's one-line doc when the column is a scenario key's
/// util::column_name (array keys too: `collective_0_target` is `collective[].target`), else the description of an
/// acasim metric or outcome (`alpha`, `welfare`, `<collective>_critical_mass`, `flow_from_<option>`,
/// `<collective>_equilibrium_<k>_alpha`, ...); "" when acasim does not know the column.
std::string column_description(const std::string& header);

}  // namespace aca::analysis
