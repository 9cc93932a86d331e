#pragma once
// Family `scenario` plumbing: times an acasim command run as a child process and reads the BLAS kernel its run
// folder recorded.
#include <filesystem>
#include <string>
#include <vector>

namespace aca::bench {

/// Wall and CPU time of one child process, and how it ended.
struct ChildTiming {
  double wall_s = 0;        ///< wall-clock seconds from start to exit
  double cpu_s = 0;         ///< user + system CPU seconds of the child (with the processes it waited for)
  long peak_rss_bytes = 0;  ///< the child's peak resident set size
  int exit_code = -1;       ///< its exit status; -1 when a signal ended it
};

/// Runs `argv` (argv[0] the executable's path) with the environment `env` ("NAME=value" each), stdout and stderr
/// written to `log`, and waits for it; throws std::runtime_error when it cannot be started.
ChildTiming time_child(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                       const std::filesystem::path& log);

/// This process's environment as a user would hand it to acasim: without the OPENBLAS_CORETYPE and
/// ACASIM_BLAS_DETECTED that acasim-bench's own BLAS correction added (so the child corrects itself, as acasim does
/// when a user starts it), with a variable the user set kept.
std::vector<std::string> user_environment();

/// The BLAS kernel a run recorded in its manifest.
struct RecordedKernel {
  std::string kernel;  ///< runtime.blas_kernel; "none" when the BLAS was not OpenBLAS
  std::string source;  ///< runtime.blas_kernel_source ("detected", "corrected", ...); else the runtime's `blas`
};

/// The kernel recorded in the manifest file `manifest`; throws run_folder::FolderError naming the file when it holds
/// no runtime record.
RecordedKernel recorded_kernel(const std::filesystem::path& manifest);

/// `dir`/manifest.json for a run folder, else the first manifest.json below `dir` in path order (a sweep's first
/// point); throws std::runtime_error naming `dir` when there is none.
std::filesystem::path first_manifest(const std::filesystem::path& dir);

/// The last `max_chars` characters of the text file `path` ("" when it cannot be read), for error messages.
std::string file_tail(const std::filesystem::path& path, std::size_t max_chars);

}  // namespace aca::bench
