#include "analysis/table_export.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <string>

#include "analysis/column_labels.hpp"

namespace aca::analysis {

namespace fs = std::filesystem;

namespace {

// What each table holds, for the dataset label (80 characters at most with the folder's name).
std::string table_title(const fs::path& csv) {
  const std::string stem = csv.stem().string();
  if (stem == "panel") return "panel (point, replicate, round, collective)";
  if (stem == "points") return "points (outcomes per point and replicate)";
  return stem;
}

// The CSV's modification time as the .dta's "saved" time: exporting the same table twice gives the same bytes.
std::time_t file_time(const fs::path& p) {
  const auto t = fs::last_write_time(p);
  const auto sys = std::chrono::system_clock::now() + (t - fs::file_time_type::clock::now());
  return std::chrono::system_clock::to_time_t(sys);
}

// "runs/dp/" and "runs/dp" are both "dp".
std::string folder_name(const fs::path& dir) {
  fs::path p = fs::absolute(dir).lexically_normal();
  if (p.filename().empty()) p = p.parent_path();
  return p.filename().string();
}

ExportedTable export_one(const fs::path& csv, const std::string& folder) {
  StataOptions o;
  o.dataset_label = "acasim " + table_title(csv) + " of " + folder;
  o.describe = column_description;
  o.timestamp = file_time(csv);
  ExportedTable e;
  e.csv = csv;
  e.dta = fs::path(csv).replace_extension(".dta");
  StataWritten written = write_stata(csv, e.dta, o);
  e.rows = written.rows;
  e.columns = std::move(written.columns);
  return e;
}

}  // namespace

bool remove_stata_copy(const fs::path& csv) { return fs::remove(fs::path(csv).replace_extension(".dta")); }

std::vector<fs::path> required_tables(const fs::path& dir) { return {dir / "panel.csv", dir / "points.csv"}; }

std::vector<ExportedTable> export_tables(const fs::path& dir) {
  std::vector<fs::path> csvs = required_tables(dir);
  std::string missing;
  for (const auto& p : csvs)
    if (!fs::is_regular_file(p)) missing += (missing.empty() ? "" : ", ") + p.filename().string();
  if (!missing.empty())
    throw std::runtime_error(dir.string() + ": no " + missing +
                             " — export reads the tables of a sweep folder: run `acasim sweep SCENARIO --out " +
                             dir.string() + "` to write them (and `acasim analyze " + dir.string() +
                             "` for the analysis tables)");
  std::vector<fs::path> analysis;
  if (fs::is_directory(dir / "analysis"))
    for (const auto& e : fs::directory_iterator(dir / "analysis"))
      if (e.is_regular_file() && e.path().extension() == ".csv") analysis.push_back(e.path());
  std::sort(analysis.begin(), analysis.end());  // directory order is the file system's: sort for a stable listing
  csvs.insert(csvs.end(), analysis.begin(), analysis.end());
  const std::string folder = folder_name(dir);
  std::vector<ExportedTable> out;
  for (const auto& csv : csvs) out.push_back(export_one(csv, folder));
  return out;
}

}  // namespace aca::analysis
