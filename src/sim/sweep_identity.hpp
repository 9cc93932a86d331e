#pragma once
// What makes a sweep point the point it is, and whether a sweep folder holds points of the same design: a point's
// id covers everything that can change its numbers, and a folder holding points of other settings is refused or,
// when asked, cleared of them.
#include <filesystem>
#include <string>
#include <vector>

#include "config/scenario.hpp"
#include "sim/input_files.hpp"

namespace aca::sim {

struct SweepPlan;

/// The identity of one point's run: its resolved scenario without [sweep] (which only says how points are chosen)
/// and the content identity of every data file it reads. Order-independent in the scenario's keys. The acasim build
/// is not part of the folder name (two builds' sweeps stay comparable file by file) but of reuse: a finished point
/// is reused only from the same build (reuse_sweep_folder).
std::string point_identity(const config::Scenario& resolved);
/// The same, taking the data files' hashes from (and adding them to) `hashes`.
std::string point_identity(const config::Scenario& resolved, FileHashes& hashes);

/// "p" + 12 hex digits of the hash of point_identity().
std::string point_id(const config::Scenario& resolved);

/// Key-by-key differences between two scenarios given as TOML text, sorted by key: "key: old → new", with
/// "<absent>" for a key only one side has.
std::vector<std::string> scenario_changes(const std::string& old_toml, const std::string& new_toml);

/// A sweep folder that holds points of another design than the one asked for: a usage error (exit 2 in the CLI),
/// reported at the folder.
class SweepFolderConflict : public config::ScenarioError {
 public:
  using config::ScenarioError::ScenarioError;
};

/// Compares out_dir with the plan before anything is written. A new folder, or one holding only points of this
/// plan (an interrupted run of it, or a design it extends) finished by this acasim build, is fine. Otherwise (a
/// point folder not in the plan, or one finished by another build), without `replace` it throws
/// SweepFolderConflict naming the keys (and data files, acasim build) that changed and how to proceed; with
/// `replace` it deletes those point folders. Returns the number of point folders deleted.
long reuse_sweep_folder(const SweepPlan& plan, const std::filesystem::path& out_dir, bool replace);

}  // namespace aca::sim
