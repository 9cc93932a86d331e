#pragma once
// What the learners run on: LibTorch version, BLAS, threads and devices, for `acasim info` and manifests.
#include <string>

namespace aca::learn {

/// One JSON object: libtorch version, intra-op threads, BLAS library, CUDA availability and device count.
std::string runtime_info_json();

/// LibTorch's version, e.g. "1.13.0".
std::string torch_version();

}  // namespace aca::learn
