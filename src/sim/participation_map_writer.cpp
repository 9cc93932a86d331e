#include "sim/participation_map_writer.hpp"

#include <algorithm>
#include <cmath>

#include "numerics/basins.hpp"
#include "util/csv_writer.hpp"

namespace aca::sim {

namespace {

// The α at which collective `name`'s map is tabulated: uniform on [0, 1], finer near 0, and its fixed points.
std::vector<double> alone_alphas(const std::string& name, const std::vector<Equilibrium>& equilibria,
                                 const MapGrid& grid) {
  std::vector<double> a;
  const double steps = static_cast<double>(grid.alone_points - 1);
  for (std::size_t i = 0; i < grid.alone_points; ++i) a.push_back(static_cast<double>(i) / steps);
  const auto fine = static_cast<std::size_t>(std::llround(grid.fine_up_to / grid.fine_step));
  for (std::size_t i = 1; i < fine; ++i) a.push_back(static_cast<double>(i) * grid.fine_step);
  for (const auto& e : equilibria)
    if (e.collective == name) a.push_back(e.alpha);
  std::sort(a.begin(), a.end());
  // Points closer than 1e-12 are one (i/200 and i·0.0005 meet at every 0.005).
  a.erase(std::unique(a.begin(), a.end(), [](double x, double y) { return y - x < 1e-12; }), a.end());
  return a;
}

}  // namespace

void write_alone_maps(const std::filesystem::path& dir, const std::vector<std::string>& names,
                      const std::vector<AloneMap>& maps, const std::vector<Equilibrium>& equilibria,
                      const MapGrid& grid) {
  util::CsvWriter csv(dir / "participation_map.csv", {"collective", "alpha", "next_alpha", "estimated"});
  for (std::size_t k = 0; k < maps.size(); ++k)
    for (double a : alone_alphas(names[k], equilibria, grid)) {
      // Tested against the grid's end with a little slack: i/200 need not equal the α the user wrote bit for bit.
      const bool estimated = a <= maps[k].estimated_up_to + 1e-12;
      csv.row({names[k], util::format_number(a), util::format_number(maps[k].F(a)), estimated ? "true" : "false"});
    }
  csv.commit();
}

void write_joint_map(const std::filesystem::path& dir, const JointMap& map,
                     const std::vector<JointEquilibrium>& equilibria, const MapGrid& grid) {
  // Basins are those of the stable equilibria only; each keeps its row index in equilibria_joint.csv.
  std::vector<numerics::Point2> attractors;
  std::vector<long> row_of;
  for (std::size_t e = 0; e < equilibria.size(); ++e)
    if (equilibria[e].stability == "stable") {
      attractors.push_back({equilibria[e].alpha[0], equilibria[e].alpha[1]});
      row_of.push_back(static_cast<long>(e));
    }
  numerics::BasinOptions bo, at_start;
  bo.max_iterations = grid.basin_iterations > 0 ? grid.basin_iterations - 1 : 0;
  at_start.max_iterations = 0;  // only "is it within the radius already", no evaluation of the map
  util::CsvWriter csv(dir / "participation_map_joint.csv",
                      {"alpha_1", "alpha_2", "next_alpha_1", "next_alpha_2", "basin"});
  const std::size_t n = grid.joint_cells;
  for (std::size_t i = 0; i <= n; ++i)
    for (std::size_t j = 0; i + j <= n; ++j) {
      const numerics::Point2 a{static_cast<double>(i) / static_cast<double>(n),
                               static_cast<double>(j) / static_cast<double>(n)};
      const numerics::Point2 next = map.F(a);
      // The iteration's first step is `next`: start from there (the map is the costly part, a population average)
      // unless the point already lies at an attractor.
      long b = numerics::basin_of(map.F, a, attractors, at_start);
      if (b < 0 && bo.max_iterations > 0) b = numerics::basin_of(map.F, next, attractors, bo);
      csv.row({util::format_number(a[0]), util::format_number(a[1]), util::format_number(next[0]),
               util::format_number(next[1]), b < 0 ? "" : std::to_string(row_of[static_cast<std::size_t>(b)])});
    }
  csv.commit();
}

void write_participation_maps(const std::filesystem::path& dir, const RunContext& ctx, const SuccessModel& model,
                              const std::vector<Equilibrium>& equilibria,
                              const std::optional<std::vector<JointEquilibrium>>& joint_equilibria) {
  std::vector<AloneMap> alone;
  for (std::size_t k = 0; k < ctx.collectives(); ++k)
    if (auto m = model.alone_map(ctx, k)) alone.push_back(std::move(*m));
  if (alone.size() != ctx.collectives()) return;  // learned mode: no map to draw
  write_alone_maps(dir, ctx.spec.collectives, alone, equilibria);
  if (!joint_equilibria) return;
  if (auto j = model.joint_map(ctx)) write_joint_map(dir, *j, *joint_equilibria);
}

}  // namespace aca::sim
