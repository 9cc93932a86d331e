#pragma once
// DP-SGD's Gaussian noise: float32 draws of N(0, σ²) from a seeded stream, several times faster than LibTorch's
// normal_ (src/learn/README.md "Speed"). Torch-free: it fills a float buffer, such as a tensor's.
#include <array>
#include <cstdint>
#include <string_view>

namespace aca::learn {

/// Name of the stream, derived from a fit's seed, that DP-SGD's noise is drawn from (util::derive_seed).
inline constexpr std::string_view noise_stream = "dp_sgd_noise";

/// Version of the noise generator; changes whenever the draws for a given seed change.
inline constexpr int noise_generator_version = 2;  // 1: LibTorch's normal_; 2: ziggurat over xoshiro256++

/// Seed of DP-SGD's noise in a fit whose LibTorch generator was seeded with `fit_seed`.
std::uint64_t noise_seed(std::uint64_t fit_seed);

/// Independent N(0, σ²) draws (ziggurat over four xoshiro256++ lanes); one stream of draws whatever the split into calls.
class GaussianNoise {
 public:
  /// A stream seeded with `seed` (each lane's state from SplitMix64 of it).
  explicit GaussianNoise(std::uint64_t seed);
  /// Writes n draws of N(0, stddev²), rounded to float, to out[0..n).
  void fill(float* out, std::int64_t n, double stddev);
  /// One draw of N(0, 1) in double precision (the draw fill would have made before rounding and scaling).
  double next();

 private:
  static constexpr int lanes = 4, block = 256;  // raw 64-bit words made per refill: `block` / `lanes` per lane
  std::uint64_t word();
  double slow(std::uint64_t r);
  void refill();

  std::array<std::array<std::uint64_t, lanes>, 4> state_{};  // xoshiro256++ state words s0..s3, one per lane
  std::array<std::uint64_t, block> buf_{};
  int pos_ = block;  // next unused word of buf_
};

}  // namespace aca::learn
