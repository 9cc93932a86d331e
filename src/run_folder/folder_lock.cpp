#include "run_folder/folder_lock.hpp"

#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "run_folder/folder_refused.hpp"

namespace aca::run_folder {

namespace fs = std::filesystem;

namespace {

// A folder the user named must exist as one; anything else is the user's choice of path, hence a refusal.
void make_folder(const fs::path& dir) {
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
    throw FolderRefused(dir.string() + " is a file, not a folder; choose a folder for the output");
  fs::create_directories(dir, ec);
  if (ec) throw FolderRefused("cannot create the folder " + dir.string() + ": " + ec.message());
}

std::string read_all(int fd) {
  std::string text;
  char buf[1024];
  ssize_t n;
  off_t at = 0;
  while ((n = ::pread(fd, buf, sizeof buf, at)) > 0) {
    text.append(buf, static_cast<std::size_t>(n));
    at += n;
  }
  return text;
}

// "pid P on host H: COMMAND" from the lock file's three lines (pid, host, command).
std::string describe_holder(const std::string& text) {
  const auto first = text.find('\n');
  const auto second = first == std::string::npos ? first : text.find('\n', first + 1);
  if (second == std::string::npos) return "its pid is not recorded yet";
  std::string command = text.substr(second + 1);
  while (!command.empty() && command.back() == '\n') command.pop_back();
  return "pid " + text.substr(0, first) + " on host " + text.substr(first + 1, second - first - 1) + ": " + command;
}

std::string host_name() {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) return "unknown";
  return host;
}

// Commands are recorded on one line: the holder's description is one line of a message.
std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return s;
}

// The lock file's first two lines when this process holds the lock.
std::string own_record_start() {
  return std::to_string(static_cast<long>(::getpid())) + "\n" + one_line(host_name()) + "\n";
}

[[noreturn]] void refuse_busy(const fs::path& dir, const std::string& holder) {
  throw FolderRefused(dir.string() + " is in use by another acasim process (" + holder +
                      "); wait for it to finish or choose another folder");
}

}  // namespace

FolderLock::FolderLock(const fs::path& dir, const std::string& command) {
  make_folder(dir);
  const fs::path file = dir / lock_file_name;
  fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw FolderRefused("cannot write into the folder " + dir.string() + ": " + std::strerror(errno));
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    const std::string holder = describe_holder(read_all(fd_));
    ::close(fd_);
    fd_ = -1;
    if (err == EWOULDBLOCK) refuse_busy(dir, holder);
    throw FolderRefused("cannot lock the folder " + dir.string() + ": " + std::strerror(err));
  }
  // The lock file is never removed: unlinking it would let a waiting process lock the old inode while a new one
  // locks a fresh file. Only its record of the holder changes.
  const std::string record = own_record_start() + one_line(command) + "\n";
  if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, record.data(), record.size(), 0) != static_cast<ssize_t>(record.size())) {
    ::close(fd_);
    fd_ = -1;
    throw FolderRefused("cannot write into the folder " + dir.string() + ": " + std::strerror(errno));
  }
}

FolderLock::~FolderLock() {
  if (fd_ < 0) return;
  // Emptied while still held, so the file never names a process that has let go.
  [[maybe_unused]] const int r = ::ftruncate(fd_, 0);
  ::close(fd_);
}

std::optional<std::string> folder_holder(const fs::path& dir) {
  const int fd = ::open((dir / lock_file_name).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::optional<std::string> holder;
  if (::flock(fd, LOCK_SH | LOCK_NB) == 0) {
    ::flock(fd, LOCK_UN);
  } else if (errno == EWOULDBLOCK) {
    // flock(2) locks conflict within one process too: a lock this process holds is not another's.
    const std::string record = read_all(fd);
    if (record.rfind(own_record_start(), 0) != 0) holder = describe_holder(record);
  }
  ::close(fd);
  return holder;
}

void refuse_if_in_use(const fs::path& dir) {
  if (const auto holder = folder_holder(dir)) refuse_busy(dir, *holder);
}

}  // namespace aca::run_folder
