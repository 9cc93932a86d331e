// The ziggurat method of Marsaglia & Tsang (2000), "The Ziggurat Method for Generating Random Variables", J. Stat.
// Softw. 5(8), in Doornik's (2005) corrected form ("An Improved Ziggurat Method to Generate Normal Random Samples"):
// the layer index and the uniform come from disjoint bits of the random word (in Marsaglia & Tsang's RNOR they
// overlap, which correlates successive draws), and the wedges are tested exactly, so the draws are N(0, 1) up to
// the rounding of double arithmetic. 256 layers (r = 3.6541528853610088, Marsaglia & Tsang's table for n = 256):
// 99% of draws take the fast path (two table look-ups, one compare, two products), which is what makes this faster
// than LibTorch's Box–Muller normal_ (log, sqrt, sin and cos per pair of draws): 1.6–1.8× on the development VM.
// The words come from xoshiro256++ (Blackman & Vigna 2021, "Scrambled Linear Pseudorandom Number Generators",
// ACM TOMS 47(4); reference code prng.di.unimi.it): eight lanes, 2^128 draws apart (its jump), stepped together
// as vectors; the stream interleaves the lanes word by word. Draw t of the stream takes word t; the rare draws that
// leave the fast path take their further uniforms from a ninth, scalar generator, so the fast path is one
// branch-free pass over a block of words. (An AVX2 version of that pass, with gathers for the tables, was no faster
// on the development VM: 2.0–2.2 against 1.8–2.4 ns a draw, so the pass stays portable C++.) The lanes are stepped
// with GCC vector types, in an AVX2 clone where the CPU has it (0.32 ns a word, against 0.90 for four scalar
// lanes): integer operations, so every clone gives the same words.
#include "learn/gaussian_noise.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "util/rng.hpp"

namespace aca::learn {

namespace {

constexpr int layers = 256;
constexpr double zig_r = 3.6541528853610088;  // right edge of the base layer; the tail lies beyond it
constexpr double two_51 = 2251799813685248.0;  // the 52-bit value j of a word stands for u = j / 2^51 in [-1, 1)

// Layer i (i = 0 bottom) is the box [0, x[i]] × [f(x[i]), f(x[i+1])] of equal area v, with f(x) = exp(−x²/2);
// the base box's x[0] = v / f(r) takes in the tail's area. Points with |u| < x[i+1]/x[i] lie under f for sure.
struct Tables {
  std::array<double, layers + 1> x{}, f{};  // f[i] = f(x[i])
  alignas(32) std::array<std::int64_t, layers> k{};  // x[i+1]/x[i] · 2^51: |j| below it is the fast path
  alignas(32) std::array<double, layers> w{};        // x[i] / 2^51: the draw is j · w[i]
};

Tables make_tables() {
  Tables t;
  const double f_r = std::exp(-0.5 * zig_r * zig_r);
  const double pi = std::acos(-1.0);
  const double v = zig_r * f_r + std::sqrt(pi / 2) * std::erfc(zig_r / std::sqrt(2.0));  // each layer's area
  t.x[0] = v / f_r;
  t.x[1] = zig_r;
  for (int i = 2; i < layers; ++i)  // layer i − 1 has area v: x[i−1]·(f(x[i]) − f(x[i−1])) = v
    t.x[i] = std::sqrt(-2 * std::log(v / t.x[i - 1] + std::exp(-0.5 * t.x[i - 1] * t.x[i - 1])));
  t.x[layers] = 0;
  for (int i = 0; i <= layers; ++i) t.f[i] = std::exp(-0.5 * t.x[i] * t.x[i]);
  for (int i = 0; i < layers; ++i) {
    t.k[i] = static_cast<std::int64_t>(t.x[i + 1] / t.x[i] * two_51);
    t.w[i] = t.x[i] / two_51;
  }
  return t;
}

const Tables& tables() {
  static const Tables t = make_tables();  // immutable once built
  return t;
}

std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

void xoshiro_step(std::array<std::uint64_t, 4>& s) {
  const std::uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
}

// Vigna's jump: the state 2^128 steps on.
std::array<std::uint64_t, 4> jumped(std::array<std::uint64_t, 4> s) {
  static constexpr std::uint64_t jump[] = {0x180ec6d33cfd0aba, 0xd5a61266f0c9392c, 0xa9582618e03fc9aa,
                                           0x39abdc4529b1661c};
  std::array<std::uint64_t, 4> j{};
  for (const std::uint64_t bits : jump)
    for (int b = 0; b < 64; ++b) {
      if (bits & (std::uint64_t{1} << b))
        for (int q = 0; q < 4; ++q) j[q] ^= s[q];
      xoshiro_step(s);
    }
  return j;
}

// A uniform in [0, 1) from the top 53 bits of a word.
double uniform(std::uint64_t w) { return static_cast<double>(w >> 11) * 0x1.0p-53; }

// The fields of one word: the layer from bits 0–7, the signed uniform j ∈ [−2^51, 2^51) from bits 12–63.
int layer_of(std::uint64_t w) { return static_cast<int>(w & (layers - 1)); }
std::int64_t signed_of(std::uint64_t w) { return static_cast<std::int64_t>(w >> 12) - (std::int64_t{1} << 51); }

using Vec = std::uint64_t __attribute__((vector_size(32)));  // four lanes (GCC vector extension)

// `steps` steps of the eight lanes, words to out[0 .. 8·steps): portable code, and an AVX2 clone picked at load time.
__attribute__((target_clones("avx2", "default"))) void lanes_block(std::uint64_t* state, std::uint64_t* out,
                                                                    int steps) {
  Vec s[4][2];
  std::memcpy(s, state, sizeof s);
  for (int t = 0; t < steps; ++t)
    for (int h = 0; h < 2; ++h) {
      const Vec sum = s[0][h] + s[3][h];
      const Vec r = ((sum << 23) | (sum >> 41)) + s[0][h];
      std::memcpy(out + 8 * t + 4 * h, &r, sizeof r);
      const Vec u = s[1][h] << 17;
      s[2][h] ^= s[0][h];
      s[3][h] ^= s[1][h];
      s[1][h] ^= s[2][h];
      s[0][h] ^= s[3][h];
      s[2][h] ^= u;
      s[3][h] = (s[3][h] << 45) | (s[3][h] >> 19);
    }
  std::memcpy(state, s, sizeof s);
}

// The fast path over words w[0..m): out[t] for every word (meaningless where it fails); the failing positions go
// to miss[], their count is returned.
int fast_path(const std::uint64_t* w, int m, float* out, double sd, std::uint16_t* miss) {
  const Tables& tb = tables();
  int nm = 0;
  for (int t = 0; t < m; ++t) {
    const int i = layer_of(w[t]);
    const std::int64_t j = signed_of(w[t]);
    out[t] = static_cast<float>(static_cast<double>(j) * tb.w[i] * sd);
    miss[nm] = static_cast<std::uint16_t>(t);
    nm += std::abs(j) >= tb.k[i];
  }
  return nm;
}

}  // namespace

std::uint64_t noise_seed(std::uint64_t fit_seed) { return util::derive_seed(fit_seed, noise_stream); }

GaussianNoise::GaussianNoise(std::uint64_t seed) {
  // The first lane from SplitMix64 of the seed (Vigna's recommended seeding); each further generator (lanes, then
  // the slow path's) is the previous one jumped by 2^128 draws, so that no two overlap.
  std::array<std::uint64_t, 4> s{};
  for (int q = 0; q < 4; ++q) s[q] = util::mix64(seed + static_cast<std::uint64_t>(q) * 0x9E3779B97F4A7C15ULL);
  for (int l = 0; l < lanes; ++l) {
    for (int q = 0; q < 4; ++q) lane_state_[q * lanes + l] = s[q];
    s = jumped(s);
  }
  aux_state_ = s;
}

void GaussianNoise::refill() {
  lanes_block(lane_state_.data(), buf_.data(), block / lanes);
  pos_ = 0;
}

std::uint64_t GaussianNoise::aux_word() {
  const std::uint64_t r = rotl(aux_state_[0] + aux_state_[3], 23) + aux_state_[0];
  xoshiro_step(aux_state_);
  return r;
}

double GaussianNoise::slow(std::uint64_t r) {
  // Doornik's DRanNormalZig from the fast-path test on: the base layer's tail (Marsaglia 1964), a wedge, or a
  // rejection, after which a fresh word starts over. The wedge test y < f(x), with y uniform between the layer's
  // f[i] and f[i+1], is Doornik's with a table of f instead of two exponentials.
  const Tables& t = tables();
  for (;;) {
    const int i = layer_of(r);
    const std::int64_t j = signed_of(r);
    if (std::abs(j) < t.k[i]) return static_cast<double>(j) * t.w[i];
    if (i == 0) {
      double x, y;
      do {  // 1 − uniform is in (0, 1]: the logarithms are finite
        x = std::log(1 - uniform(aux_word())) / zig_r;
        y = std::log(1 - uniform(aux_word()));
      } while (-2 * y < x * x);
      return j < 0 ? x - zig_r : zig_r - x;
    }
    const double x = static_cast<double>(j) * t.w[i];
    if (t.f[i] + uniform(aux_word()) * (t.f[i + 1] - t.f[i]) < std::exp(-0.5 * x * x)) return x;
    r = aux_word();
  }
}

void GaussianNoise::fill(float* out, std::int64_t n, double stddev) {
  std::uint16_t miss[block];
  for (std::int64_t k = 0; k < n;) {
    if (pos_ == block) refill();
    const int m = static_cast<int>(std::min<std::int64_t>(n - k, block - pos_));
    const std::uint64_t* w = buf_.data() + pos_;
    const int nm = fast_path(w, m, out + k, stddev, miss);
    for (int q = 0; q < nm; ++q) out[k + miss[q]] = static_cast<float>(slow(w[miss[q]]) * stddev);
    pos_ += m;
    k += m;
  }
}

}  // namespace aca::learn
