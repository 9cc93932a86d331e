#pragma once
// The console lines that state a run's equilibria: with several collectives the joint equilibria and the saddles first,
// as joint states, and each collective's own map labelled "alone" (its curve holds the others absent).
#include <string>

#include "sim/run_outcome.hpp"

namespace aca::cli {

/// The equilibrium lines of `s` (each "  ...\n"); "" when the run found none.
std::string equilibria_text(const sim::RunSummary& s);

/// The joint success matrix at the final shares, one line per collective: alone, beside each other collective, and
/// with all present where the model says; "" with one collective or where the mode cannot say.
std::string success_matrix_text(const sim::RunSummary& s);

}  // namespace aca::cli
