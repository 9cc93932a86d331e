#pragma once
// The learners' thread policy, in one place.
#include <string>

namespace aca::learn {

/// Where a learner's threads go: into LibTorch's pool and OpenBLAS's (`all`), or into OpenBLAS's alone with
/// LibTorch's at one (`blas`), for models whose work is matrix products (logistic, linear, MLP): there LibTorch's
/// pool only splits small element-wise operations, and its idle threads spin on the cores OpenBLAS needs.
enum class ThreadUse { all, blas };

/// The ThreadUse for a model kind ("cnn": all; the others: blas).
ThreadUse thread_use(const std::string& model_kind);

/// Sets the threads LibTorch uses inside one operation (at::set_num_threads) and, where LibTorch multiplies
/// matrices in OpenBLAS (Debian's build), OpenBLAS's own pool, which at::set_num_threads does not reach, as `use`
/// says. `threads` = 0 means one per core. Process-wide; returns the number of threads (OpenBLAS's).
int set_threads(int threads, ThreadUse use = ThreadUse::all);

/// While alive, holds LibTorch's pool and OpenBLAS's at one thread each, for code that runs several computations at
/// once on threads of its own (threads started meanwhile take LibTorch's setting up); restores both when destroyed.
/// One at a time per process: holders that overlap would restore each other's settings.
class SerialKernels {
 public:
  SerialKernels();
  ~SerialKernels();
  SerialKernels(const SerialKernels&) = delete;
  SerialKernels& operator=(const SerialKernels&) = delete;

 private:
  int torch_previous_ = 0, blas_previous_ = 0;
};

}  // namespace aca::learn
