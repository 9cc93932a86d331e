// Family `scenario`: what a user waits for, end to end — process start (LibTorch's libraries, the BLAS correction's
// re-execution), reading the scenario and data, training, and writing the run folder — measured on the real acasim
// executable started as a child process. CPU seconds are the child's user + system time (wait4), so that a sweep's
// parallel points and LibTorch's threads count in full; the kernel is read back from the run's own manifest, i.e.
// the one the child ran on, not the bench's.
#include "bench/bench_scenario.hpp"

#include <stdlib.h>
#include <unistd.h>

#include <stdexcept>

#include "bench/scenario_timing.hpp"

namespace aca::bench {

namespace {

// A fresh folder under TMPDIR (else /tmp), removed with everything in it when the guard goes.
class TemporaryFolder {
 public:
  TemporaryFolder() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/acasim-bench-scenario-XXXXXX";
    if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot create a temporary folder " + pattern);
    path_ = pattern;
  }
  TemporaryFolder(const TemporaryFolder&) = delete;
  TemporaryFolder& operator=(const TemporaryFolder&) = delete;
  ~TemporaryFolder() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

std::string joined(const std::vector<std::string>& words) {
  std::string s;
  for (const auto& w : words) s += (s.empty() ? "" : " ") + w;
  return s;
}

void require_executable(const std::filesystem::path& acasim) {
  if (std::filesystem::is_regular_file(acasim) && access(acasim.c_str(), X_OK) == 0) return;
  throw std::runtime_error("family scenario: no acasim executable at " + acasim.string() +
                           " (build it with `cmake --build build/release --target acasim`, or pass its path with "
                           "--acasim PATH)");
}

}  // namespace

std::vector<ScenarioCase> scenario_cases(const std::filesystem::path& scenarios_dir) {
  const std::string dir = scenarios_dir.string() + "/";
  return {
      {"quickstart", {"run", dir + "quickstart.toml"}, "acasim run scenarios/quickstart.toml"},
      {"dp_regulation_sweep_quick", {"sweep", dir + "dp_regulation.toml", "--quick"},
       "acasim sweep scenarios/dp_regulation.toml --quick"},
      // 3 of its 6 rounds: still reads all 70,000 Fashion-MNIST images and trains the MLP afresh every round.
      {"fashion_mnist_patch_3_rounds", {"run", dir + "fashion_mnist_patch.toml", "--set", "simulation.rounds=3"},
       "acasim run scenarios/fashion_mnist_patch.toml --set simulation.rounds=3"},
  };
}

void bench_scenario(Figures& f, const std::filesystem::path& acasim, const std::vector<ScenarioCase>& cases) {
  require_executable(acasim);
  const TemporaryFolder tmp;
  const std::vector<std::string> env = user_environment();
  for (const auto& c : cases) {
    const std::filesystem::path out = tmp.path() / c.name;
    std::vector<std::string> argv{acasim.string()};
    argv.insert(argv.end(), c.args.begin(), c.args.end());
    argv.insert(argv.end(), {"--out", out.string(), "--quiet"});
    const std::filesystem::path log = tmp.path() / (c.name + ".log");
    const ChildTiming t = time_child(argv, env, log);
    if (t.exit_code != 0)
      throw std::runtime_error("family scenario: `" + joined(argv) + "` " +
                               (t.exit_code < 0 ? "was killed by a signal" : "exited with status " +
                                                                                 std::to_string(t.exit_code)) +
                               "; the end of its output:\n" + file_tail(log, 2000));
    const RecordedKernel k = recorded_kernel(first_manifest(out));
    const std::string key = "scenario_" + c.name + "_";
    f.add(key + "command", c.shown + " --out DIR --quiet");
    f.add(key + "wall_s", t.wall_s);
    f.add(key + "cpu_s", t.cpu_s);
    f.add(key + "peak_rss_bytes", static_cast<std::int64_t>(t.peak_rss_bytes));
    f.add(key + "blas_kernel", k.kernel);
    f.add(key + "blas_kernel_source", k.source);
  }
}

}  // namespace aca::bench
