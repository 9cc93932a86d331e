#include "sim/build_identity.hpp"

#include "learn/blas_kernel.hpp"
#include "util/build_info.hpp"

namespace aca::sim {

std::string build_identity(const std::string& version, const std::string& commit, const std::string& blas_kernel) {
  return version + " (commit " + commit + ", BLAS kernel " + (blas_kernel.empty() ? "none" : blas_kernel) + ")";
}

std::string build_identity() {
  return build_identity(util::build::version, util::build::git_commit, learn::blas_kernel().kernel);
}

}  // namespace aca::sim
