#pragma once
// acasim-bench plumbing: each family measures in one run and adds named figures (ratios, rates, bytes).
#include <string>

#include "util/json_writer.hpp"

namespace aca::bench {

/// The figures of one run of acasim-bench, printed as one JSON object with --json.
using Figures = util::JsonObject;

/// Peak resident set size of this process so far, in bytes (from /proc/self/status VmHWM).
long peak_rss_bytes();

/// Seconds of wall-clock time since an arbitrary fixed point (steady clock).
double now_seconds();

}  // namespace aca::bench
