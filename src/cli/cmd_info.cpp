#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "cli/options.hpp"
#include "sim/manifest.hpp"
#include "util/build_info.hpp"

namespace aca::cli {

namespace {
std::string env_or(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v ? v : fallback;
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
  std::printf("threads: runs use simulation.threads (default 1): OpenBLAS's pool for logistic, linear and MLP models, "
              "LibTorch's and OpenBLAS's for the CNN (LibTorch's alone without OpenBLAS)\n");
  return Exit::ok;
}

}  // namespace aca::cli
