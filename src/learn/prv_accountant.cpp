#include "learn/prv_accountant.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

#include "learn/accountant.hpp"
#include "numerics/real_fft.hpp"

namespace aca::learn {

namespace {

double upper_tail(double x) { return 0.5 * std::erfc(x / std::sqrt(2.0)); }  // 1 − Φ(x)

// With X ~ (1−q)N(0, σ²) + qN(1, σ²) and loss Y = log(1 − q + q e^{(2X−1)/(2σ²)}), Y ≤ t iff X ≤ σ²z + 1/2 with
// z = log((e^t − 1 + q)/q). Both tails are returned so that differences are taken where they do not cancel.
struct Tails {
  double cdf, sf;
};

Tails tails(double q, double sigma, double t) {
  if (t <= std::log1p(-q)) return {0.0, 1.0};
  const double z = std::log1p(std::expm1(t) / q);
  const double a = sigma * z - 1 / (2 * sigma), b = sigma * z + 1 / (2 * sigma);
  const double sf = q * upper_tail(a) + (1 - q) * upper_tail(b);
  const double cdf = q * upper_tail(-a) + (1 - q) * upper_tail(-b);
  return {cdf, sf};
}

// P(lo < Y ≤ hi) without cancellation: from the lower tail on the left half, from the upper tail on the right.
double mass(double q, double sigma, double lo, double hi) {
  const Tails a = tails(q, sigma, lo), b = tails(q, sigma, hi);
  return (b.cdf < 0.5) ? b.cdf - a.cdf : a.sf - b.sf;
}

double log_add(double x, double y) {
  const double a = std::min(x, y), b = std::max(x, y);
  return b + std::log1p(std::exp(a - b));
}

// E[Y | Y < t_max] by Simpson's rule in x, where the integrand L(x)·p(x) is smooth.
double truncated_mean(double q, double sigma, double t_max) {
  const double x_max = std::min(1 + 14 * sigma, sigma * sigma * std::log1p(std::expm1(t_max) / q) + 0.5);
  const double x_min = -14 * sigma;
  const int n = 200000;  // even
  const double h = (x_max - x_min) / n;
  const double c = 1 / (sigma * std::sqrt(2 * M_PI));
  auto f = [&](double x) {
    const double u = (2 * x - 1) / (2 * sigma * sigma);
    const double loss = log_add(std::log1p(-q), std::log(q) + u);
    const double dens = c * ((1 - q) * std::exp(-x * x / (2 * sigma * sigma)) +
                             q * std::exp(-(x - 1) * (x - 1) / (2 * sigma * sigma)));
    return loss * dens;
  };
  double s = f(x_min) + f(x_max);
  for (int i = 1; i < n; ++i) s += f(x_min + i * h) * (i % 2 ? 4 : 2);
  const double integral = s * h / 3;
  return integral / (1 - tails(q, sigma, t_max).sf);
}

struct Grid {
  double t_min, t_max, dt;
  std::int64_t size;
};

// Opacus's Domain.create_aligned: a symmetric mesh through 0 with an even number of points.
Grid aligned(double lo, double hi, double dt) {
  Grid g;
  g.t_min = std::floor(lo / dt) * dt;
  g.t_max = std::ceil(hi / dt) * dt;
  g.size = static_cast<std::int64_t>(std::llround((g.t_max - g.t_min) / dt)) + 1;
  if (g.size % 2 == 1) {
    ++g.size;
    g.t_max += dt;
  }
  g.dt = (g.t_max - g.t_min) / (g.size - 1);
  return g;
}

// Remark 5.6 of Gopi et al.: beyond ±L the composed loss has negligible mass, bounded through RDP.
double safe_domain(const std::vector<MechanismPhase>& phases, double eps_error, double delta_error) {
  std::int64_t total = 0;
  RdpAccountant all;
  for (const auto& p : phases) {
    all.add(p.sample_rate, p.noise_multiplier, p.steps);
    total += p.steps;
  }
  double l = all.epsilon(delta_error / 4).epsilon;
  for (const auto& p : phases)
    l = std::max(l, rdp_epsilon(p.sample_rate, p.noise_multiplier, 1, delta_error / (8.0 * total)).epsilon);
  return std::max(l, eps_error) + 3;
}

// The pmf of `steps` self-compositions of a pmf on the grid, back on the same grid: the DFT's `steps`-th power
// is the circular convolution power, and the roll re-centres it (Opacus's _compute_self_composition). The length is
// the grid's, g.size points, an even number but rarely a power of two; it must stay exactly that: wrapped mass lands
// where a circular convolution of that length puts it, and padding to a power of two would move it (and so ε).
// RealFft runs the DFT of any even length (by Bluestein's algorithm where half of it is not a power of two).
std::vector<double> self_compose(const std::vector<double>& pmf, std::int64_t steps, const numerics::RealFft& fft) {
  std::vector<std::complex<double>> f = fft.forward(pmf);
  for (auto& v : f) v = std::pow(v, static_cast<double>(steps));
  std::vector<double> c = fft.inverse(f);
  const auto n = static_cast<std::int64_t>(c.size());
  std::int64_t roll = steps - 1;
  if (steps % 2 == 0) roll += n / 2;
  roll %= n;
  std::rotate(c.begin(), c.end() - roll, c.end());  // c'[(i + roll) mod n] = c[i], as torch.roll
  return c;
}

// The centred window of g.size points of the linear convolution of two pmfs on the grid. The linear convolution
// has 2·size − 1 points, so a circular one of any length ≥ 2·size − 1 holds it without wrapping: a power of two is
// taken, where the radix-2 FFT runs directly; the result is that of Opacus's length 2·size.
std::vector<double> convolve_centred(const std::vector<double>& a, const std::vector<double>& b) {
  const std::size_t size = a.size();
  std::size_t n = 1;
  while (n < 2 * size - 1) n <<= 1;
  const numerics::RealFft fft(n);
  std::vector<std::complex<double>> fa = fft.forward(a);
  const std::vector<std::complex<double>> fb = fft.forward(b);
  for (std::size_t k = 0; k < fa.size(); ++k) fa[k] *= fb[k];
  const std::vector<double> full = fft.inverse(fa);
  const auto first = full.begin() + static_cast<std::ptrdiff_t>(size / 2 - 1);
  return std::vector<double>(first, first + static_cast<std::ptrdiff_t>(size));
}

}  // namespace

double prv_cdf(double q, double sigma, double t) { return tails(q, sigma, t).cdf; }

double prv_noise_multiplier_for(double target_epsilon, double delta, double q, std::int64_t steps,
                                double relative_tolerance) {
  if (!(target_epsilon > 0)) throw std::invalid_argument("prv_noise_multiplier_for: target epsilon must be > 0");
  if (std::isinf(target_epsilon)) return 0.0;  // ε = ∞ promises nothing: no noise is needed
  // Where the discretisation gives up (tiny σ: a huge loss domain) ε is certainly above any sensible target.
  auto eps = [&](double sigma) {
    try {
      return prv_epsilon({{q, sigma, steps}}, delta).upper;
    } catch (const std::runtime_error&) {
      return std::numeric_limits<double>::infinity();
    }
  };
  double lo = 0, hi = 10, eps_hi = std::numeric_limits<double>::infinity();
  while (eps_hi > target_epsilon) {
    hi *= 2;
    if (hi > max_calibrated_noise_multiplier)
      throw std::invalid_argument("privacy budget epsilon = " + std::to_string(target_epsilon) +
                                  " is too small to reach with any noise multiplier");
    eps_hi = eps(hi);
  }
  for (int it = 0; it < 200 && target_epsilon - eps_hi > relative_tolerance * target_epsilon; ++it) {
    const double mid = 0.5 * (lo + hi);
    const double e = eps(mid);
    if (e < target_epsilon) {
      hi = mid;
      eps_hi = e;
    } else {
      lo = mid;
    }
  }
  return hi;
}

PrvEpsilon prv_epsilon(const std::vector<MechanismPhase>& phases_in, double delta, double eps_error,
                       double delta_error) {
  if (!(delta > 0 && delta < 1)) throw std::invalid_argument("prv_epsilon: delta must be in (0, 1)");
  if (delta_error <= 0) delta_error = delta / 1000;
  std::vector<MechanismPhase> phases;
  for (const auto& p : phases_in) {
    if (p.steps <= 0) continue;
    if (!(p.sample_rate > 0 && p.sample_rate < 1) || !(p.noise_multiplier > 0))
      throw std::invalid_argument("prv_epsilon: needs 0 < q < 1 and sigma > 0");
    if (!phases.empty() && phases.back().sample_rate == p.sample_rate &&
        phases.back().noise_multiplier == p.noise_multiplier)
      phases.back().steps += p.steps;
    else
      phases.push_back(p);
  }
  if (phases.empty()) return {0, 0, 0};
  std::int64_t total = 0;
  for (const auto& p : phases) total += p.steps;

  const double L = safe_domain(phases, eps_error, delta_error);
  if (L > 600)
    throw std::runtime_error("prv accountant: the privacy loss domain ±" + std::to_string(L) +
                             " is too wide for double precision (epsilon is very large; use the rdp accountant)");
  const double mesh = eps_error / std::sqrt(total * std::log(12 / delta_error) / 2);
  const Grid g = aligned(-L, L, mesh);
  if (g.size > 400'000'000) throw std::runtime_error("prv accountant: the mesh would need too many points");

  const numerics::RealFft grid_fft(static_cast<std::size_t>(g.size));
  std::vector<double> composed;  // pmf of the running composition on the grid, shifted by `shift`
  double shift = 0;
  for (const auto& p : phases) {
    const double q = p.sample_rate, s = p.noise_multiplier;
    // Truncate to [t_min, t_max] and discretise: cell i holds the mass of (t_i − dt/2, t_i + dt/2].
    const double below = tails(q, s, g.t_min).cdf, above = tails(q, s, g.t_max).sf;
    const double kept = 1 - below - above;
    std::vector<double> pm(static_cast<std::size_t>(g.size));
    double mean_d = 0;
    for (std::int64_t i = 0; i < g.size; ++i) {
      const double t = g.t_min + i * g.dt;
      const double lo = std::max(t - g.dt / 2, g.t_min);
      double m;
      if (i == g.size - 1)
        m = (tails(q, s, lo).sf - above) / kept;  // the last cell takes everything up to t_max
      else
        m = (i == 0 ? mass(q, s, g.t_min, t + g.dt / 2) : mass(q, s, lo, t + g.dt / 2)) / kept;
      pm[i] = m;
      mean_d += t * m;
    }
    const double mean_shift = truncated_mean(q, s, g.t_max) - mean_d;
    if (std::abs(mean_shift) >= g.dt / 2)
      throw std::runtime_error("prv accountant: the discrete mean differs from the continuous mean by half a mesh "
                               "step or more (q = " + std::to_string(q) + ", sigma = " + std::to_string(s) +
                               "); use the rdp accountant");
    std::vector<double> c = self_compose(pm, p.steps, grid_fft);
    // Heterogeneous phases compose by linear convolution, keeping the centred window of the grid.
    composed = composed.empty() ? std::move(c) : convolve_centred(composed, c);
    shift += mean_shift * p.steps;
  }

  // δ(ε) = Σ_{t_i ≥ ε} p_i (1 − e^{ε − t_i}); with tail sums d1 = Σ_{j≥i} p_j and d2 = Σ_{j≥i} p_j e^{−t_j}.
  const double* p = composed.data();
  const std::int64_t n = g.size;
  std::vector<double> d1(n + 1, 0.0), d2(n + 1, 0.0), ts(n);
  for (std::int64_t i = n - 1; i >= 0; --i) {
    ts[i] = g.t_min + i * g.dt + shift;
    d1[i] = d1[i + 1] + p[i];
    d2[i] = d2[i + 1] + p[i] * std::exp(-ts[i]);
  }
  auto epsilon_at = [&](double target) {
    // First i with e^{t_i}·d2_i − d1_i ≥ −target (the sequence increases with i).
    std::int64_t lo = 0, hi = n;
    while (lo < hi) {
      const std::int64_t mid = (lo + hi) / 2;
      if (std::exp(ts[mid]) * d2[mid] - d1[mid] >= -target)
        hi = mid;
      else
        lo = mid + 1;
    }
    if (lo <= 0 || lo >= n) throw std::runtime_error("prv accountant: cannot compute epsilon on this domain");
    return std::log((d1[lo] - target) / d2[lo]);
  };
  PrvEpsilon out;
  out.upper = epsilon_at(delta - delta_error) + eps_error;
  out.lower = epsilon_at(delta + delta_error) - eps_error;
  out.estimate = epsilon_at(delta);
  return out;
}

}  // namespace aca::learn
