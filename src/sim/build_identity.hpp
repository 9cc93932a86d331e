#pragma once
// Which build computed a result: acasim's version and commit and the OpenBLAS kernel, whose summation order moves
// every training a little. A sweep reuses a finished point, and a run resumes a checkpoint, only from this identity.
#include <string>

namespace aca::sim {

/// "VERSION (commit C, BLAS kernel K)", K "none" when `blas_kernel` is empty (not OpenBLAS, or not recorded).
std::string build_identity(const std::string& version, const std::string& commit, const std::string& blas_kernel);

/// The same for this process: its version, commit and the OpenBLAS kernel in use.
std::string build_identity();

}  // namespace aca::sim
