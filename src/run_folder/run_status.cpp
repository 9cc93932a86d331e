#include "run_folder/run_status.hpp"

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

}  // namespace aca::run_folder
