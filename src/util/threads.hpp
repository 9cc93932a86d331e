#pragma once
// Running a few pieces of work on threads of their own, exception-safe.
#include <cstddef>
#include <functional>

namespace aca::util {

/// Runs work(k) for k = 0, ..., n − 1, each on a thread of its own (k = 0 on the caller's), waits for all of them,
/// then rethrows the first exception any of them threw. If a thread cannot be started, the started ones are still
/// joined before the error propagates.
void run_on_threads(std::size_t n, const std::function<void(std::size_t)>& work);

/// Runs work(i) for i = 0, ..., n − 1 on min(jobs, n) threads (at least one), each thread taking the next index in
/// turn. After a failure no further index is started; the first failure is rethrown once every thread has stopped.
void for_each_index(std::size_t n, std::size_t jobs, const std::function<void(std::size_t)>& work);

}  // namespace aca::util
