#pragma once
// An advisory lock on an output folder (flock(2) on FOLDER/.acasim.lock), so that two acasim processes never write
// into one folder at once. The lock file records its holder (pid, host, command line) for the refusal message.
#include <filesystem>
#include <optional>
#include <string>

namespace aca::run_folder {

/// The lock file's name inside a locked folder; no reader takes it for output.
inline constexpr const char* lock_file_name = ".acasim.lock";

/// Holds `dir`'s lock from construction to destruction (or process exit: a killed holder releases it).
class FolderLock {
 public:
  /// Creates `dir` if absent and locks it on behalf of `command`. Throws FolderRefused naming the folder when it
  /// cannot be a folder (a file is there, or it cannot be created) or when another process holds the lock (naming
  /// that process).
  FolderLock(const std::filesystem::path& dir, const std::string& command);
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;
  ~FolderLock();

 private:
  int fd_ = -1;
};

/// Which other process holds `dir`'s lock ("pid P on host H: COMMAND"), or nullopt when none does (nobody, or this
/// process). Creates nothing.
std::optional<std::string> folder_holder(const std::filesystem::path& dir);

/// Throws FolderRefused "DIR is in use by another acasim process (HOLDER) ..." when someone holds `dir`'s lock.
void refuse_if_in_use(const std::filesystem::path& dir);

}  // namespace aca::run_folder
