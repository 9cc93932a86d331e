#include "learn/runtime_info.hpp"

#include <ATen/Parallel.h>
#include <dlfcn.h>
#include <torch/cuda.h>
#include <torch/version.h>

#include "learn/blas_kernel.hpp"
#include "util/json_writer.hpp"

namespace aca::learn {

std::string torch_version() {
  return std::to_string(TORCH_VERSION_MAJOR) + "." + std::to_string(TORCH_VERSION_MINOR) + "." +
         std::to_string(TORCH_VERSION_PATCH);
}

std::string runtime_info_json() {
  util::JsonObject o;
  o.add("libtorch", torch_version());
  o.add("torch_intra_op_threads", at::get_num_threads());
  // Which BLAS LibTorch multiplies with is decided by the dynamic linker (Debian's alternatives), so ask it.
  using CfgFn = char* (*)();
  using NumFn = int (*)();
  if (auto cfg = reinterpret_cast<CfgFn>(dlsym(RTLD_DEFAULT, "openblas_get_config"))) {
    o.add("blas", std::string(cfg()));
    const BlasKernel k = blas_kernel();
    o.add("blas_kernel", k.kernel);
    o.add("blas_kernel_detected", k.detected);
    o.add("blas_kernel_source", k.source);
    if (auto n = reinterpret_cast<NumFn>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"))) o.add("blas_threads", n());
  } else {
    o.add("blas", "not OpenBLAS (reference BLAS or MKL): expect slower training on Debian's LibTorch");
  }
  o.add("cuda_available", torch::cuda::is_available());
  o.add("cuda_devices", static_cast<std::int64_t>(torch::cuda::device_count()));
  return o.str(0);
}

}  // namespace aca::learn
