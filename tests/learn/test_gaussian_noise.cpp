// DP-SGD's noise generator against N(0, σ²): moments, tails, the whole distribution (Kolmogorov–Smirnov and
// Anderson–Darling), independence of neighbouring draws, and determinism. One fixed seed: each statistical check
// compares a statistic with a bound that a correct generator exceeds with the stated small probability, so a failure
// means a broken sampler, not bad luck (the seed's outcome is fixed, and was not chosen to pass).
#include "learn/gaussian_noise.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

using namespace aca::learn;

namespace {

constexpr std::int64_t n_draws = 10'000'000;

std::vector<float> draws(std::uint64_t seed, std::int64_t n, double stddev) {
  std::vector<float> z(static_cast<std::size_t>(n));
  GaussianNoise g(seed);
  g.fill(z.data(), n, stddev);
  return z;
}

// The 10^7 standard normal draws all statistical tests share (drawing and sorting them once keeps the tests fast).
const std::vector<float>& sample() {
  static const std::vector<float> z = draws(20240601, n_draws, 1.0);
  return z;
}

double upper_tail(double x) { return 0.5 * std::erfc(x / std::sqrt(2.0)); }  // P(Z > x), accurate far out

// Sample correlation of z[i] and z[i + lag] (of g(z) for both).
template <class G>
double lag_correlation(const std::vector<float>& z, std::size_t lag, G g) {
  const std::size_t n = z.size() - lag;
  double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double a = g(z[i]), b = g(z[i + lag]);
    sa += a, sb += b, saa += a * a, sbb += b * b, sab += a * b;
  }
  const double ma = sa / n, mb = sb / n;
  return (sab / n - ma * mb) / std::sqrt((saa / n - ma * ma) * (sbb / n - mb * mb));
}

}  // namespace

TEST_CASE("gaussian noise: mean 0 and variance 1 within 5 standard errors of 10^7 draws", "[learn][noise]") {
  const auto& z = sample();
  const double n = static_cast<double>(z.size());
  double s = 0, ss = 0;
  for (float v : z) s += v, ss += static_cast<double>(v) * v;
  const double mean = s / n, var = ss / n - mean * mean;
  // The mean of n N(0, 1) draws has standard deviation 1/√n; the sample variance has √(2/(n−1)) ≈ √(2/n)
  // (Var s² = 2σ⁴/(n − 1) for normal data). 5 standard errors: a correct sampler fails with probability < 6e-7.
  CHECK(std::abs(mean) < 5 / std::sqrt(n));
  CHECK(std::abs(var - 1) < 5 * std::sqrt(2 / n));
}

TEST_CASE("gaussian noise: fractions beyond 1, 2, 3, 4, the ziggurat's base 3.654 and 5 sigma within 5 binomial "
          "standard errors", "[learn][noise]") {
  const auto& z = sample();
  const double n = static_cast<double>(z.size());
  for (const double t : {1.0, 2.0, 3.0, 4.0, 3.6541528853610088, 5.0}) {
    // |Z| > t has probability p = 2 P(Z > t); the count is Binomial(n, p), whose fraction has standard error
    // √(p(1 − p)/n). Beyond 3.654 lie exactly the draws of the ziggurat's tail algorithm.
    const double p = 2 * upper_tail(t);
    const auto count = std::count_if(z.begin(), z.end(), [t](float v) { return std::abs(v) > t; });
    const double frac = count / n, se = std::sqrt(p * (1 - p) / n);
    INFO("t = " << t << ": fraction " << frac << ", expected " << p << " ± " << se);
    CHECK(std::abs(frac - p) < 5 * se);
  }
  // The two signs are equally likely in the tail too.
  const auto hi = std::count_if(z.begin(), z.end(), [](float v) { return v > 4; });
  const auto lo = std::count_if(z.begin(), z.end(), [](float v) { return v < -4; });
  CHECK(std::abs(static_cast<double>(hi - lo)) < 5 * std::sqrt(static_cast<double>(hi + lo)));
}

TEST_CASE("gaussian noise: Kolmogorov-Smirnov and Anderson-Darling statistics of 10^7 draws below their critical "
          "values against N(0, 1)", "[learn][noise]") {
  std::vector<float> z = sample();
  std::sort(z.begin(), z.end());
  const std::size_t n = z.size();
  double d = 0, a2 = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double x = z[i];
    const double cdf = upper_tail(-x);
    d = std::max({d, (i + 1.0) / n - cdf, cdf - static_cast<double>(i) / n});
    // A² = −n − (1/n) Σ (2i − 1)[ln F(x_i) + ln(1 − F(x_{n+1−i}))], with 1 − F from the upper tail directly.
    a2 += (2.0 * i + 1) * (std::log(cdf) + std::log(upper_tail(static_cast<double>(z[n - 1 - i]))));
  }
  a2 = -static_cast<double>(n) - a2 / n;
  // Kolmogorov's limit distribution: P(√n D > 1.9495) = 0.001. Anderson–Darling with the distribution fully
  // specified (Stephens 1974, case 0): P(A² > 3.857) = 0.01, a test more sensitive in the tails.
  INFO("sqrt(n) D = " << std::sqrt(static_cast<double>(n)) * d << ", A^2 = " << a2);
  CHECK(std::sqrt(static_cast<double>(n)) * d < 1.9495);
  CHECK(a2 < 3.857);
}

TEST_CASE("gaussian noise: neighbouring draws uncorrelated, in value and in magnitude, at lags 1 to 8",
          "[learn][noise]") {
  const auto& z = sample();
  // Under independence a sample correlation of n pairs has standard error ≈ 1/√n. Lags up to 8 cover the words of
  // one xoshiro lane (every 4th word of the stream) as well as neighbouring lanes; squares catch dependence in
  // magnitude that a correlation of values misses (as overlapping index and value bits cause, Doornik 2005).
  const double bound = 5 / std::sqrt(static_cast<double>(z.size()));
  for (std::size_t lag = 1; lag <= 8; ++lag) {
    INFO("lag " << lag);
    CHECK(std::abs(lag_correlation(z, lag, [](float v) { return static_cast<double>(v); })) < bound);
    CHECK(std::abs(lag_correlation(z, lag, [](float v) { return static_cast<double>(v) * v; })) < bound);
  }
}

TEST_CASE("gaussian noise: the standard deviation scales the draws, which are a function of the seed alone, "
          "whatever the split into calls", "[learn][noise]") {
  const double sd = 1.3 * 0.7;
  const auto a = draws(7, 100'000, sd), b = draws(7, 100'000, sd), c = draws(8, 100'000, sd);
  CHECK((a == b));
  CHECK((a != c));
  // fill(n1) then fill(n2) gives the draws of fill(n1 + n2): buffered words carry over between calls, so the
  // ensemble's members, filling one parameter at a time, draw what the single learner draws.
  std::vector<float> split(a.size());
  GaussianNoise g(7);
  g.fill(split.data(), 3, sd);
  g.fill(split.data() + 3, 99'987, sd);
  g.fill(split.data() + 99'990, 10, sd);
  CHECK((split == a));
  // The standard deviation scales the draws (up to float rounding).
  const auto unit = draws(7, 100'000, 1.0);
  double worst = 0;
  for (std::size_t i = 0; i < unit.size(); ++i)
    worst = std::max(worst, std::abs(a[i] - sd * unit[i]) / (sd * std::abs(unit[i]) + 1e-30));
  CHECK(worst < 1e-6);
  // Seeds of different fits' noise streams differ from each other and from the fit's seed.
  CHECK(noise_seed(1) != noise_seed(2));
  CHECK(noise_seed(1) != 1);
}

TEST_CASE("gaussian noise: 10^6 draws with sigma*C = 0.91 have standard deviation 0.91 within 5 standard errors",
          "[learn][noise]") {
  const double sd = 0.91;
  const auto z = draws(11, 1'000'000, sd);
  double ss = 0;
  for (float v : z) ss += static_cast<double>(v) * v;
  const double n = static_cast<double>(z.size());
  // E z² = sd², Var z² = 2 sd⁴: the mean square's standard error is sd² √(2/n).
  CHECK(std::abs(ss / n - sd * sd) < 5 * sd * sd * std::sqrt(2 / n));
}
