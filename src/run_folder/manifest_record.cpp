#include "run_folder/manifest_record.hpp"

namespace aca::run_folder {

Json to_json(const ManifestRecord& m) {
  Json j;
  j["format_version"] = manifest_format_version;
  j["acasim_version"] = m.acasim_version;
  j["git_commit"] = m.git_commit;
  j["status"] = m.status;
  j["command"] = m.command;
  j["scenario_file"] = m.scenario_file;
  j["scenario_hash"] = m.scenario_hash;
  j["seed"] = m.seed;
  j["mode"] = m.mode;
  j["device"] = m.device;
  j["threads"] = m.threads;
  j["training_batch"] = m.training_batch;
  if (!m.curve_sources.empty()) j["curve_sources"] = m.curve_sources;
  if (!m.joint_trainings.is_null()) j["joint_trainings"] = m.joint_trainings;
  j["start_time"] = m.start_time;
  j["end_time"] = m.end_time;
  j["wall_time_s"] = number_or_null(m.wall_time_s);
  j["libraries"] = m.libraries;
  j["runtime"] = m.runtime;
  if (!m.parent.is_null()) j["parent"] = m.parent;
  j["rerun"] = m.rerun;
  return j;
}

void write_manifest(const std::filesystem::path& dir, const ManifestRecord& m) {
  write_json_file(dir / "manifest.json", to_json(m));
}

Json to_json(const SweepRecord& s) {
  Json j;
  j["format_version"] = manifest_format_version;
  j["scenario_file"] = s.scenario_file;
  j["design"] = s.design;
  j["points"] = s.points;
  j["axes"] = s.axes;
  j["set"] = s.set;
  j["acasim_version"] = s.acasim_version;
  j["git_commit"] = s.git_commit;
  j["blas_kernel"] = s.blas_kernel;
  j["inputs"] = Json::array();
  for (const auto& f : s.inputs) j["inputs"].push_back(Json{{"key", f.key}, {"path", f.path}, {"hash", f.hash}});
  return j;
}

SweepRecord sweep_from_json(const Json& j, const std::string& where) {
  try {
    SweepRecord s;
    s.scenario_file = string_at(j, "scenario_file", where);
    s.design = string_at(j, "design", where);
    s.points = j.at("points").get<std::int64_t>();
    s.axes = j.at("axes").get<std::vector<std::string>>();
    s.set = j.at("set").get<std::vector<std::string>>();
    // Recorded since issue 15; a folder written before has none and reads as "not recorded".
    s.acasim_version = j.value("acasim_version", std::string());
    s.git_commit = j.value("git_commit", std::string());
    s.blas_kernel = j.value("blas_kernel", std::string());
    if (j.contains("inputs"))
      for (const auto& f : j.at("inputs"))
        s.inputs.push_back({f.at("key").get<std::string>(), f.at("path").get<std::string>(), f.at("hash").get<std::string>()});
    return s;
  } catch (const nlohmann::json::exception& e) {
    throw FolderError(where + ": " + e.what());
  }
}

void write_sweep_record(const std::filesystem::path& dir, const SweepRecord& s) {
  write_json_file(dir / "sweep.json", to_json(s));
}

SweepRecord read_sweep_record(const std::filesystem::path& dir) {
  return sweep_from_json(read_json_file(dir / "sweep.json"), (dir / "sweep.json").string());
}

}  // namespace aca::run_folder
