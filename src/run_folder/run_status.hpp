#pragma once
// Whether a run folder holds a finished run: the status its manifest.json records.
#include <filesystem>
#include <string>

namespace aca::run_folder {

/// manifest.json's "status" ("complete", "stopped" or "failed"); "" when the folder has no readable manifest.
std::string run_status(const std::filesystem::path& dir);

/// Whether `dir` holds a complete run (its manifest says "complete").
bool run_complete(const std::filesystem::path& dir);

}  // namespace aca::run_folder
