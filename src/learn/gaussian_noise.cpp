// The ziggurat method of Marsaglia & Tsang (2000), "The Ziggurat Method for Generating Random Variables", J. Stat.
// Softw. 5(8), in Doornik's (2005) corrected form ("An Improved Ziggurat Method to Generate Normal Random Samples"):
// the layer index and the uniform come from disjoint bits of the random word (in Marsaglia & Tsang's RNOR they
// overlap, which correlates successive draws), and the wedges are tested exactly, so the draws are N(0, 1) up to
// the rounding of double arithmetic. 256 layers (r = 3.6541528853610088, Marsaglia & Tsang's table for n = 256):
// 99% of draws take the fast path (one table look-up, one compare, one multiply), which is what makes this several
// times faster than LibTorch's Box–Muller normal_ (log, sqrt, sin and cos per pair of draws).
// The words come from xoshiro256++ (Blackman & Vigna 2021, "Scrambled Linear Pseudorandom Number Generators",
// ACM TOMS 47(4); reference code prng.di.unimi.it): four lanes, 2^128 draws apart (its jump), stepped together in
// blocks so that the compiler can vectorise them. Each lane's draws are as in the reference generator; the stream
// interleaves the lanes word by word.
#include "learn/gaussian_noise.hpp"

#include <algorithm>
#include <cmath>

#include "util/rng.hpp"

namespace aca::learn {

namespace {

constexpr int layers = 256;
constexpr double zig_r = 3.6541528853610088;  // right edge of the base layer; the tail lies beyond it
constexpr double two_55 = 36028797018963968.0;  // 2^55: the signed 56-bit integer j stands for u = j / 2^55 in [-1, 1)

// Layer i (i = 0 bottom) is the box [0, x[i]] × [f(x[i]), f(x[i+1])] of equal area v, with f(x) = exp(−x²/2);
// the base box's x[0] = v / f(r) takes in the tail's area. Points with |u| < x[i+1]/x[i] lie under f for sure.
struct Tables {
  std::array<double, layers + 1> x{};
  std::array<std::int64_t, layers> k{};  // x[i+1]/x[i] · 2^55: |j| below it is the fast path
  std::array<double, layers> w{};        // x[i] / 2^55: the draw is j · w[i]
};

Tables make_tables() {
  Tables t;
  const double f_r = std::exp(-0.5 * zig_r * zig_r);
  const double v = zig_r * f_r + std::sqrt(std::acos(-1.0) / 2) * std::erfc(zig_r / std::sqrt(2.0));  // each layer's area
  t.x[0] = v / f_r;
  t.x[1] = zig_r;
  double f = f_r;
  for (int i = 2; i < layers; ++i) {
    t.x[i] = std::sqrt(-2 * std::log(v / t.x[i - 1] + f));
    f = std::exp(-0.5 * t.x[i] * t.x[i]);
  }
  t.x[layers] = 0;
  for (int i = 0; i < layers; ++i) {
    t.k[i] = static_cast<std::int64_t>(t.x[i + 1] / t.x[i] * two_55);
    t.w[i] = t.x[i] / two_55;
  }
  return t;
}

const Tables& tables() {
  static const Tables t = make_tables();  // immutable once built
  return t;
}

std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

// A uniform in [0, 1) from the top 53 bits of a word.
double uniform(std::uint64_t w) { return static_cast<double>(w >> 11) * 0x1.0p-53; }

// The fields of one word: the layer from bits 0–7, the signed uniform from bits 8–63 (disjoint, after Doornik).
int layer_of(std::uint64_t w) { return static_cast<int>(w & (layers - 1)); }
std::int64_t signed_of(std::uint64_t w) { return static_cast<std::int64_t>(w) >> 8; }

}  // namespace

std::uint64_t noise_seed(std::uint64_t fit_seed) { return util::derive_seed(fit_seed, noise_stream); }

GaussianNoise::GaussianNoise(std::uint64_t seed) {
  // Lane 0 from SplitMix64 of the seed (Vigna's recommended seeding); lane l + 1 is lane l jumped by 2^128 draws,
  // so the lanes never overlap.
  std::array<std::uint64_t, 4> s{};
  for (int q = 0; q < 4; ++q) s[q] = util::mix64(seed + static_cast<std::uint64_t>(q) * 0x9E3779B97F4A7C15ULL);
  static constexpr std::uint64_t jump[] = {0x180ec6d33cfd0aba, 0xd5a61266f0c9392c, 0xa9582618e03fc9aa,
                                           0x39abdc4529b1661c};
  for (int l = 0; l < lanes; ++l) {
    for (int q = 0; q < 4; ++q) state_[q][l] = s[q];
    std::array<std::uint64_t, 4> j{};
    for (const std::uint64_t bits : jump)
      for (int b = 0; b < 64; ++b) {
        if (bits & (std::uint64_t{1} << b))
          for (int q = 0; q < 4; ++q) j[q] ^= s[q];
        const std::uint64_t t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = rotl(s[3], 45);
      }
    s = j;
  }
}

void GaussianNoise::refill() {
  // The four lanes side by side, so that each statement is one vector operation.
  std::array<std::uint64_t, lanes> s0 = state_[0], s1 = state_[1], s2 = state_[2], s3 = state_[3];
  for (int t = 0; t < block / lanes; ++t)
    for (int l = 0; l < lanes; ++l) {
      buf_[t * lanes + l] = rotl(s0[l] + s3[l], 23) + s0[l];
      const std::uint64_t u = s1[l] << 17;
      s2[l] ^= s0[l];
      s3[l] ^= s1[l];
      s1[l] ^= s2[l];
      s0[l] ^= s3[l];
      s2[l] ^= u;
      s3[l] = rotl(s3[l], 45);
    }
  state_ = {s0, s1, s2, s3};
  pos_ = 0;
}

std::uint64_t GaussianNoise::word() {
  if (pos_ == block) refill();
  return buf_[pos_++];
}

double GaussianNoise::slow(std::uint64_t r) {
  // Doornik's DRanNormalZig from the fast-path test on: the base layer's tail (Marsaglia 1964), a wedge, or a
  // rejection, after which a fresh word starts over.
  const Tables& t = tables();
  for (;;) {
    const int i = layer_of(r);
    const std::int64_t j = signed_of(r);
    if (std::abs(j) < t.k[i]) return static_cast<double>(j) * t.w[i];
    if (i == 0) {
      double x, y;
      do {  // 1 − uniform is in (0, 1]: the logarithms are finite
        x = std::log(1 - uniform(word())) / zig_r;
        y = std::log(1 - uniform(word()));
      } while (-2 * y < x * x);
      return j < 0 ? x - zig_r : zig_r - x;
    }
    const double x = static_cast<double>(j) * t.w[i];
    const double f0 = std::exp(-0.5 * (t.x[i] * t.x[i] - x * x));
    const double f1 = std::exp(-0.5 * (t.x[i + 1] * t.x[i + 1] - x * x));
    if (f1 + uniform(word()) * (f0 - f1) < 1.0) return x;
    r = word();
  }
}

double GaussianNoise::next() { return slow(word()); }

void GaussianNoise::fill(float* out, std::int64_t n, double stddev) {
  const Tables& t = tables();
  std::int64_t k = 0;
  while (k < n) {
    if (pos_ == block) refill();
    // The fast path over the words left in the buffer, until a word needs the slow path (1 in 100).
    const std::int64_t m = std::min<std::int64_t>(n - k, block - pos_);
    const std::uint64_t* b = buf_.data() + pos_;
    float* o = out + k;
    std::int64_t done = 0;
    for (; done < m; ++done) {
      const int i = layer_of(b[done]);
      const std::int64_t j = signed_of(b[done]);
      if (std::abs(j) >= t.k[i]) break;
      o[done] = static_cast<float>(static_cast<double>(j) * t.w[i] * stddev);
    }
    pos_ += static_cast<int>(done);
    k += done;
    if (done < m) {
      const std::uint64_t r = buf_[pos_++];
      out[k++] = static_cast<float>(slow(r) * stddev);
    }
  }
}

}  // namespace aca::learn
