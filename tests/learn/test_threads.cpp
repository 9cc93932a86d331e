#include <catch2/catch.hpp>

#include <ATen/Parallel.h>
#include <dlfcn.h>

#include "learn/learner.hpp"
#include "learn/threads.hpp"

using namespace aca::learn;

namespace {

// OpenBLAS's pool size, or 0 where LibTorch does not use OpenBLAS.
int openblas_threads() {
  using GetFn = int (*)();
  const auto get = reinterpret_cast<GetFn>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
  return get ? get() : 0;
}

LearnerSpec spec_for(const std::string& kind, int threads) {
  LearnerSpec s;
  s.learner = "sgd";
  s.threads = threads;
  s.model.kind = kind;
  return s;
}

}  // namespace

TEST_CASE("thread_use gives the cnn both pools and the matrix-product models OpenBLAS's alone", "[learn][threads]") {
  CHECK(thread_use("cnn") == ThreadUse::all);
  for (const char* kind : {"logistic", "linear", "mlp"}) CHECK(thread_use(kind) == ThreadUse::blas);
}

TEST_CASE("set_threads with blas keeps LibTorch's pool at one and gives OpenBLAS the threads", "[learn][threads]") {
  CHECK(set_threads(2, ThreadUse::blas) == 2);
  if (openblas_threads() > 0) {
    CHECK(at::get_num_threads() == 1);
    CHECK(openblas_threads() == 2);
  } else {
    CHECK(at::get_num_threads() == 2);  // no OpenBLAS: LibTorch's pool is the only one
  }
  CHECK(set_threads(2, ThreadUse::all) == 2);
  CHECK(at::get_num_threads() == 2);
  set_threads(1);
}

TEST_CASE("make_learner sets the thread policy of its model kind", "[learn][threads]") {
  if (openblas_threads() == 0) return;  // the policy only differs where OpenBLAS has its own pool
  make_learner(spec_for("mlp", 2));
  CHECK(at::get_num_threads() == 1);
  CHECK(openblas_threads() == 2);
  make_learner(spec_for("cnn", 2));
  CHECK(at::get_num_threads() == 2);
  set_threads(1);
}

TEST_CASE("SerialKernels holds LibTorch's and OpenBLAS's pools at one thread while alive and restores them after",
          "[learn][threads]") {
  set_threads(2, ThreadUse::all);
  {
    const SerialKernels serial;
    CHECK(at::get_num_threads() == 1);
    if (openblas_threads() > 0) CHECK(openblas_threads() == 1);
  }
  CHECK(at::get_num_threads() == 2);
  if (openblas_threads() > 0) CHECK(openblas_threads() == 2);
  set_threads(1);
}
