#include "util/threads.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace aca::util {

void run_on_threads(std::size_t n, const std::function<void(std::size_t)>& work) {
  if (n == 0) return;
  std::vector<std::exception_ptr> failed(n);
  const auto guarded = [&](std::size_t k) {
    try {
      work(k);
    } catch (...) {
      failed[k] = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(n - 1);
  std::exception_ptr start_failure;
  try {
    for (std::size_t k = 1; k < n; ++k) pool.emplace_back(guarded, k);
  } catch (...) {  // a std::thread destroyed while joinable would terminate the process: join first
    start_failure = std::current_exception();
  }
  if (!start_failure) guarded(0);
  for (auto& t : pool) t.join();
  if (start_failure) std::rethrow_exception(start_failure);
  for (const auto& e : failed)
    if (e) std::rethrow_exception(e);
}

void for_each_index(std::size_t n, std::size_t jobs, const std::function<void(std::size_t)>& work) {
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex mu;
  std::exception_ptr first;  // the first failure in time
  run_on_threads(std::max<std::size_t>(1, std::min(jobs, n)), [&](std::size_t) {
    for (std::size_t i; !failed && (i = next.fetch_add(1)) < n;) {
      try {
        work(i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(mu);
        if (!first) first = std::current_exception();
        failed = true;
      }
    }
  });
  if (first) std::rethrow_exception(first);
}

}  // namespace aca::util
