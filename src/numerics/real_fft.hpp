#pragma once
// DFT of real sequences, in the conventions of numpy's and torch's rfft / irfft: the n/2 + 1 non-negative
// frequencies of a length-n real sequence, and back. An even length runs as one complex DFT of half the length.
#include <complex>
#include <cstddef>
#include <vector>

#include "numerics/fft.hpp"

namespace aca::numerics {

/// The real DFT of one length n, planned once and applied many times. A const plan may be shared by threads.
class RealFft {
 public:
  /// Plans length n ≥ 1; throws std::invalid_argument for n = 0.
  explicit RealFft(std::size_t n);

  /// n.
  std::size_t size() const { return n_; }

  /// X_k = Σ_j x_j e^{−2πi jk/n} for k = 0..n/2 of x zero-padded (or cut) to n values (torch.fft.rfft(x, n)).
  std::vector<std::complex<double>> forward(const std::vector<double>& x) const;

  /// The n real values whose forward() is X, reading X_0..X_{n/2} (zero beyond X's end; the imaginary parts of X_0
  /// and, for even n, X_{n/2}, which a real sequence's spectrum does not have, are ignored) (torch.fft.irfft(X, n)).
  std::vector<double> inverse(const std::vector<std::complex<double>>& spectrum) const;

 private:
  std::size_t n_;
  Fft complex_;                                // length n/2 for even n, n for odd n
  std::vector<std::complex<double>> twiddles_;  // even n: e^{−2πik/n}, k ≤ n/2
};

}  // namespace aca::numerics
