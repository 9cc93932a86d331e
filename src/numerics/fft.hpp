#pragma once
// Discrete Fourier transform of complex sequences of any length, in double precision: iterative radix-2 for powers
// of two, Bluestein's chirp-z algorithm (a power-of-two circular convolution) for every other length.
#include <complex>
#include <cstddef>
#include <vector>

namespace aca::numerics {

/// The DFT of one length n, planned once (twiddle factors, Bluestein's chirp and its spectrum) and applied many
/// times; X_k = Σ_j x_j e^{−2πi jk/n}. A const plan may be shared by threads.
class Fft {
 public:
  /// Plans the transforms of length n ≥ 1; throws std::invalid_argument for n = 0.
  explicit Fft(std::size_t n);

  /// n.
  std::size_t size() const { return n_; }

  /// x ← DFT(x); x must hold n values (std::invalid_argument otherwise).
  void forward(std::vector<std::complex<double>>& x) const;

  /// x ← DFT⁻¹(x), x_j = (1/n) Σ_k X_k e^{+2πi jk/n}; x must hold n values.
  void inverse(std::vector<std::complex<double>>& x) const;

  /// The power-of-two length of the radix-2 transforms the plan runs: n itself, or Bluestein's m ≥ 2n − 1.
  std::size_t radix2_size() const { return m_; }

 private:
  void radix2(std::complex<double>* a) const;
  void radix2_inverse(std::complex<double>* a) const;
  void bluestein(std::vector<std::complex<double>>& x) const;

  std::size_t n_;
  std::size_t m_;
  std::vector<std::complex<double>> twiddles_;        // e^{−2πik/m}, k < m/2
  std::vector<std::complex<double>> chirp_;           // Bluestein: e^{−πik²/n}, k < n; empty for a power of two
  std::vector<std::complex<double>> chirp_spectrum_;  // Bluestein: DFT_m of the conjugate chirp, wrapped
};

}  // namespace aca::numerics
