#include "sim/manifest.hpp"

#include <boost/version.hpp>
#include <Eigen/Core>
#include <ctime>
#include <toml++/toml.h>

#include "learn/runtime_info.hpp"
#include "sim/checkpoint.hpp"
#include "util/build_info.hpp"

namespace aca::sim {

namespace {
std::string iso8601(std::chrono::system_clock::time_point t) {
  const std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

run_folder::Json libraries() {
  return run_folder::Json{
      {"boost", std::to_string(BOOST_VERSION / 100000) + "." + std::to_string(BOOST_VERSION / 100 % 1000) + "." +
                    std::to_string(BOOST_VERSION % 100)},
      {"eigen", std::to_string(EIGEN_WORLD_VERSION) + "." + std::to_string(EIGEN_MAJOR_VERSION) + "." +
                    std::to_string(EIGEN_MINOR_VERSION)},
      {"tomlplusplus", std::to_string(TOML_LIB_MAJOR) + "." + std::to_string(TOML_LIB_MINOR) + "." +
                           std::to_string(TOML_LIB_PATCH)},
      {"libtorch", learn::torch_version()}};
}

run_folder::Json runtime() { return run_folder::parse_json(learn::runtime_info_json(), "runtime information"); }

}  // namespace

std::string build_info_json() {
  run_folder::Json o;
  o["acasim_version"] = util::build::version;
  o["git_commit"] = util::build::git_commit;
  o["build_type"] = util::build::build_type;
  o["compiler"] = util::build::compiler;
  o["libraries"] = libraries();
  o["runtime"] = runtime();
  return o.dump(2);
}

run_folder::ManifestRecord manifest_record(const std::filesystem::path& dir, std::chrono::system_clock::time_point start,
                                           std::chrono::system_clock::time_point end) {
  run_folder::ManifestRecord m;
  m.acasim_version = util::build::version;
  m.git_commit = util::build::git_commit;
  m.start_time = iso8601(start);
  m.end_time = iso8601(end);
  m.wall_time_s = std::chrono::duration<double>(end - start).count();
  m.libraries = libraries();
  m.runtime = runtime();
  m.rerun = "acasim run " + (dir / "scenario.resolved.toml").string();
  return m;
}

run_folder::Json fork_parent(const std::filesystem::path& base_dir, const std::filesystem::path& checkpoint) {
  const CheckpointSeal seal = read_checkpoint_seal(checkpoint);
  run_folder::Json p;
  p["folder"] = std::filesystem::absolute(base_dir).lexically_normal().string();
  p["fork_round"] = seal.round;
  p["scenario_hash"] = checkpoint_scenario(checkpoint).hash();
  p["acasim_version"] = seal.acasim_version;
  p["git_commit"] = seal.git_commit;
  p["blas_kernel"] = seal.blas_kernel;
  return p;
}

}  // namespace aca::sim
