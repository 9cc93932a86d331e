#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "cli/options.hpp"
#include "learn/blas_kernel.hpp"
#include "sim/manifest.hpp"
#include "util/build_info.hpp"

namespace aca::cli {

namespace {
std::string env_or(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v ? v : fallback;
}

// A kernel below the CPU's best costs a user 1.7–3.6× in training speed without a sign; say so and how to fix it.
void print_blas_kernel() {
  const learn::BlasKernel k = learn::blas_kernel();
  if (k.kernel.empty()) return;
  std::printf("BLAS kernel: %s (%s", k.kernel.c_str(), k.source.c_str());
  if (k.source == "corrected") std::printf(" from %s, which OpenBLAS detected", k.detected.c_str());
  std::printf(")\n");
  const std::string best = learn::best_kernel(learn::cpu_features());
  if (!learn::kernel_correction(k.kernel, learn::cpu_features())) return;
  if (k.source == "set by user")
    std::printf("note: OPENBLAS_CORETYPE=%s in your environment is below what this CPU runs (%s); unset it to let "
                "acasim choose\n", k.kernel.c_str(), best.c_str());
  else if (k.source == "correction off")
    std::printf("note: ACASIM_BLAS_CORRECTION=off keeps %s; this CPU runs %s\n", k.kernel.c_str(), best.c_str());
}
}  // namespace

int cmd_info(const Args& args) {
  namespace po = boost::program_options;
  if (!args.empty() && args[0] == "--version") {
    std::printf("acasim %s (%s)\n", util::build::version, util::build::git_commit);
    return Exit::ok;
  }
  po::options_description visible("options");
  visible.add_options()("help,h", "show this help")("json", "print one JSON object");
  po::options_description hidden;
  po::positional_options_description pos;
  po::variables_map vm;
  if (auto code = parse(args, "usage: acasim info [--json]", visible, hidden, pos, vm)) return *code;
  if (vm.count("json")) {
    std::cout << sim::build_info_json() << "\n";
    return Exit::ok;
  }
  std::printf("acasim %s (commit %s, %s build, %s)\n", util::build::version, util::build::git_commit,
              util::build::build_type, util::build::compiler);
  std::printf("%s\n", sim::build_info_json().c_str());
  std::printf("cores: %u   OMP_NUM_THREADS=%s   OPENBLAS_NUM_THREADS=%s\n", std::thread::hardware_concurrency(),
              env_or("OMP_NUM_THREADS", "(unset)").c_str(), env_or("OPENBLAS_NUM_THREADS", "(unset)").c_str());
  print_blas_kernel();
  std::printf("threads: runs use simulation.threads (default 1): OpenBLAS's pool for logistic, linear and MLP models, "
              "LibTorch's and OpenBLAS's for the CNN (LibTorch's alone without OpenBLAS)\n");
  return Exit::ok;
}

}  // namespace aca::cli
