#pragma once
// Thread count for the agents' OpenMP loops (results never depend on it: every draw is counter-based).
#ifdef _OPENMP
#include <omp.h>
#endif

namespace aca::agents {

/// `requested` threads, or OpenMP's default when 0 (1 without OpenMP).
inline int thread_count(int requested) {
#ifdef _OPENMP
  return requested > 0 ? requested : omp_get_max_threads();
#else
  return 1;
#endif
}

}  // namespace aca::agents
