#pragma once
// Report section for three or more collectives: the joint equilibria as joint states and each collective's success
// alone, beside each other one and with all present at the final shares (from summary.json).
#include "analysis/report_builder.hpp"

namespace aca::analysis {

/// "Three or more collectives": for a single run (or replicate 0 of at most three sweep configurations) whose
/// summary.json has K ≥ 3 collectives, the joint equilibria table and the success matrix at the final shares.
void add_many_collectives(ReportBuilder& r);

}  // namespace aca::analysis
