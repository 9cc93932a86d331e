#include "analysis/map_reader.hpp"

#include <algorithm>
#include <cmath>

#include "analysis/csv_table.hpp"
#include "analysis/run_reader.hpp"

namespace aca::analysis {

namespace {

// A field that must be a number; the error names the file, the data line (header = line 1) and the column.
double number_at(const CsvTable& t, std::size_t row, const std::string& column, const std::filesystem::path& file) {
  const double v = parse_number(t.rows[row][t.column(column)]);
  if (std::isnan(v))
    throw RunReadError(file.string(), static_cast<long>(row) + 2, static_cast<long>(t.column(column)) + 1,
                       "`" + column + "` is not a number: \"" + t.rows[row][t.column(column)] + "\"");
  return v;
}

CsvTable table_with(const std::filesystem::path& file, const std::vector<std::string>& columns) {
  CsvTable t = read_csv_table(file);
  for (const auto& c : columns)
    if (!t.has(c))
      throw RunReadError(file.string(), 1, 0, "no column `" + c + "`: the file was not written by this acasim; rerun it");
  return t;
}

}  // namespace

std::vector<AloneMapTable> read_alone_maps(const std::filesystem::path& file) {
  const CsvTable t = table_with(file, {"collective", "alpha", "next_alpha", "estimated"});
  std::vector<AloneMapTable> out;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const std::string& name = t.rows[r][t.column("collective")];
    if (out.empty() || out.back().collective != name) {
      out.push_back({name, {name, {}, {}}, 0.0});
    }
    AloneMapTable& m = out.back();
    const double a = number_at(t, r, "alpha", file);
    m.map.x.push_back(a);
    m.map.y.push_back(number_at(t, r, "next_alpha", file));
    if (t.rows[r][t.column("estimated")] == "true") m.estimated_up_to = std::max(m.estimated_up_to, a);
  }
  return out;
}

std::vector<JointMapPoint> read_joint_map(const std::filesystem::path& file) {
  const CsvTable t = table_with(file, {"alpha_1", "alpha_2", "next_alpha_1", "next_alpha_2", "basin"});
  std::vector<JointMapPoint> out;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    JointMapPoint p{number_at(t, r, "alpha_1", file), number_at(t, r, "alpha_2", file),
                    number_at(t, r, "next_alpha_1", file), number_at(t, r, "next_alpha_2", file), -1};
    const std::string& b = t.rows[r][t.column("basin")];
    if (!b.empty()) {
      const double v = number_at(t, r, "basin", file);
      if (v < 0 || v != std::floor(v))
        throw RunReadError(file.string(), static_cast<long>(r) + 2, static_cast<long>(t.column("basin")) + 1,
                           "`basin` must be a row index of equilibria_joint.csv or empty, not \"" + b + "\"");
      p.basin = static_cast<long>(v);
    }
    out.push_back(p);
  }
  return out;
}

std::vector<JointEquilibriumRow> read_joint_equilibria(const std::filesystem::path& file) {
  const CsvTable t = table_with(file, {"alpha_1", "alpha_2", "stability"});
  std::vector<JointEquilibriumRow> out;
  for (std::size_t r = 0; r < t.rows.size(); ++r)
    out.push_back({number_at(t, r, "alpha_1", file), number_at(t, r, "alpha_2", file), t.rows[r][t.column("stability")]});
  return out;
}

}  // namespace aca::analysis
