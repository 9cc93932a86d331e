#pragma once
// A real number as a field of the tables users load (points.csv, panel.csv, results.csv): typed float in pandas,
// R and Stata, missing as an empty field.
#include <string>

namespace aca::util {

/// `v` as util::format_number writes it, with ".0" added to a whole number ("1.0", not "1": a column of whole
/// floats still reads as floats), "inf"/"-inf" for infinities and "" for NaN (missing, unknown).
std::string float_field(double v);

}  // namespace aca::util
