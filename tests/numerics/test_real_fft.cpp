#include <catch2/catch.hpp>

#include <cmath>
#include <complex>
#include <limits>
#include <vector>

#include <boost/random/uniform_01.hpp>

#include "numerics/fft.hpp"
#include "numerics/real_fft.hpp"
#include "util/rng.hpp"

using namespace aca::numerics;

namespace {

using cd = std::complex<double>;
constexpr double eps = std::numeric_limits<double>::epsilon();

std::vector<double> random_real(std::size_t n, std::uint64_t seed) {
  aca::util::Engine rng(seed);
  boost::random::uniform_01<double> u;
  std::vector<double> x(n);
  for (auto& v : x) v = 2 * u(rng) - 1;
  return x;
}

// The first n/2 + 1 bins of the DFT's definition, in long double.
std::vector<cd> naive_rdft(const std::vector<double>& x) {
  const std::size_t n = x.size();
  const long double pi = 3.141592653589793238462643383279502884L;
  std::vector<cd> out(n / 2 + 1);
  for (std::size_t k = 0; k < out.size(); ++k) {
    std::complex<long double> s = 0;
    for (std::size_t j = 0; j < n; ++j)
      s += static_cast<long double>(x[j]) * std::polar(1.0L, -2 * pi * static_cast<long double>((j * k) % n) / n);
    out[k] = cd(static_cast<double>(s.real()), static_cast<double>(s.imag()));
  }
  return out;
}

template <class T>
double norm2(const std::vector<T>& x) {
  double s = 0;
  for (const T& v : x) s += std::norm(v);
  return std::sqrt(s);
}

template <class T>
double distance(const std::vector<T>& a, const std::vector<T>& b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += std::norm(a[i] - b[i]);
  return std::sqrt(s);
}

// The complex transform's bound (test_fft.cpp) for the half-length plan the real one runs, plus the packing step's
// few roundings per bin.
double tolerance(std::size_t n, double norm_of_result) {
  const Fft inner(n % 2 == 0 ? n / 2 : n);
  const double transforms = (inner.radix2_size() == inner.size()) ? 1 : 3;
  return (transforms * 4 * std::max(1.0, std::log2(static_cast<double>(inner.radix2_size()))) + 4) * eps *
         norm_of_result;
}

}  // namespace

TEST_CASE("the real FFT equals the DFT's definition on the n/2 + 1 non-negative frequencies", "[numerics][fft]") {
  for (std::size_t n : {1ul, 2ul, 3ul, 4ul, 5ul, 6ul, 10ul, 64ul, 99ul, 100ul, 1000ul, 1024ul, 2062ul, 4096ul}) {
    INFO("n = " << n);
    const RealFft plan(n);
    const auto x = random_real(n, 4000 + n);
    const auto expected = naive_rdft(x);
    const auto got = plan.forward(x);
    REQUIRE(got.size() == n / 2 + 1);
    // The retained bins carry at least half the energy of the full spectrum, whose norm is √n ‖x‖.
    CHECK(distance(got, expected) <= tolerance(n, std::sqrt(double(n)) * norm2(x)));
  }
}

TEST_CASE("the real inverse FFT returns the sequence from its half spectrum", "[numerics][fft]") {
  for (std::size_t n : {1ul, 2ul, 3ul, 7ul, 8ul, 100ul, 1000ul, 1031ul, 65536ul, 200002ul}) {
    INFO("n = " << n);
    const RealFft plan(n);
    const auto x = random_real(n, 5000 + n);
    const auto y = plan.inverse(plan.forward(x));
    REQUIRE(y.size() == n);
    CHECK(distance(x, y) <= 2 * tolerance(n, norm2(x)));
  }
}

TEST_CASE("the real FFT zero-pads a short input and reads a short spectrum as zeros beyond its end",
          "[numerics][fft]") {
  const std::vector<double> x = {1, 2, 3};
  const RealFft plan(8);
  const auto padded = plan.forward(x);
  const auto expected = naive_rdft({1, 2, 3, 0, 0, 0, 0, 0});
  CHECK(distance(padded, expected) <= 1e-14);
  // A spectrum of one bin (the mean) is a constant sequence.
  const auto constant = plan.inverse({cd(8, 0)});
  for (double v : constant) CHECK(v == Approx(1.0).epsilon(1e-15));
}

TEST_CASE("the real inverse FFT ignores the imaginary parts a real sequence's spectrum cannot have",
          "[numerics][fft]") {
  // As torch.fft.irfft: only the real parts of X_0 and (even n) X_{n/2} enter.
  for (std::size_t n : {6ul, 7ul}) {
    INFO("n = " << n);
    const RealFft plan(n);
    auto spectrum = plan.forward(random_real(n, 6000 + n));
    const auto clean = plan.inverse(spectrum);
    spectrum[0] += cd(0, 5);
    if (n % 2 == 0) spectrum[n / 2] += cd(0, -3);
    CHECK(distance(plan.inverse(spectrum), clean) == 0.0);
  }
}
