#include "util/float_field.hpp"

#include <cmath>

#include "util/csv_writer.hpp"

namespace aca::util {

std::string float_field(double v) {
  if (std::isnan(v)) return "";
  std::string t = format_number(v);
  if (std::isfinite(v) && t.find_first_of(".e") == std::string::npos) t += ".0";
  return t;
}

}  // namespace aca::util
