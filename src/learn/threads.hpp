#pragma once
// The learners' thread policy, in one place.

namespace aca::learn {

/// Sets the threads LibTorch uses inside one operation (at::set_num_threads) and, where LibTorch multiplies
/// matrices in OpenBLAS (Debian's build), OpenBLAS's own pool, which at::set_num_threads does not reach.
/// `threads` = 0 means one per core. Process-wide; returns the number set.
int set_threads(int threads);

/// While alive, holds OpenBLAS's own pool (where LibTorch multiplies matrices in OpenBLAS) at `threads`, for code
/// that runs several products at once on its own threads; 0 leaves the pool as it is. Restores it when destroyed.
class BlasThreads {
 public:
  explicit BlasThreads(int threads);
  ~BlasThreads();
  BlasThreads(const BlasThreads&) = delete;
  BlasThreads& operator=(const BlasThreads&) = delete;

 private:
  int previous_ = 0;
};

}  // namespace aca::learn
