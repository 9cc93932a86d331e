#include "sim/sweep_identity.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <toml++/toml.h>

#include "run_folder/json_file.hpp"
#include "run_folder/manifest_record.hpp"
#include "run_folder/run_status.hpp"
#include "sim/build_identity.hpp"
#include "sim/input_files.hpp"
#include "sim/sweep.hpp"
#include "util/build_info.hpp"
#include "util/hash.hpp"

namespace aca::sim {

namespace {

using Flat = std::map<std::string, std::string>;

// Every value under its full key path (arrays of tables element by element), so two scenarios compare key by key
// whatever order their tables were written in.
void flatten(const toml::node& n, const std::string& path, Flat& out) {
  if (const auto* t = n.as_table()) {
    for (auto&& [k, v] : *t) flatten(v, path.empty() ? std::string(k.str()) : path + "." + std::string(k.str()), out);
  } else if (const auto* a = n.as_array(); a && a->is_array_of_tables() && !a->empty()) {
    for (std::size_t i = 0; i < a->size(); ++i) flatten(*a->get(i), path + "[" + std::to_string(i) + "]", out);
  } else {
    std::ostringstream os;
    n.visit([&](const auto& v) { os << v; });
    out[path] = os.str();
  }
}

Flat flat_toml(const std::string& text) {
  Flat out;
  flatten(toml::parse(text), "", out);
  return out;
}

bool in_sweep_table(const std::string& key) { return key == "sweep" || key.rfind("sweep.", 0) == 0; }

std::string slurp(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The build that finished the run in `dir` ("" when it is not complete): a point's folder name is the same for every
// build, so that two builds' sweeps compare file by file, and its numbers are reused only from this build.
std::string finished_by(const std::filesystem::path& dir) {
  if (!run_folder::run_complete(dir)) return "";
  try {
    const run_folder::Json m = run_folder::read_json_file(dir / "manifest.json");
    const run_folder::Json runtime = m.value("runtime", run_folder::Json::object());
    return build_identity(m.value("acasim_version", std::string()), m.value("git_commit", std::string()),
                          runtime.value("blas_kernel", std::string()));
  } catch (const std::exception&) {
    return "";
  }
}

// Point folders are named "p" + 12 hex digits; anything else in points/ (another tool's staging folder, a note) is
// not a point of any design and is left alone.
bool looks_like_point_id(const std::string& name) {
  return name.size() == 13 && name[0] == 'p' &&
         name.find_first_not_of("0123456789abcdef", 1) == std::string::npos;
}

// What differs between the folder's recorded sweep and this plan, one line each.
std::vector<std::string> recorded_changes(const SweepPlan& plan, const std::filesystem::path& out) {
  std::vector<std::string> lines;
  const auto resolved = out / "scenario.resolved.toml";
  if (std::filesystem::exists(resolved)) {
    try {
      for (auto& c : scenario_changes(slurp(resolved), plan.scenario.resolved_toml())) lines.push_back(std::move(c));
    } catch (const toml::parse_error&) {
      lines.push_back((out / "scenario.resolved.toml").string() + " cannot be read");
    }
  }
  if (!std::filesystem::exists(out / "sweep.json")) return lines;
  run_folder::SweepRecord old;
  try {
    old = run_folder::read_sweep_record(out);
  } catch (const std::exception&) {
    lines.push_back((out / "sweep.json").string() + " cannot be read");
    return lines;
  }
  if (old.design != (plan.quick ? std::string("quick") : plan.scenario.root().sub("sweep").string("design")))
    lines.push_back("design: " + old.design + (plan.quick ? " → quick (--quick)" : " → full design (without --quick)"));
  if (!old.git_commit.empty()) {
    const std::string before = build_identity(old.acasim_version, old.git_commit, old.blas_kernel);
    if (before != build_identity()) lines.push_back("acasim build: " + before + " → " + build_identity());
  }
  std::map<std::string, std::string> before;  // "key path" → hash
  for (const auto& f : old.inputs) before[f.key + " " + f.path] = f.hash;
  for (const auto& f : input_files(plan.scenario)) {
    const auto it = before.find(f.key + " " + f.path.string());
    if (it != before.end() && it->second != f.hash)
      lines.push_back("data file " + f.path.string() + " (" + f.key + "): content changed since the points ran");
  }
  return lines;
}

}  // namespace

std::string point_identity(const config::Scenario& resolved) {
  FileHashes hashes;
  return point_identity(resolved, hashes);
}

std::string point_identity(const config::Scenario& resolved, FileHashes& hashes) {
  const toml::table table = toml::parse(resolved.resolved_toml());
  Flat flat;
  flatten(table, "", flat);
  std::string text;
  for (const auto& [k, v] : flat)
    if (!in_sweep_table(k)) text += k + " = " + v + "\n";
  text += "## data files\n" + input_files_identity(input_files(table, resolved.base_dir(), hashes));
  return text;
}

std::string point_id(const config::Scenario& resolved) {
  return "p" + util::hex64(util::fnv1a64(point_identity(resolved))).substr(0, 12);
}

std::vector<std::string> scenario_changes(const std::string& old_toml, const std::string& new_toml) {
  const Flat a = flat_toml(old_toml), b = flat_toml(new_toml);
  std::set<std::string> keys;
  for (const auto& [k, v] : a) keys.insert(k);
  for (const auto& [k, v] : b) keys.insert(k);
  std::vector<std::string> out;
  for (const auto& k : keys) {
    const auto x = a.find(k), y = b.find(k);
    const std::string before = x == a.end() ? "<absent>" : x->second, after = y == b.end() ? "<absent>" : y->second;
    if (before != after) out.push_back(k + ": " + before + " → " + after);
  }
  return out;
}

long reuse_sweep_folder(const SweepPlan& plan, const std::filesystem::path& out, bool replace) {
  std::error_code ec;
  if (!std::filesystem::is_directory(out / "points", ec)) return 0;
  std::set<std::string> ids;
  for (const auto& p : plan.points) ids.insert(p.id);
  std::vector<std::filesystem::path> stale;
  std::set<std::string> other_builds;
  for (const auto& e : std::filesystem::directory_iterator(out / "points")) {
    if (!e.is_directory() || !looks_like_point_id(e.path().filename().string())) continue;  // not a point's folder
    if (!ids.count(e.path().filename().string())) {
      stale.push_back(e.path());
    } else if (const std::string b = finished_by(e.path()); !b.empty() && b != build_identity()) {
      stale.push_back(e.path());
      other_builds.insert(b);
    }
  }
  std::sort(stale.begin(), stale.end());
  if (stale.empty()) return 0;  // an interrupted run of this design, or one it extends: resume
  if (replace) {
    for (const auto& s : stale) std::filesystem::remove_all(s);
    return static_cast<long>(stale.size());
  }
  const std::string n = std::to_string(stale.size()) + " point folder" + (stale.size() == 1 ? "" : "s");
  std::string msg = "holds " + n + " of a sweep run with other settings (e.g. " +
                    stale.front().filename().string() + "), which this design would not reproduce.\nChanged since:\n";
  std::vector<std::string> changes = recorded_changes(plan, out);
  for (const auto& b : other_builds) {
    const std::string line = "acasim build: " + b + " → " + build_identity();
    if (std::find(changes.begin(), changes.end(), line) == changes.end()) changes.push_back(line);
  }
  for (const auto& c : changes) msg += "  " + c + "\n";
  if (changes.empty()) msg += "  (not recorded in this folder's sweep.json and scenario.resolved.toml)\n";
  msg += "To keep both, run into a new folder (--out NEW_FOLDER); to delete the " + n +
         " and run the changed points anew, add --replace.";
  config::Diagnostics d;
  d.add({out.string(), 0, 0, "", msg});
  throw SweepFolderConflict(std::move(d));
}

}  // namespace aca::sim
