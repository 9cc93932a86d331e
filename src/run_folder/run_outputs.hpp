#pragma once
// The files a run writes into its folder, and clearing what an earlier run left there, so that a folder never
// mixes the files of two runs.
#include <filesystem>
#include <string>
#include <vector>

namespace aca::run_folder {

/// Names of the files a run may write at the top of its folder (manifest.json included).
const std::vector<std::string>& run_output_files();

/// Removes what an earlier run left in `dir`: its result files except manifest.json, stale temporaries
/// (FILE.*.partial of a killed writer), analysis/, report/, and checkpoints/ unless `keep_checkpoints` (a resume
/// continues its own). Files and folders acasim does not write are left alone.
void clear_run_outputs(const std::filesystem::path& dir, bool keep_checkpoints);

}  // namespace aca::run_folder
