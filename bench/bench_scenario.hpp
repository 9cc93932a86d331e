#pragma once
// Family `scenario`: end-to-end wall and CPU seconds of acasim commands as a user runs them (the real executable,
// started as a child process), each with the BLAS kernel its run recorded.
#include <filesystem>
#include <string>
#include <vector>

#include "bench/bench.hpp"

namespace aca::bench {

/// One timed command: `acasim <args> --out <temporary folder>/<name> --quiet`.
struct ScenarioCase {
  std::string name;               ///< figure prefix: scenario_<name>_...
  std::vector<std::string> args;  ///< acasim's arguments before --out
  std::string shown;              ///< the command as a user in the source folder types it (the figure's `command`)
};

/// The family's cases: the quickstart run, the dp_regulation sweep --quick, and fashion_mnist_patch reduced to 3
/// rounds, with the scenario files read from `scenarios_dir`.
std::vector<ScenarioCase> scenario_cases(const std::filesystem::path& scenarios_dir);

/// Runs each case with the executable `acasim` into one temporary folder (removed afterwards, also on failure) and
/// adds scenario_<name>_{command, wall_s, cpu_s, peak_rss_bytes, blas_kernel, blas_kernel_source}. Throws
/// std::runtime_error saying how to fix it when `acasim` is missing or a case fails (with the end of its output).
void bench_scenario(Figures& f, const std::filesystem::path& acasim, const std::vector<ScenarioCase>& cases);

}  // namespace aca::bench
