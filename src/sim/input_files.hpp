#pragma once
// The data files a scenario reads and their content identities: part of every result's identity, so an edited CSV
// or IDX file can never be mistaken for the one a finished point or a cached curve was computed from.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "config/scenario.hpp"

namespace toml {
inline namespace v3 {
class table;
}  // namespace v3
}  // namespace toml

namespace aca::sim {

/// One file a scenario reads.
struct InputFile {
  std::string key;              ///< the scenario key that names it, e.g. "data.csv.file"
  std::filesystem::path path;   ///< where it is read from (relative paths resolved against the scenario's folder)
  std::string hash;             ///< 16 hex digits of its content, or "absent" when it cannot be read
};

/// Content hashes of files, each computed once per path, size and modification time for the memo's lifetime
/// (a sweep's planning names the same data files for every point).
class FileHashes {
 public:
  /// 16 hex digits of the file's content, or "absent" when it is not a readable regular file.
  std::string of(const std::filesystem::path& file);

 private:
  std::map<std::tuple<std::string, std::uintmax_t, long long>, std::string> memo_;
};

/// The files the scenario reads (CSV data, Fashion-MNIST's IDX files, an edge list, empirical distributions),
/// in a fixed order, with their content hashes.
std::vector<InputFile> input_files(const config::Scenario& scenario);
/// The same, taking hashes from (and adding them to) `hashes`.
std::vector<InputFile> input_files(const config::Scenario& scenario, FileHashes& hashes);
/// The same from the scenario's resolved TOML, already parsed, and the folder relative paths are resolved against.
std::vector<InputFile> input_files(const toml::table& resolved, const std::filesystem::path& base_dir,
                                   FileHashes& hashes);

/// The content identities of input_files() as text, one "key hash" line per file (no paths: moving a scenario
/// and its data together keeps the identity).
std::string input_files_identity(const config::Scenario& scenario);
/// The same from input_files().
std::string input_files_identity(const std::vector<InputFile>& files);

}  // namespace aca::sim
