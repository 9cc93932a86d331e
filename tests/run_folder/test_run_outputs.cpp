// Issue 15 §2: a run folder never mixes the files of two runs, and only a complete run is taken for a result.
#include <catch2/catch.hpp>

#include "support/slurp.hpp"

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include <unistd.h>

#include "run_folder/folder_lock.hpp"
#include "run_folder/folder_refused.hpp"
#include "run_folder/json_file.hpp"
#include "run_folder/run_outputs.hpp"
#include "run_folder/run_status.hpp"

namespace fs = std::filesystem;
using namespace aca::run_folder;

namespace {

fs::path fresh(const std::string& name) {
  const fs::path p = fs::temp_directory_path() / ("acasim_outputs_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}

void put(const fs::path& p, const std::string& text = "old run") {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

// Every path under `dir`, relative to it.
std::set<std::string> listing(const fs::path& dir) {
  std::set<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) out.insert(fs::relative(e.path(), dir).string());
  return out;
}

// A folder with an earlier run's outputs, a killed writer's temporaries, and the user's own files.
void plant_old_run(const fs::path& d) {
  for (const auto& f : run_output_files()) put(d / f);
  put(d / "metrics.csv.4242-ab-cd.partial", "half a file");
  put(d / "summary.json.4242-ab-ce.partial", "{\"st");
  put(d / "analysis" / "runs.csv");
  put(d / "report" / "report.md");
  put(d / "checkpoints" / "round-3" / "state.bin");
  put(d / "checkpoints" / "round-6.partial" / "state.bin");
  put(d / "notes.txt", "mine");
  put(d / "data.partial", "mine too");
}

std::string refusal(void (*check)(const fs::path&), const fs::path& dir) {
  try {
    check(dir);
  } catch (const FolderRefused& e) {
    return e.what();
  }
  return "not refused";
}

}  // namespace

TEST_CASE("clearing a folder for a new run removes every output of the earlier run and only those",
          "[run_folder][outputs]") {
  const fs::path d = fresh("fresh_run");
  plant_old_run(d);
  clear_run_outputs(d, false);
  // manifest.json stays: the new run has just written "running" there.
  CHECK(listing(d) == std::set<std::string>{"manifest.json", "notes.txt", "data.partial"});
  CHECK(slurp(d / "notes.txt") == "mine");
  fs::remove_all(d);
}

TEST_CASE("clearing a folder for a resume in place keeps its checkpoints but drops a half-written one",
          "[run_folder][outputs]") {
  const fs::path d = fresh("resume");
  plant_old_run(d);
  clear_run_outputs(d, true);
  CHECK(listing(d) == std::set<std::string>{"manifest.json", "notes.txt", "data.partial", "checkpoints",
                                            "checkpoints/round-3", "checkpoints/round-3/state.bin"});
  fs::remove_all(d);
}

TEST_CASE("only a complete run passes, and a refusal names the folder, its status and what to do",
          "[run_folder][status]") {
  const fs::path d = fresh("status");
  const auto with_status = [&](const std::string& status) {
    write_json_file(d / "manifest.json", Json{{"format_version", 2}, {"status", status}});
    return refusal(require_complete_run, d);
  };
  CHECK(refusal(require_complete_run, d) ==
        d.string() + " holds a run that is not complete (status \"none\"): manifest.json is missing or unreadable, so "
                     "it is not the output of a finished run");
  CHECK_THAT(with_status("stopped"), Catch::Contains(d.string() + " holds a run that is not complete (status \"stopped\")"));
  CHECK_THAT(with_status("stopped"), Catch::Contains("acasim run --resume " + d.string()));
  CHECK_THAT(with_status("failed"), Catch::Contains("(status \"failed\"): it ended with an error; run it again"));
  // "running" with nobody holding the folder: the run was killed.
  CHECK_THAT(with_status("running"), Catch::Contains("(status \"running\"): no acasim process is writing it, so it was "
                                                     "interrupted"));
  CHECK(with_status("complete") == "not refused");
  CHECK(refusal(refuse_complete_run, d) ==
        d.string() + " already holds a complete run; give --overwrite to replace it, or choose another --out");
  write_json_file(d / "manifest.json", Json{{"status", "stopped"}});
  CHECK(refusal(refuse_complete_run, d) == "not refused");
  fs::remove_all(d);
}
