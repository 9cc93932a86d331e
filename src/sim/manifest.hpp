#pragma once
// manifest.json: everything needed to rerun a result and to know what produced it.
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "run_folder/manifest_record.hpp"

namespace aca::sim {

/// Library versions and build facts, as one JSON object (also used by `acasim info --json`).
std::string build_info_json();

/// A manifest of the run folder `dir` with what the build and the machine say (version, commit, libraries,
/// BLAS and threads), the run's wall-clock `start` and `end`, and the command that reruns it; the caller adds
/// what the run says (status, command, scenario, seed, mode, ...).
run_folder::ManifestRecord manifest_record(const std::filesystem::path& dir, std::chrono::system_clock::time_point start,
                                           std::chrono::system_clock::time_point end);

/// The manifest's parent record of a fork of the run folder `base_dir` from its checkpoint `checkpoint`: the base
/// folder, the fork round, and the scenario hash, version and commit the checkpoint was written under.
/// Throws std::runtime_error for a damaged checkpoint.
run_folder::Json fork_parent(const std::filesystem::path& base_dir, const std::filesystem::path& checkpoint);

}  // namespace aca::sim
