#pragma once
// Whether LibTorch can train on a GPU here, behind a header without LibTorch so that torch-free checks can ask.

namespace aca::learn {

/// True when this LibTorch build has CUDA support and a GPU is visible (torch::cuda::is_available()).
bool cuda_available();

}  // namespace aca::learn
