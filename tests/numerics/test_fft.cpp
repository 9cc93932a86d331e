#include <catch2/catch.hpp>

#include <cmath>
#include <complex>
#include <limits>
#include <vector>

#include <boost/random/uniform_01.hpp>

#include "numerics/fft.hpp"
#include "util/rng.hpp"

using namespace aca::numerics;

namespace {

using cd = std::complex<double>;
constexpr double eps = std::numeric_limits<double>::epsilon();

std::vector<cd> random_complex(std::size_t n, std::uint64_t seed) {
  aca::util::Engine rng(seed);
  boost::random::uniform_01<double> u;
  std::vector<cd> x(n);
  for (auto& v : x) {
    const double re = 2 * u(rng) - 1;
    v = cd(re, 2 * u(rng) - 1);
  }
  return x;
}

// The definition, in long double (64-bit mantissa, 2^11 times finer than double) with the exponent's index jk
// reduced mod n in integers: its own error is far below the tolerances checked against it.
std::vector<cd> naive_dft(const std::vector<cd>& x, int sign) {
  const std::size_t n = x.size();
  std::vector<cd> out(n);
  const long double pi = 3.141592653589793238462643383279502884L;
  for (std::size_t k = 0; k < n; ++k) {
    std::complex<long double> s = 0;
    for (std::size_t j = 0; j < n; ++j) {
      const long double angle = sign * 2 * pi * static_cast<long double>((j * k) % n) / n;
      s += std::complex<long double>(x[j].real(), x[j].imag()) * std::polar(1.0L, angle);
    }
    out[k] = cd(static_cast<double>(s.real()), static_cast<double>(s.imag()));
  }
  return out;
}

double norm2(const std::vector<cd>& x) {
  double s = 0;
  for (const cd& v : x) s += std::norm(v);
  return std::sqrt(s);
}

double distance(const std::vector<cd>& a, const std::vector<cd>& b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += std::norm(a[i] - b[i]);
  return std::sqrt(s);
}

// Higham (Accuracy and Stability of Numerical Algorithms, Thm 24.2): radix-2 with twiddles accurate to μ ≈ ε has
// ‖ŷ − y‖₂ ≤ log₂(m)·(μ + 4√2·u)·‖y‖₂ + O(u²), u = ε/2, i.e. at most 4·log₂(m)·ε·‖y‖₂. Bluestein runs three radix-2
// transforms of length m (the chirp's spectrum, the forward and the inverse one) between multiplications by unit
// chirps: three times that bound. (Measured on these inputs: 0.2·log₂(m)·ε radix-2, 0.6·log₂(m)·ε Bluestein.)
double tolerance(const Fft& plan, double norm_of_result) {
  const double transforms = (plan.radix2_size() == plan.size()) ? 1 : 3;
  return transforms * 4 * std::max(1.0, std::log2(static_cast<double>(plan.radix2_size()))) * eps * norm_of_result;
}

const std::vector<std::size_t> lengths = {1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 17, 30, 64, 97, 100, 128, 210,
                                          256, 500, 1000, 1024, 1031, 2048, 2310, 4096};

}  // namespace

TEST_CASE("the FFT equals the DFT's definition on random inputs to within O(log n) machine epsilons",
          "[numerics][fft]") {
  double worst = 0;  // the largest error as a fraction of the tolerance
  for (std::size_t n : lengths) {
    INFO("n = " << n);
    const Fft plan(n);
    CHECK(plan.size() == n);
    const bool power_of_two = (n & (n - 1)) == 0;
    if (power_of_two)
      CHECK(plan.radix2_size() == n);
    else
      CHECK(plan.radix2_size() >= 2 * n - 1);  // Bluestein's circular convolution holds the linear one
    auto x = random_complex(n, 1000 + n);
    const auto expected = naive_dft(x, -1);
    plan.forward(x);
    const double err = distance(x, expected), tol = tolerance(plan, norm2(expected));
    CHECK(err <= tol);
    worst = std::max(worst, err / tol);
  }
  // The bound is not vacuous: the worst error observed is within two orders of magnitude of it (measured 0.05).
  CHECK(worst > 0.01);
}

TEST_CASE("the inverse FFT equals the inverse DFT's definition, scaled by 1/n", "[numerics][fft]") {
  for (std::size_t n : {3ul, 8ul, 100ul, 1024ul, 1031ul}) {
    INFO("n = " << n);
    const Fft plan(n);
    auto x = random_complex(n, 2000 + n);
    auto expected = naive_dft(x, +1);
    for (auto& v : expected) v /= static_cast<double>(n);
    plan.inverse(x);
    CHECK(distance(x, expected) <= tolerance(plan, norm2(expected)));
  }
}

TEST_CASE("inverse(forward(x)) returns x to within twice the transform's tolerance", "[numerics][fft]") {
  for (std::size_t n : {1ul, 2ul, 6ul, 97ul, 1000ul, 4096ul, 100000ul, 131072ul}) {
    INFO("n = " << n);
    const Fft plan(n);
    const auto x = random_complex(n, 3000 + n);
    auto y = x;
    plan.forward(y);
    plan.inverse(y);
    CHECK(distance(x, y) <= 2 * tolerance(plan, norm2(x)));
  }
}

TEST_CASE("the FFT of a unit impulse is flat and of a pure tone is one bin", "[numerics][fft]") {
  for (std::size_t n : {8ul, 12ul, 97ul}) {
    INFO("n = " << n);
    const Fft plan(n);
    std::vector<cd> impulse(n, cd(0, 0));
    impulse[0] = 1;
    plan.forward(impulse);
    for (const cd& v : impulse) CHECK(std::abs(v - cd(1, 0)) <= 1e-14);
    const std::size_t f = 3;
    std::vector<cd> tone(n);
    for (std::size_t j = 0; j < n; ++j) tone[j] = std::polar(1.0, 2 * M_PI * static_cast<double>(f * j % n) / n);
    plan.forward(tone);
    for (std::size_t k = 0; k < n; ++k) CHECK(std::abs(tone[k] - cd(k == f ? double(n) : 0.0, 0)) <= 1e-12 * n);
  }
}

TEST_CASE("an FFT plan refuses length 0 and a vector of another length", "[numerics][fft]") {
  CHECK_THROWS_AS(Fft(0), std::invalid_argument);
  const Fft plan(8);
  std::vector<cd> x(7);
  CHECK_THROWS_WITH(plan.forward(x), Catch::Contains("length 8") && Catch::Contains("7 values"));
}
