#include "util/threads.hpp"

#include <exception>
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

}  // namespace aca::util
