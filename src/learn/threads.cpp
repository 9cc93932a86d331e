#include "learn/threads.hpp"

#include <ATen/Parallel.h>
#include <dlfcn.h>

#include <algorithm>
#include <thread>

namespace aca::learn {

int set_threads(int threads) {
  const int n = threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  at::set_num_threads(n);
  // Looked up at run time: OpenBLAS is LibTorch's BLAS on Debian but absent from MKL or CUDA builds, and
  // OMP_NUM_THREADS alone would leave its pool at one thread per core whatever the scenario says.
  using SetFn = void (*)(int);
  if (auto set = reinterpret_cast<SetFn>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) set(n);
  return n;
}

}  // namespace aca::learn
