#include "run_folder/run_outputs.hpp"

#include <stdexcept>
#include <system_error>

namespace aca::run_folder {

namespace fs = std::filesystem;

const std::vector<std::string>& run_output_files() {
  static const std::vector<std::string> files = {
      "scenario.resolved.toml", "metrics.csv",        "summary.json",           "manifest.json",
      "equilibria.csv",         "response_curve.csv", "response_curve_joint.csv", "equilibria_joint.csv",
      "constructiveness.csv",   "participation_map.csv", "participation_map_joint.csv", "response_curve_lattice.csv"};
  return files;
}

namespace {

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// FILE.<writer>.partial, as util::AtomicOutput names its temporaries: only acasim's own are touched.
bool stale_temporary(const std::string& name) {
  if (!ends_with(name, ".partial")) return false;
  for (const auto& f : run_output_files())
    if (name.rfind(f + ".", 0) == 0) return true;
  return false;
}

void remove_tree(const fs::path& p) {
  std::error_code ec;
  fs::remove_all(p, ec);
  if (ec) throw std::runtime_error("cannot remove " + p.string() + " (an earlier run's output): " + ec.message());
}

}  // namespace

void clear_run_outputs(const fs::path& dir, bool keep_checkpoints) {
  for (const auto& f : run_output_files())
    if (f != "manifest.json") remove_tree(dir / f);
  for (const char* sub : {"analysis", "report"}) remove_tree(dir / sub);
  if (!keep_checkpoints) remove_tree(dir / "checkpoints");
  std::vector<fs::path> stale;
  for (const auto& e : fs::directory_iterator(dir))
    if (stale_temporary(e.path().filename().string())) stale.push_back(e.path());
  if (keep_checkpoints && fs::is_directory(dir / "checkpoints"))
    for (const auto& e : fs::directory_iterator(dir / "checkpoints"))
      if (ends_with(e.path().filename().string(), ".partial")) stale.push_back(e.path());
  for (const auto& p : stale) remove_tree(p);
}

}  // namespace aca::run_folder
