#pragma once
// Atomic, durable outputs: files are written under a temporary name, flushed to disk and renamed into place (the
// folder flushed too), so neither an interrupted run nor a power cut leaves a truncated file that looks complete.
#include <filesystem>
#include <fstream>
#include <string_view>

namespace aca::util {

/// Writes `contents` to `path` atomically and durably (as AtomicOutput::commit).
void write_file_atomic(const std::filesystem::path& path, std::string_view contents);

/// Flushes the file `path` to disk (fsync); throws std::runtime_error naming it on failure.
void sync_file(const std::filesystem::path& path);
/// Flushes the folder `dir`'s entries (a rename into it) to disk; throws std::runtime_error naming it on failure.
/// File systems that cannot sync a folder (EINVAL) are taken at their word.
void sync_folder(const std::filesystem::path& dir);

/// A stream whose file appears at `path` only when commit() is called; otherwise the temporary is removed.
class AtomicOutput {
 public:
  /// Opens a temporary `path`.<writer>.partial beside `path` for writing; throws std::runtime_error if it cannot.
  explicit AtomicOutput(std::filesystem::path path);
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;
  AtomicOutput(AtomicOutput&&) = default;
  AtomicOutput& operator=(AtomicOutput&&) = default;
  ~AtomicOutput();

  /// The stream to write to.
  std::ofstream& stream() { return out_; }
  /// Flushes, syncs to disk, closes and renames the temporary onto the final path, then syncs the folder; throws
  /// std::runtime_error naming the file on I/O failure.
  void commit();
  /// The final path.
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  std::filesystem::path tmp_;
  std::ofstream out_;
  bool committed_ = false;
};

}  // namespace aca::util
