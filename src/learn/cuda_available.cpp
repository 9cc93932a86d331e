#include "learn/cuda_available.hpp"

#include <torch/cuda.h>

namespace aca::learn {

bool cuda_available() { return torch::cuda::is_available(); }

}  // namespace aca::learn
