// Issue 15 §2: an output folder in use by one acasim process is refused to every other, naming the holder.
#include <catch2/catch.hpp>

#include "support/slurp.hpp"

#include <filesystem>
#include <fstream>
#include <string>

#include <sys/wait.h>
#include <unistd.h>

#include "run_folder/folder_lock.hpp"
#include "run_folder/folder_refused.hpp"

namespace fs = std::filesystem;
using namespace aca::run_folder;

namespace {

fs::path fresh(const std::string& name) {
  const fs::path p = fs::temp_directory_path() / ("acasim_lock_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(p);
  return p;
}

std::string refusal(const fs::path& dir, const std::string& command) {
  try {
    FolderLock lock(dir, command);
  } catch (const FolderRefused& e) {
    return e.what();
  }
  return "not refused";
}

// A second process that takes `dir`'s lock, says so through a pipe, and holds it until the parent closes the other
// pipe; then it ends with _exit, as a killed process would, without releasing anything itself.
struct Holder {
  pid_t pid = -1;
  int release = -1;

  explicit Holder(const fs::path& dir) {
    int ready[2], hold[2];
    REQUIRE(::pipe(ready) == 0);
    REQUIRE(::pipe(hold) == 0);
    pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      ::close(ready[0]);
      ::close(hold[1]);
      try {
        FolderLock lock(dir, "acasim run held.toml --out " + dir.string());
        (void)!::write(ready[1], "x", 1);
        char c;
        (void)!::read(hold[0], &c, 1);
      } catch (...) {
      }
      ::_exit(0);
    }
    ::close(ready[1]);
    ::close(hold[0]);
    char c = 0;
    REQUIRE(::read(ready[0], &c, 1) == 1);
    ::close(ready[0]);
    release = hold[1];
  }
  void end() {
    ::close(release);
    int status = 0;
    ::waitpid(pid, &status, 0);
  }
};

}  // namespace

TEST_CASE("a folder locked by another process is refused, naming the folder and the holder's pid, host and command",
          "[run_folder][lock]") {
  const fs::path dir = fresh("other");
  Holder other(dir);
  const std::string why = refusal(dir, "acasim run second.toml");
  CHECK_THAT(why, Catch::Contains(dir.string() + " is in use by another acasim process"));
  CHECK_THAT(why, Catch::Contains("pid " + std::to_string(other.pid) + " on host "));
  CHECK_THAT(why, Catch::Contains("acasim run held.toml --out " + dir.string()));
  REQUIRE(folder_holder(dir).has_value());
  CHECK_THAT(*folder_holder(dir), Catch::Contains("pid " + std::to_string(other.pid)));
  CHECK_THROWS_AS(refuse_if_in_use(dir), FolderRefused);
  other.end();
  // A holder that ended without letting go (as a killed one) holds nothing: the kernel dropped its lock.
  CHECK_FALSE(folder_holder(dir).has_value());
  CHECK_NOTHROW(FolderLock(dir, "acasim run third.toml"));
  fs::remove_all(dir);
}

TEST_CASE("a lock is held until its holder lets go, and then records nobody", "[run_folder][lock]") {
  const fs::path dir = fresh("own");
  {
    FolderLock lock(dir, "acasim sweep s.toml");
    REQUIRE(fs::is_directory(dir));  // created for the lock
    CHECK_THAT(slurp(dir / lock_file_name), Catch::Contains("acasim sweep s.toml"));
    // Another lock of the same folder (even by this process) is refused.
    CHECK_THAT(refusal(dir, "acasim analyze"), Catch::Contains("acasim sweep s.toml"));
    // This process's own lock is not another process's.
    CHECK_FALSE(folder_holder(dir).has_value());
  }
  CHECK(slurp(dir / lock_file_name).empty());
  CHECK_NOTHROW(FolderLock(dir, "acasim run again.toml"));
  fs::remove_all(dir);
}

TEST_CASE("a folder that does not exist has no holder and locking creates nothing but the folder and its lock file",
          "[run_folder][lock]") {
  const fs::path dir = fresh("absent");
  CHECK_FALSE(folder_holder(dir).has_value());
  CHECK_FALSE(fs::exists(dir));
  { FolderLock lock(dir / "nested", "acasim run x.toml"); }
  std::size_t entries = 0;
  for (const auto& e : fs::directory_iterator(dir / "nested")) entries += e.path().filename() == lock_file_name ? 1 : 100;
  CHECK(entries == 1);
  fs::remove_all(dir);
}

TEST_CASE("a path that cannot be a folder is refused naming the path and why", "[run_folder][lock]") {
  const fs::path dir = fresh("file");
  fs::create_directories(dir);
  std::ofstream(dir / "plain.txt") << "not a folder";
  CHECK(refusal(dir / "plain.txt", "acasim run") == (dir / "plain.txt").string() + " is a file, not a folder; choose "
                                                      "a folder for the output");
  CHECK_THAT(refusal("/dev/null", "acasim run"), Catch::Contains("/dev/null is a file, not a folder"));
  CHECK_THAT(refusal("/proc/acasim", "acasim run"), Catch::Contains("cannot create the folder /proc/acasim: "));
  CHECK(slurp(dir / "plain.txt") == "not a folder");
  fs::remove_all(dir);
}
