#pragma once
// The report section of a fork: its α(t) and S(t) against its base run's, with the fork round and what changed.
#include "analysis/report_builder.hpp"

namespace aca::analysis {

/// "Fork against its base run" for a single-run folder whose manifest records a parent (acasim fork); nothing
/// otherwise. A base folder that is gone is said in a paragraph naming it, instead of the figure.
void add_fork(ReportBuilder& r);

}  // namespace aca::analysis
