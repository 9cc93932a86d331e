#include "analysis/sweep_design.hpp"

#include <algorithm>

#include "analysis/csv_table.hpp"
#include "analysis/run_reader.hpp"

namespace aca::analysis {

namespace {

namespace fs = std::filesystem;

// The design's columns are point, replicate and dotted scenario keys; the outcome table now called points.csv has
// snake_case columns without dots, so an older folder's design cannot be mistaken for it.
bool design_header(const std::vector<std::string>& h) {
  return h.size() >= 3 && h[0] == "point" && h[1] == "replicate" &&
         std::all_of(h.begin() + 2, h.end(), [](const std::string& c) { return c.find('.') != std::string::npos; });
}

bool older_design(const fs::path& dir) {
  if (fs::exists(dir / "design.csv") || !fs::exists(dir / "points.csv")) return false;
  try {
    return design_header(read_csv_table(dir / "points.csv").header);
  } catch (const RunReadError&) {
    return false;
  }
}

}  // namespace

bool is_sweep_folder(const fs::path& dir) { return fs::exists(dir / "design.csv") || older_design(dir); }

fs::path design_file(const fs::path& dir) {
  if (fs::exists(dir / "design.csv")) return dir / "design.csv";
  if (older_design(dir)) return dir / "points.csv";
  throw RunReadError(dir.string(), 0, 0,
                     "not a sweep folder: it has no design.csv (nor, as folders of older acasim builds, a points.csv "
                     "holding the design); give the folder `acasim sweep --out` wrote");
}

SweepDesign read_sweep_design(const fs::path& dir) {
  SweepDesign d;
  d.file = design_file(dir);
  const CsvTable t = read_csv_table(d.file);
  if (t.header.size() < 2 || t.header[0] != "point" || t.header[1] != "replicate")
    throw RunReadError(d.file.string(), 1, 0, "the design's first columns must be point,replicate");
  d.axes.assign(t.header.begin() + 2, t.header.end());
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    const auto& r = t.rows[i];
    DesignPoint p;
    p.id = r[0];
    try {
      p.replicate = std::stol(r[1]);
    } catch (const std::exception&) {
      throw RunReadError(d.file.string(), static_cast<long>(i) + 2, 2, "replicate `" + r[1] + "` is not an integer");
    }
    for (std::size_t c = 2; c < r.size(); ++c) p.settings.push_back({t.header[c], r[c]});
    d.points.push_back(std::move(p));
  }
  return d;
}

bool adopt_older_design(const fs::path& dir) {
  if (!older_design(dir)) return false;
  fs::rename(dir / "points.csv", dir / "design.csv");
  return true;
}

}  // namespace aca::analysis
