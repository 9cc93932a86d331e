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
