#include "util/atomic_file.hpp"

#include <cstdint>
#include <cstdio>
#include <functional>
#include <stdexcept>
#include <thread>

#include <cerrno>
#include <cstring>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

namespace aca::util {

void write_file_atomic(const std::filesystem::path& path, std::string_view contents) {
  AtomicOutput out(path);
  out.stream().write(contents.data(), static_cast<std::streamsize>(contents.size()));
  out.commit();
}

AtomicOutput::AtomicOutput(std::filesystem::path path) : path_(std::move(path)) {
  // The temporary's name is unique per writer (process, thread, object), so concurrent writers of the same
  // path (parallel sweep points, MPI ranks on a shared file system) never write into each other's file;
  // the last rename wins, whole.
  char unique[64];
  std::snprintf(unique, sizeof unique, ".%ld-%zx-%zx.partial", static_cast<long>(getpid()),
                std::hash<std::thread::id>{}(std::this_thread::get_id()) & 0xffffffu,
                reinterpret_cast<std::uintptr_t>(this) & 0xffffffu);
  tmp_ = path_;
  tmp_ += unique;
  out_.open(tmp_, std::ios::binary | std::ios::trunc);
  if (!out_) throw std::runtime_error("cannot write " + tmp_.string());
}

AtomicOutput::~AtomicOutput() {
  if (!committed_ && !tmp_.empty()) {
    out_.close();
    std::error_code ec;
    std::filesystem::remove(tmp_, ec);  // best effort: an abandoned output must not look complete
  }
}

void AtomicOutput::commit() {
  out_.flush();
  if (!out_) throw std::runtime_error("error while writing " + tmp_.string());
  out_.close();
  if (out_.fail()) throw std::runtime_error("error while writing " + tmp_.string());
  // Data before name: after a crash the final name shows either the old file or the whole new one, never a file
  // whose blocks were still in the page cache when the rename reached the disk.
  sync_file(tmp_);
  // rename(2) within one folder is atomic on POSIX file systems: readers see the old file or the whole new one.
  std::filesystem::rename(tmp_, path_);
  committed_ = true;
  sync_folder(path_.has_parent_path() ? path_.parent_path() : std::filesystem::path("."));
}

namespace {

void sync_path(const std::filesystem::path& p, int flags, bool folder) {
  const int fd = ::open(p.c_str(), flags | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot open " + p.string() + " to flush it to disk: " + std::strerror(errno));
  const int r = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (r != 0 && !(folder && (err == EINVAL || err == EROFS)))
    throw std::runtime_error("cannot flush " + p.string() + " to disk: " + std::strerror(err));
}

}  // namespace

void sync_file(const std::filesystem::path& path) { sync_path(path, O_RDONLY, false); }

void sync_folder(const std::filesystem::path& dir) { sync_path(dir, O_RDONLY | O_DIRECTORY, true); }

}  // namespace aca::util
