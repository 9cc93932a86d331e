#include "util/atomic_file.hpp"

#include <stdexcept>
#include <system_error>

namespace aca::util {

void write_file_atomic(const std::filesystem::path& path, std::string_view contents) {
  AtomicOutput out(path);
  out.stream().write(contents.data(), static_cast<std::streamsize>(contents.size()));
  out.commit();
}

AtomicOutput::AtomicOutput(std::filesystem::path path) : path_(std::move(path)) {
  tmp_ = path_;
  tmp_ += ".partial";
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
  // rename(2) within one folder is atomic on POSIX file systems: readers see the old file or the whole new one.
  std::filesystem::rename(tmp_, path_);
  committed_ = true;
}

}  // namespace aca::util
