#include "bench/scenario_timing.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "run_folder/json_file.hpp"

extern char** environ;

namespace aca::bench {

namespace {

std::vector<char*> c_strings(const std::vector<std::string>& v) {
  std::vector<char*> out;
  for (const auto& s : v) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

double seconds(const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6; }

bool starts_with(const char* s, const char* prefix) { return std::strncmp(s, prefix, std::strlen(prefix)) == 0; }

}  // namespace

ChildTiming time_child(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                       const std::filesystem::path& log) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  std::vector<char*> args = c_strings(argv), envp = c_strings(env);
  pid_t pid = 0;
  const double t0 = now();
  const int err = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (err != 0) throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(err));
  // wait4 gives this one child's own usage, where getrusage(RUSAGE_CHILDREN) would add every earlier child too.
  int status = 0;
  rusage usage{};
  pid_t done = -1;
  do done = wait4(pid, &status, 0, &usage);
  while (done < 0 && errno == EINTR);
  ChildTiming t;
  t.wall_s = now() - t0;
  if (done < 0) throw std::runtime_error("cannot wait for " + argv[0] + ": " + std::strerror(errno));
  t.cpu_s = seconds(usage.ru_utime) + seconds(usage.ru_stime);
  t.peak_rss_bytes = usage.ru_maxrss * 1024L;  // Linux reports kibibytes
  t.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return t;
}

std::vector<std::string> user_environment() {
  // acasim-bench corrected its own kernel by re-executing itself with these two set (learn/blas_kernel.cpp); a
  // child that inherited them would skip its own correction and its re-execution, which a user's acasim pays.
  const bool bench_corrected = std::getenv("ACASIM_BLAS_DETECTED") && std::getenv("OPENBLAS_CORETYPE");
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) {
    if (bench_corrected && (starts_with(*e, "OPENBLAS_CORETYPE=") || starts_with(*e, "ACASIM_BLAS_DETECTED=")))
      continue;
    env.emplace_back(*e);
  }
  return env;
}

RecordedKernel recorded_kernel(const std::filesystem::path& manifest) {
  const run_folder::Json m = run_folder::read_json_file(manifest);
  const std::string where = manifest.string();
  if (!m.contains("runtime") || !m["runtime"].is_object())
    throw run_folder::FolderError(where + ": no `runtime` object (a manifest written by acasim records the BLAS "
                                          "there; is this an acasim run folder?)");
  const run_folder::Json& r = m["runtime"];
  if (!r.contains("blas_kernel")) return {"none", r.value("blas", std::string("not recorded"))};
  return {run_folder::string_at(r, "blas_kernel", where + " runtime"),
          run_folder::string_at(r, "blas_kernel_source", where + " runtime")};
}

std::filesystem::path first_manifest(const std::filesystem::path& dir) {
  if (std::filesystem::is_regular_file(dir / "manifest.json")) return dir / "manifest.json";
  std::vector<std::filesystem::path> found;
  if (std::filesystem::is_directory(dir))
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
      if (e.is_regular_file() && e.path().filename() == "manifest.json") found.push_back(e.path());
  if (found.empty())
    throw std::runtime_error(dir.string() + " holds no manifest.json: the run wrote no run folder there");
  return *std::min_element(found.begin(), found.end());
}

std::string file_tail(const std::filesystem::path& path, std::size_t max_chars) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  const std::string text = s.str();
  return text.size() > max_chars ? "..." + text.substr(text.size() - max_chars) : text;
}

}  // namespace aca::bench
