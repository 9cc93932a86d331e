#include "sim/sobol_design.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include <boost/random/sobol.hpp>
#include <boost/random/uniform_01.hpp>

namespace aca::sim {

namespace {

// A coordinate of the rotated sequence, kept inside [0, 1): fmod of a sum can round up to exactly 1.
double rotate(double x, double shift) {
  const double v = std::fmod(x + shift, 1.0);
  return v < 1.0 ? v : std::nextafter(1.0, 0.0);
}

}  // namespace

std::vector<SensitivityRow> saltelli_design(std::size_t n, std::size_t dims, util::Engine& rng) {
  if (n == 0 || dims == 0 || dims > max_sobol_axes)
    throw std::invalid_argument("saltelli_design: needs n ≥ 1 base samples and 1 to " + std::to_string(max_sobol_axes) +
                                " axes (got n = " + std::to_string(n) + ", " + std::to_string(dims) + " axes)");
  std::vector<double> shift(2 * dims);
  boost::random::uniform_01<double> u01;
  for (auto& s : shift) s = u01(rng);
  boost::random::sobol qrng(2 * dims);
  qrng.discard(2 * dims);  // skip the sequence's first point (the origin): Sobol points 1, 2, ... are better spread
  const double scale = 1.0 / (static_cast<double>(qrng.max()) - static_cast<double>(qrng.min()) + 1.0);
  std::vector<SensitivityRow> rows;
  rows.reserve(n * (dims + 2));
  std::vector<double> x(2 * dims);
  for (std::size_t j = 0; j < n; ++j) {
    for (std::size_t k = 0; k < 2 * dims; ++k) x[k] = rotate(static_cast<double>(qrng() - qrng.min()) * scale, shift[k]);
    const std::vector<double> a(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(dims));
    const std::vector<double> b(x.begin() + static_cast<std::ptrdiff_t>(dims), x.end());
    const long g = static_cast<long>(j);
    rows.push_back({a, g, "A", -1, 0.0});
    for (std::size_t i = 0; i < dims; ++i) {
      std::vector<double> ab = a;
      ab[i] = b[i];
      rows.push_back({std::move(ab), g, "AB", static_cast<long>(i), 0.0});
    }
    rows.push_back({b, g, "B", -1, 0.0});
  }
  return rows;
}

}  // namespace aca::sim
