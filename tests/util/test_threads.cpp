#include <catch2/catch.hpp>

#include <atomic>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "util/threads.hpp"

using namespace aca;

TEST_CASE("run_on_threads runs every piece once, each on a thread of its own, the first on the caller's",
          "[util][threads]") {
  std::vector<int> runs(4, 0);
  std::vector<std::thread::id> ids(4);
  util::run_on_threads(4, [&](std::size_t k) {
    ++runs[k];
    ids[k] = std::this_thread::get_id();
  });
  CHECK(runs == std::vector<int>{1, 1, 1, 1});
  CHECK(ids[0] == std::this_thread::get_id());
  CHECK(std::set<std::thread::id>(ids.begin(), ids.end()).size() == 4);
}

TEST_CASE("run_on_threads finishes the other pieces before it rethrows the first failure", "[util][threads]") {
  std::atomic<int> done{0};
  CHECK_THROWS_WITH(util::run_on_threads(3,
                                         [&](std::size_t k) {
                                           if (k == 1) throw std::runtime_error("piece 1 failed");
                                           ++done;
                                         }),
                    "piece 1 failed");
  CHECK(done == 2);
  util::run_on_threads(0, [&](std::size_t) { ++done; });  // nothing to run
  CHECK(done == 2);
}

TEST_CASE("for_each_index runs every index once on at most jobs threads and starts none after a failure",
          "[util][threads]") {
  std::vector<std::atomic<int>> runs(50);
  std::mutex mu;
  std::set<std::thread::id> threads;
  util::for_each_index(runs.size(), 3, [&](std::size_t i) {
    ++runs[i];
    std::lock_guard<std::mutex> lock(mu);
    threads.insert(std::this_thread::get_id());
  });
  for (const auto& r : runs) CHECK(r == 1);
  CHECK(threads.size() <= 3);

  std::atomic<int> started{0};
  CHECK_THROWS_WITH(util::for_each_index(1000, 1,
                                         [&](std::size_t i) {
                                           ++started;
                                           if (i == 4) throw std::runtime_error("index 4 failed");
                                         }),
                    "index 4 failed");
  CHECK(started == 5);  // one thread: indices 0..4, then nothing more
  util::for_each_index(0, 4, [&](std::size_t) { ++started; });
  CHECK(started == 5);
}
