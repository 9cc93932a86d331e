#include "learn/threads.hpp"

#include <ATen/Parallel.h>
#include <dlfcn.h>

#include <algorithm>
#include <thread>

namespace aca::learn {

namespace {

// Looked up at run time: OpenBLAS is LibTorch's BLAS on Debian but absent from MKL or CUDA builds, and
// OMP_NUM_THREADS alone would leave its pool at one thread per core whatever the scenario says.
using SetFn = void (*)(int);
using GetFn = int (*)();
SetFn openblas_set() { return reinterpret_cast<SetFn>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads")); }
GetFn openblas_get() { return reinterpret_cast<GetFn>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads")); }

}  // namespace

ThreadUse thread_use(const std::string& model_kind) { return model_kind == "cnn" ? ThreadUse::all : ThreadUse::blas; }

int set_threads(int threads, ThreadUse use) {
  const int n = threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const SetFn set = openblas_set();
  // Without OpenBLAS (an MKL or CUDA LibTorch) LibTorch's pool is the only one, so it gets the threads.
  at::set_num_threads(use == ThreadUse::all || !set ? n : 1);
  if (set) set(n);
  return n;
}

SerialKernels::SerialKernels() : torch_previous_(at::get_num_threads()) {
  at::set_num_threads(1);
  const SetFn set = openblas_set();
  const GetFn get = openblas_get();
  if (!set || !get) return;
  blas_previous_ = get();
  set(1);
}

SerialKernels::~SerialKernels() {
  at::set_num_threads(torch_previous_);
  if (blas_previous_ > 0) openblas_set()(blas_previous_);
}

}  // namespace aca::learn
