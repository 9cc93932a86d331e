#pragma once
// DP-SGD's Gaussian noise: float32 draws of N(0, σ²) from a seeded stream, 1.6–1.8× faster than LibTorch's
// normal_ (src/learn/README.md "Gaussian noise"). Torch-free: it fills a float buffer, such as a tensor's.
#include <array>
#include <cstdint>
#include <string_view>

namespace aca::learn {

/// Name of the stream, derived from a fit's seed, that DP-SGD's noise is drawn from (util::derive_seed).
inline constexpr std::string_view noise_stream = "dp_sgd_noise";

/// Seed of DP-SGD's noise in a fit whose LibTorch generator was seeded with `fit_seed`.
std::uint64_t noise_seed(std::uint64_t fit_seed);

/// Independent N(0, σ²) draws (ziggurat over eight xoshiro256++ lanes); one stream whatever the split into calls.
class GaussianNoise {
 public:
  /// A stream seeded with `seed` (SplitMix64 of it, then xoshiro256++'s jump between lanes).
  explicit GaussianNoise(std::uint64_t seed);
  /// Writes n draws of N(0, stddev²), rounded to float, to out[0..n).
  void fill(float* out, std::int64_t n, double stddev);

  static constexpr int lanes = 8, block = 256;  ///< parallel generators; 64-bit words made per refill

 private:
  double slow(std::uint64_t r);
  std::uint64_t aux_word();
  void refill();

  std::array<std::uint64_t, 4 * lanes> lane_state_{};  // xoshiro256++ state word s_q of lane l at q·lanes + l
  std::array<std::uint64_t, 4> aux_state_{};  // a ninth generator: the slow path's uniforms and retries
  std::array<std::uint64_t, block> buf_{};
  int pos_ = block;  // next unused word of buf_
};

}  // namespace aca::learn
