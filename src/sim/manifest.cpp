#include "sim/manifest.hpp"

#include <boost/version.hpp>
#include <Eigen/Core>
#include <ctime>
#include <toml++/toml.h>

#include "learn/runtime_info.hpp"
#include "util/atomic_file.hpp"
#include "util/build_info.hpp"
#include "util/json_writer.hpp"

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

util::JsonObject libraries() {
  util::JsonObject o;
  o.add("boost", std::to_string(BOOST_VERSION / 100000) + "." + std::to_string(BOOST_VERSION / 100 % 1000) + "." +
                     std::to_string(BOOST_VERSION % 100));
  o.add("eigen", std::to_string(EIGEN_WORLD_VERSION) + "." + std::to_string(EIGEN_MAJOR_VERSION) + "." +
                     std::to_string(EIGEN_MINOR_VERSION));
  o.add("tomlplusplus", std::to_string(TOML_LIB_MAJOR) + "." + std::to_string(TOML_LIB_MINOR) + "." +
                            std::to_string(TOML_LIB_PATCH));
  o.add("libtorch", learn::torch_version());
  return o;
}
}  // namespace

std::string build_info_json() {
  util::JsonObject o;
  o.add("acasim_version", util::build::version);
  o.add("git_commit", util::build::git_commit);
  o.add("build_type", util::build::build_type);
  o.add("compiler", util::build::compiler);
  o.add("libraries", libraries());
  o.add_raw("runtime", learn::runtime_info_json());
  return o.str();
}

void write_manifest(const std::filesystem::path& dir, const ManifestInfo& info) {
  util::JsonObject o;
  o.add("acasim_version", util::build::version);
  o.add("git_commit", util::build::git_commit);
  o.add("status", info.status);
  o.add("command", info.command);
  o.add("scenario_file", info.scenario_file);
  o.add("scenario_hash", info.scenario_hash);
  o.add("seed", static_cast<std::int64_t>(info.seed));
  o.add("mode", info.mode);
  o.add("device", info.device);
  o.add("threads", info.threads);
  o.add("training_batch", static_cast<std::int64_t>(info.training_batch));
  if (!info.curve_sources.empty()) o.add("curve_sources", info.curve_sources);
  o.add("start_time", iso8601(info.start));
  o.add("end_time", iso8601(info.end));
  o.add("wall_time_s", std::chrono::duration<double>(info.end - info.start).count());
  o.add("libraries", libraries());
  o.add_raw("runtime", learn::runtime_info_json());
  o.add("rerun", "acasim run " + (dir / "scenario.resolved.toml").string());
  util::write_file_atomic(dir / "manifest.json", o.str() + "\n");
}

}  // namespace aca::sim
