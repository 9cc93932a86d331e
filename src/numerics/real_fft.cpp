#include "numerics/real_fft.hpp"

#include <cmath>

namespace aca::numerics {

namespace {

using cd = std::complex<double>;

std::vector<cd> half_twiddles(std::size_t n) {
  std::vector<cd> w(n / 2 + 1);
  for (std::size_t k = 0; k <= n / 2; ++k)
    w[k] = std::polar(1.0, -2 * M_PI * static_cast<double>(k) / static_cast<double>(n));
  return w;
}

}  // namespace

// An even-length real sequence packs into half as many complex values z_j = x_{2j} + i x_{2j+1}; the spectra of the
// even and odd samples are separated from Z by its conjugate symmetry, and joined with one twiddle per frequency.
// An odd length (never used by the accountant) runs as a complex DFT of full length.
RealFft::RealFft(std::size_t n) : n_(n), complex_(n % 2 == 0 ? n / 2 : n) {
  if (n % 2 == 0) twiddles_ = half_twiddles(n);
}

std::vector<cd> RealFft::forward(const std::vector<double>& x) const {
  const std::size_t bins = n_ / 2 + 1;
  auto at = [&](std::size_t j) { return j < x.size() ? x[j] : 0.0; };
  std::vector<cd> out(bins);
  if (n_ % 2 == 1) {
    std::vector<cd> z(n_);
    for (std::size_t j = 0; j < n_; ++j) z[j] = at(j);
    complex_.forward(z);
    std::copy(z.begin(), z.begin() + static_cast<std::ptrdiff_t>(bins), out.begin());
    return out;
  }
  const std::size_t h = n_ / 2;
  std::vector<cd> z(h);
  for (std::size_t j = 0; j < h; ++j) z[j] = cd(at(2 * j), at(2 * j + 1));
  complex_.forward(z);
  for (std::size_t k = 0; k <= h; ++k) {
    const cd zk = z[k % h], zc = std::conj(z[(h - k) % h]);
    const cd even = 0.5 * (zk + zc), odd = cd(0, -0.5) * (zk - zc);  // spectra of x_{2j} and of x_{2j+1}
    out[k] = even + twiddles_[k] * odd;
  }
  return out;
}

std::vector<double> RealFft::inverse(const std::vector<cd>& spectrum) const {
  const std::size_t h = n_ / 2;
  auto bin = [&](std::size_t k) {
    cd v = k < spectrum.size() ? spectrum[k] : cd(0, 0);
    if (k == 0 || (n_ % 2 == 0 && k == h)) v = cd(v.real(), 0);
    return v;
  };
  std::vector<double> out(n_);
  if (n_ % 2 == 1) {
    std::vector<cd> z(n_);
    for (std::size_t k = 0; k <= h; ++k) z[k] = bin(k);
    for (std::size_t k = 1; k <= h; ++k) z[n_ - k] = std::conj(z[k]);
    complex_.inverse(z);
    for (std::size_t j = 0; j < n_; ++j) out[j] = z[j].real();
    return out;
  }
  // The forward packing run backwards: even and odd spectra from X_k and conj(X_{h−k}), then Z = E + iO.
  std::vector<cd> z(h);
  for (std::size_t k = 0; k < h; ++k) {
    const cd xk = bin(k), xc = std::conj(bin(h - k));
    const cd even = 0.5 * (xk + xc), odd = 0.5 * (xk - xc) * std::conj(twiddles_[k]);
    z[k] = even + cd(0, 1) * odd;
  }
  complex_.inverse(z);
  for (std::size_t j = 0; j < h; ++j) {
    out[2 * j] = z[j].real();
    out[2 * j + 1] = z[j].imag();
  }
  return out;
}

}  // namespace aca::numerics
