#pragma once
// Whether a run folder holds a finished run: the status its manifest.json records ("running" from the moment a
// run takes the folder until it ends "complete", "stopped" or "failed").
#include <filesystem>
#include <string>

namespace aca::run_folder {

/// manifest.json's "status" ("running", "complete", "stopped" or "failed"); "" when the folder has no readable
/// manifest.
std::string run_status(const std::filesystem::path& dir);

/// Whether `dir` holds a complete run (its manifest says "complete").
bool run_complete(const std::filesystem::path& dir);

/// Throws FolderRefused unless `dir` holds a complete run, naming the folder, its status (a "running" folder
/// nobody holds is an interrupted run) and how to go on.
void require_complete_run(const std::filesystem::path& dir);

/// Throws FolderRefused when `dir` holds a complete run, saying that --overwrite replaces it.
void refuse_complete_run(const std::filesystem::path& dir);

}  // namespace aca::run_folder
