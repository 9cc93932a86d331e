#include "run_folder/run_status.hpp"

#include "run_folder/folder_lock.hpp"
#include "run_folder/folder_refused.hpp"
#include "run_folder/json_file.hpp"

namespace aca::run_folder {

std::string run_status(const std::filesystem::path& dir) {
  // A manifest that is missing or cut short (a killed process) means "not finished", never an error.
  if (!std::filesystem::exists(dir / "manifest.json")) return "";
  try {
    const Json m = read_json_file(dir / "manifest.json");
    const auto it = m.find("status");
    return it != m.end() && it->is_string() ? it->get<std::string>() : "";
  } catch (const FolderError&) {
    return "";
  }
}

bool run_complete(const std::filesystem::path& dir) { return run_status(dir) == "complete"; }

namespace {

// What the user can do with a run in `status`.
std::string advice(const std::filesystem::path& dir, const std::string& status) {
  const std::string resume = "continue it with `acasim run --resume " + dir.string() + "` (it needs checkpoints) ";
  if (status == "running") {
    if (const auto holder = folder_holder(dir)) return "it is still running (" + *holder + "); wait for it to finish";
    return "no acasim process is writing it, so it was interrupted; " + resume + "or run it again";
  }
  if (status == "stopped") return "it was stopped before its last round; " + resume + "or run it again";
  if (status == "failed") return "it ended with an error; run it again";
  if (status.empty()) return "manifest.json is missing or unreadable, so it is not the output of a finished run";
  return "acasim writes \"complete\" when a run has finished";
}

}  // namespace

void require_complete_run(const std::filesystem::path& dir) {
  const std::string status = run_status(dir);
  if (status == "complete") return;
  throw FolderRefused(dir.string() + " holds a run that is not complete (status \"" +
                      (status.empty() ? std::string("none") : status) + "\"): " + advice(dir, status));
}

void refuse_complete_run(const std::filesystem::path& dir) {
  if (!run_complete(dir)) return;
  throw FolderRefused(dir.string() + " already holds a complete run; give --overwrite to replace it, or choose "
                      "another --out");
}

}  // namespace aca::run_folder
