// acasim-bench: speed and memory figures measured in one run, printed as ratios (never asserted in tests).
// Each family lives in its own bench_<family>.cpp and is listed in families() below.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include <boost/program_options.hpp>

#include "bench/bench.hpp"
#include "bench/bench_scenario.hpp"
#include "learn/blas_kernel.hpp"

namespace aca::bench {

long peak_rss_bytes() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6)) * 1024;
  return -1;
}

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void bench_rng(Figures& f);  // bench_rng.cpp
void bench_agents(Figures& f);  // bench_agents.cpp
void bench_learn(Figures& f);  // bench_learn.cpp
void bench_ensemble(Figures& f);  // bench_ensemble.cpp
void bench_ensemble_cuda(Figures& f);  // bench_ensemble.cpp

}  // namespace aca::bench

namespace {

struct Family {
  const char* name;
  std::function<void(aca::bench::Figures&)> run;
};

// `acasim` and `scenarios` are where family `scenario` finds the executable and the scenario files it times.
std::vector<Family> families(const std::string& acasim, const std::string& scenarios) {
  return {
      {"rng", aca::bench::bench_rng},
      {"agents", aca::bench::bench_agents},
      {"learn", aca::bench::bench_learn},
      {"ensemble", aca::bench::bench_ensemble},
      {"ensemble_cuda", aca::bench::bench_ensemble_cuda},
      {"scenario",
       [=](aca::bench::Figures& f) { aca::bench::bench_scenario(f, acasim, aca::bench::scenario_cases(scenarios)); }},
  };
}

}  // namespace

int main(int argc, char** argv) {
  aca::learn::correct_blas_kernel(argv);  // measure what acasim itself would run on
  namespace po = boost::program_options;
  po::options_description opts("acasim-bench options");
  opts.add_options()("help,h", "show this help")("json", "print one JSON object of named figures")(
      "filter", po::value<std::string>(), "run only the family with this name")("list", "list the families")(
      "acasim", po::value<std::string>()->default_value(ACASIM_EXE),
      "the acasim executable that family scenario times")(
      "scenarios", po::value<std::string>()->default_value(ACASIM_SOURCE_DIR "/scenarios"),
      "the folder of the scenario files that family scenario runs");
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, opts), vm);
  } catch (const po::error& e) {
    std::cerr << "acasim-bench: " << e.what() << "\n" << opts;
    return 2;
  }
  if (vm.count("help")) {
    std::cout << "usage: acasim-bench [--json] [--filter FAMILY] [--acasim PATH] [--scenarios DIR]\n\n" << opts;
    return 0;
  }
  const std::vector<Family> all = families(vm["acasim"].as<std::string>(), vm["scenarios"].as<std::string>());
  if (vm.count("list")) {
    for (const auto& f : all) std::cout << f.name << "\n";
    return 0;
  }
  aca::bench::Figures figures;
  figures.add("hardware_threads", static_cast<int>(std::thread::hardware_concurrency()));
  const aca::learn::BlasKernel kernel = aca::learn::blas_kernel();
  figures.add("blas_kernel", kernel.kernel);
  figures.add("blas_kernel_detected", kernel.detected);
  figures.add("blas_kernel_source", kernel.source);
  const std::string filter = vm.count("filter") ? vm["filter"].as<std::string>() : "";
  bool ran = false;
  for (const auto& f : all) {
    if (!filter.empty() && filter != f.name) continue;
    if (!vm.count("json")) std::cerr << "running " << f.name << " ...\n";
    try {
      f.run(figures);
    } catch (const std::exception& e) {
      std::cerr << "acasim-bench: " << e.what() << "\n";
      return 1;
    }
    ran = true;
  }
  if (!ran) {
    std::cerr << "acasim-bench: no family named `" << filter << "` (use --list)\n";
    return 2;
  }
  figures.add("peak_rss_bytes", static_cast<std::int64_t>(aca::bench::peak_rss_bytes()));
  std::cout << figures.str(vm.count("json") ? 0 : 2) << "\n";
  return 0;
}
