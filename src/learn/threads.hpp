#pragma once
// The learners' thread policy, in one place.

namespace aca::learn {

/// Sets the threads LibTorch uses inside one operation (at::set_num_threads) and, where LibTorch multiplies
/// matrices in OpenBLAS (Debian's build), OpenBLAS's own pool, which at::set_num_threads does not reach.
/// `threads` = 0 means one per core. Process-wide; returns the number set.
int set_threads(int threads);

}  // namespace aca::learn
