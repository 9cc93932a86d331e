#pragma once
// Which OpenBLAS kernel multiplies: Debian 12's OpenBLAS 0.3.21 does not recognise some current CPUs and falls back
// to an older kernel (measured: Prescott on an AVX-512 Xeon, Haswell on an AVX-512 AMD EPYC). OpenBLAS reads
// OPENBLAS_CORETYPE only when it is loaded, so acasim sets the variable before the engine starts (the front end)
// or re-executes itself once with it set (the engine started directly), unless the user set it or turned the
// correction off (ACASIM_BLAS_CORRECTION=off).
#include <optional>
#include <string>
#include <string_view>

namespace aca::learn {

/// The instruction-set features that decide which OpenBLAS x86-64 kernel a CPU can run.
struct CpuFeatures {
  bool avx = false;       ///< AVX
  bool avx2 = false;      ///< AVX2
  bool fma = false;       ///< FMA3
  bool avx512f = false;   ///< AVX-512 Foundation
  bool avx512bw = false;  ///< AVX-512 Byte and Word
  bool avx512cd = false;  ///< AVX-512 Conflict Detection
  bool avx512dq = false;  ///< AVX-512 Doubleword and Quadword
  bool avx512vl = false;  ///< AVX-512 Vector Length
};

/// The features of the CPU this process runs on (cpuid, via the compiler's builtins).
CpuFeatures cpu_features();

/// The best OpenBLAS kernel the features allow: "SkylakeX" (AVX-512 F/BW/CD/DQ/VL), "Haswell" (AVX2 + FMA),
/// "Sandybridge" (AVX), or "" (none of them: keep what OpenBLAS detects).
std::string best_kernel(const CpuFeatures& features);

/// Capability level of an OpenBLAS core name (case-insensitive): 3 AVX-512 kernels, 2 AVX2 kernels, 1 AVX kernels,
/// 0 older x86-64 kernels; nullopt for a name this table does not know (never corrected).
std::optional<int> kernel_level(std::string_view core_name);

/// The kernel to switch to when `detected` is a known kernel below what `features` allow; nullopt otherwise.
std::optional<std::string> kernel_correction(std::string_view detected, const CpuFeatures& features);

/// OpenBLAS's own name of the kernel in use (openblas_get_corename), or "" when the BLAS is not OpenBLAS.
std::string openblas_core_name();

/// The kernel in use and how it was chosen.
struct BlasKernel {
  std::string kernel;    ///< core name in use ("" when the BLAS is not OpenBLAS)
  std::string detected;  ///< what OpenBLAS detected by itself (equals `kernel` unless corrected)
  /// "detected" (OpenBLAS's own choice, nothing better allowed), "corrected" (acasim set OPENBLAS_CORETYPE),
  /// "set by user" (OPENBLAS_CORETYPE in the user's environment), "correction off" (ACASIM_BLAS_CORRECTION=off
  /// kept a kernel below the CPU's best), or "not OpenBLAS".
  std::string source;
};

/// The kernel in use in this process and its source.
BlasKernel blas_kernel();

/// Re-executes the running program (/proc/self/exe with `argv`) with OPENBLAS_CORETYPE set to the kernel
/// kernel_correction() chooses; returns without doing anything when no correction applies, the user set
/// OPENBLAS_CORETYPE, ACASIM_BLAS_CORRECTION=off, or the re-execution fails. ACASIM_BLAS_CORRECTION=from:NAME
/// acts as if OpenBLAS had detected NAME (to check the correction on a CPU it recognises). Call first in main().
void correct_blas_kernel(char** argv);

/// For a program that links no BLAS and executes one that does (the acasim front end before acasim-engine): sets
/// OPENBLAS_CORETYPE in this process's environment where correct_blas_kernel() would correct the kernel, asking
/// the system's OpenBLAS what it detects, so the child starts once with the right kernel.
void choose_blas_kernel_for_child();

}  // namespace aca::learn
