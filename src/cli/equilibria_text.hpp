#pragma once
// The console lines that state a run's equilibria: with two collectives the joint equilibria and the saddle first,
// as joint states, and each collective's own map labelled "alone" (its curve holds the others absent).
#include <string>

#include "sim/run_outcome.hpp"

namespace aca::cli {

/// The equilibrium lines of `s` (each "  ...\n"); "" when the run found none.
std::string equilibria_text(const sim::RunSummary& s);

}  // namespace aca::cli
