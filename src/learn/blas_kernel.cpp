#include "learn/blas_kernel.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <utility>
#include <vector>

namespace aca::learn {

namespace {

// Set by acasim (never by a user) in the re-executed process: the kernel OpenBLAS had detected before.
constexpr const char* detected_variable = "ACASIM_BLAS_DETECTED";

std::string lower(std::string_view s) {
  std::string o(s);
  for (char& c : o) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return o;
}

bool correction_off() {
  const char* v = std::getenv("ACASIM_BLAS_CORRECTION");
  return v != nullptr && lower(v) == "off";
}

// ACASIM_BLAS_CORRECTION=from:NAME makes acasim act as if OpenBLAS had detected NAME, so the correction can be
// exercised (and its results compared) on a CPU that OpenBLAS recognises.
std::string detected_kernel(std::string (*core_name)()) {
  const char* v = std::getenv("ACASIM_BLAS_CORRECTION");
  if (v != nullptr && std::string_view(v).rfind("from:", 0) == 0) return std::string(v + 5);
  return core_name();
}

// The core name the system's OpenBLAS detects, asked of a copy this process loads only for the question (the
// front end links no BLAS); libblas.so.3 is the name the engine links, libopenblas.so.0 the library behind it.
std::string system_core_name() {
  for (const char* library : {"libblas.so.3", "libopenblas.so.0"}) {
    void* handle = dlopen(library, RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) continue;
    using NameFn = char* (*)();
    const auto fn = reinterpret_cast<NameFn>(dlsym(handle, "openblas_get_corename"));
    if (fn != nullptr) return std::string(fn());
  }
  return "";
}

// Sets OPENBLAS_CORETYPE to the kernel that corrects `detected` (and records `detected`); false when none applies.
bool set_correction(const std::string& detected) {
  const auto choice = kernel_correction(detected, cpu_features());
  if (!choice) return false;
  if (setenv("OPENBLAS_CORETYPE", choice->c_str(), 1) == 0 && setenv(detected_variable, detected.c_str(), 1) == 0)
    return true;
  unsetenv("OPENBLAS_CORETYPE");
  unsetenv(detected_variable);
  return false;
}

}  // namespace

CpuFeatures cpu_features() {
  __builtin_cpu_init();
  CpuFeatures f;
  f.avx = __builtin_cpu_supports("avx");
  f.avx2 = __builtin_cpu_supports("avx2");
  f.fma = __builtin_cpu_supports("fma");
  f.avx512f = __builtin_cpu_supports("avx512f");
  f.avx512bw = __builtin_cpu_supports("avx512bw");
  f.avx512cd = __builtin_cpu_supports("avx512cd");
  f.avx512dq = __builtin_cpu_supports("avx512dq");
  f.avx512vl = __builtin_cpu_supports("avx512vl");
  return f;
}

// The feature sets are the ones OpenBLAS's own DYNAMIC_ARCH checks before it runs each kernel family
// (driver/others/dynamic.c: support_avx512, support_avx2, support_avx).
std::string best_kernel(const CpuFeatures& f) {
  if (f.avx512f && f.avx512bw && f.avx512cd && f.avx512dq && f.avx512vl && f.avx2 && f.fma) return "SkylakeX";
  if (f.avx2 && f.fma) return "Haswell";
  if (f.avx) return "Sandybridge";
  return "";
}

std::optional<int> kernel_level(std::string_view core_name) {
  static const std::vector<std::pair<const char*, int>> levels = {
      {"skylakex", 3},  {"cooperlake", 3}, {"sapphirerapids", 3},
      {"haswell", 2},   {"zen", 2},
      {"sandybridge", 1}, {"bulldozer", 1}, {"piledriver", 1}, {"steamroller", 1}, {"excavator", 1},
      {"prescott", 0},  {"core2", 0},      {"penryn", 0},     {"dunnington", 0}, {"nehalem", 0},
      {"atom", 0},      {"opteron", 0},    {"opteron_sse3", 0}, {"barcelona", 0}, {"bobcat", 0},
      {"katmai", 0},    {"coppermine", 0}, {"northwood", 0},  {"banias", 0},     {"athlon", 0},
      {"nano", 0},
  };
  const std::string name = lower(core_name);
  for (const auto& [n, level] : levels)
    if (name == n) return level;
  return std::nullopt;
}

std::optional<std::string> kernel_correction(std::string_view detected, const CpuFeatures& features) {
  const std::string best = best_kernel(features);
  const auto have = kernel_level(detected);
  const auto want = kernel_level(best);
  if (best.empty() || !have || !want || *have >= *want) return std::nullopt;
  return best;
}

std::string openblas_core_name() {
  using NameFn = char* (*)();
  const auto fn = reinterpret_cast<NameFn>(dlsym(RTLD_DEFAULT, "openblas_get_corename"));
  return fn ? std::string(fn()) : std::string();
}

BlasKernel blas_kernel() {
  BlasKernel k;
  k.kernel = openblas_core_name();
  if (k.kernel.empty()) {
    k.source = "not OpenBLAS";
    return k;
  }
  k.detected = k.kernel;
  if (const char* before = std::getenv(detected_variable); before && std::getenv("OPENBLAS_CORETYPE")) {
    k.detected = before;
    k.source = "corrected";
  } else if (std::getenv("OPENBLAS_CORETYPE")) {
    k.source = "set by user";
  } else if (correction_off() && kernel_correction(k.kernel, cpu_features())) {
    k.source = "correction off";
  } else {
    k.source = "detected";
  }
  return k;
}

void correct_blas_kernel(char** argv) {
  if (std::getenv("OPENBLAS_CORETYPE") || correction_off()) return;
  // OPENBLAS_CORETYPE being set afterwards also stops a second correction, so this cannot loop.
  if (!set_correction(detected_kernel(&openblas_core_name))) return;
  execv("/proc/self/exe", argv);
  // The re-execution failed (no /proc, say): go on with the detected kernel and say so truthfully.
  unsetenv("OPENBLAS_CORETYPE");
  unsetenv(detected_variable);
}

void choose_blas_kernel_for_child() {
  // Choosing here, before the engine starts, spares it a second start-up (its LibTorch loads before main).
  if (std::getenv("OPENBLAS_CORETYPE") || correction_off()) return;
  set_correction(detected_kernel(&system_core_name));
}

}  // namespace aca::learn
