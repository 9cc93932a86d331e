#include "analysis/critical_mass_table.hpp"

#include <stdexcept>

#include "util/csv_writer.hpp"

namespace aca::analysis {

std::string to_string(numerics::CriticalMassStatus s) {
  switch (s) {
    case numerics::CriticalMassStatus::reached: return "reached";
    case numerics::CriticalMassStatus::at_grid_start: return "at_grid_start";
    case numerics::CriticalMassStatus::not_reached: return "not_reached";
  }
  return "?";
}

void write_critical_mass_table(const std::filesystem::path& path, const std::vector<CriticalMassSeries>& series) {
  util::CsvWriter csv(path, {"series", "parameter", "x", "target", "status", "alpha_star", "max_alpha_tested",
                             "level", "lower", "upper", "resamples", "resamples_not_reached"});
  for (const auto& s : series) {
    if (s.x.size() != s.intervals.size())
      throw std::invalid_argument("critical mass series '" + s.label + "' has " + std::to_string(s.x.size()) +
                                  " parameter values and " + std::to_string(s.intervals.size()) + " intervals");
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      const auto& ci = s.intervals[i];
      using util::format_number;
      csv.row({s.label, s.parameter, format_number(s.x[i]), format_number(ci.point.target),
               to_string(ci.point.status), ci.point.found() ? format_number(ci.point.alpha) : "",
               format_number(ci.point.max_alpha_tested), format_number(ci.level), format_number(ci.lower),
               format_number(ci.upper), std::to_string(ci.resamples), std::to_string(ci.resamples_not_reached)});
    }
  }
  csv.commit();
}

}  // namespace aca::analysis
