#pragma once
// Atomic outputs: files are written under a temporary name and renamed into place, so an interrupted run
// never leaves a truncated file that looks complete.
#include <filesystem>
#include <fstream>
#include <string_view>

namespace aca::util {

/// Writes `contents` to `path` atomically (temporary file in the same folder, flushed, then renamed).
void write_file_atomic(const std::filesystem::path& path, std::string_view contents);

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
  /// Flushes, closes and renames the temporary onto the final path; throws on I/O failure.
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
