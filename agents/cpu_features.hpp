#pragma once
// Run-time CPU feature test for the hot loops that have an AVX-512 build next to the portable one.

namespace aca::agents {

/// True when the CPU runs the AVX-512 (F, DQ, VL, BW) builds of the hot loops (checked once).
inline bool has_avx512() {
  static const bool yes = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
                          __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw");
  return yes;
}

}  // namespace aca::agents
