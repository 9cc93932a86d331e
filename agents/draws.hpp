#pragma once
// Inline, order-independent random draws and a deterministic exp for the agents' hot loops.
#include <cstdint>
#include <cstring>

namespace aca::agents {

/// Same value as util::counter_uniform(key, counter) when `mixed_key` = util::mix64(key); inline so that the
/// decision loops vectorise, and with the key's mixing hoisted out of the loop.
__attribute__((always_inline)) inline double uniform_at(std::uint64_t mixed_key, std::uint64_t counter) {
  std::uint64_t x = mixed_key ^ (counter * 0xD1B54A32D192ED03ULL);
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  x ^= x >> 31;
  // The value is below 2^53, so the signed conversion (vectorisable without AVX-512) is exact.
  return static_cast<double>(static_cast<std::int64_t>(x >> 11)) * 0x1.0p-53;
}

/// Counter of draw `slot` (0..3) of agent `i` in round `round` among `n` agents: unique per (round, agent, slot).
inline std::uint64_t draw_counter(std::uint64_t round, std::uint64_t n, std::uint64_t i, unsigned slot) {
  return ((round * n + i) << 2) | slot;
}

/// e^x for x clamped to [−700, 700], within a few ulp of std::exp; plain IEEE arithmetic only (no library
/// call), so scalar and vectorised evaluations give identical bits.
__attribute__((always_inline)) inline double exp_fast(double x) {
  x = x < -700.0 ? -700.0 : (x > 700.0 ? 700.0 : x);
  const double shifter = 0x1.8p52;
  const double kd = x * 1.4426950408889634 + shifter;  // round(x / ln 2) sits in the low mantissa bits
  std::uint64_t ki;
  std::memcpy(&ki, &kd, sizeof ki);
  const double k = kd - shifter;
  // Cody–Waite: ln 2 split so that k·ln2_hi is exact for |k| < 2^20 (ln2_hi has 32 trailing zero bits).
  const double r = (x - k * 6.93147180369123816490e-01) - k * 1.90821492927058770002e-10;  // |r| ≤ ln2/2
  // Degree-12 Taylor polynomial: truncation error below 2e-16 relative on |r| ≤ 0.347.
  double p = 1.0 / 479001600.0;
  p = p * r + 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  p = p * r + 1.0;
  p = p * r + 1.0;
  std::uint64_t bits;
  std::memcpy(&bits, &p, sizeof bits);
  bits += ki << 52;  // multiply by 2^k through the exponent field (no overflow for |x| ≤ 700)
  double out;
  std::memcpy(&out, &bits, sizeof out);
  return out;
}

}  // namespace aca::agents
