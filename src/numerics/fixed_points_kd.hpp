#pragma once
// Fixed points α = F(α) of the joint participation map of K competing collectives on the simplex
// {α_k ≥ 0, Σ α_k ≤ hi_sum}, with their stability under α_{t+1} = F(α_t) from the Jacobian's eigenvalues.
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace aca::numerics {

/// A point (α_1, …, α_K) of the joint participation space.
using PointK = std::vector<double>;

/// A map of the joint participation space (the shares choosing each collective).
using MapK = std::function<PointK(const PointK&)>;

/// One isolated fixed point of a K-dimensional map.
struct FixedPointK {
  PointK alpha;                        ///< location
  std::vector<double> jacobian;        ///< F' row-major, K×K
  std::vector<double> eigen_modulus;   ///< moduli of F's eigenvalues, largest first
  double spectral_radius = 0.0;        ///< the largest modulus
  bool complex_eigenvalues = false;    ///< some eigenvalue has an imaginary part (the dynamics rotate)
  std::string stability;               ///< stable, saddle, unstable or neutral (see classify_fixed_point)
};

/// Options of find_fixed_points_kd.
struct FixedPointKOptions {
  double hi = 1.0;              ///< every coordinate lies in [0, hi] (the largest α a measured S covers)
  double hi_sum = 1.0;          ///< and Σ α_k ≤ hi_sum (agents join at most one collective)
  std::size_t starts = 10;      ///< starts on the simplex lattice of step hi/starts per coordinate
  double damping = 0.5;         ///< damped iteration α ← (1 − d)α + d F(α) before Newton
  std::size_t damped_steps = 200;  ///< damped iterations from each start (they find the stable points)
  double step = 1e-6;           ///< finite-difference step of the Jacobian
  double residual = 1e-10;      ///< accept a limit when max_k |F_k(α) − α_k| ≤ residual
  double merge = 1e-6;          ///< limits closer than this (max norm) are one fixed point
  double neutral_band = 1e-6;   ///< | |λ| − 1 | ≤ neutral_band is classified neutral
};

/// Isolated fixed points of F on the simplex, sorted lexicographically. From every start of a simplex lattice
/// Newton's method on F(α) − α (numerical Jacobian, iterates projected back onto the simplex) finds fixed points
/// of any stability, and a damped iteration followed by Newton finds the stable ones Newton may jump past (a map
/// with steps, such as a finite population's). Limits with a small residual are merged and classified. Continua of
/// fixed points appear as several points; a fixed point whose Newton basin holds no start can be missed.
std::vector<FixedPointK> find_fixed_points_kd(const MapK& F, std::size_t K, const FixedPointKOptions& options = {});

/// Numerical Jacobian F'(α), row-major (central differences, one-sided where a step would leave [0, hi]).
std::vector<double> numerical_jacobian_kd(const MapK& F, const PointK& alpha, double step, double hi);

/// Eigenvalue moduli, spectral radius and stability of a fixed point from its Jacobian: stable when every modulus
/// is below 1, unstable when every one is above, saddle when some are on each side, neutral when one is within
/// `band` of 1.
void classify_fixed_point(FixedPointK& p, double band);

/// The points of the simplex lattice {α_k = i_k·hi/n, Σ α_k ≤ hi_sum}, in lexicographic order of the i_k.
std::vector<PointK> simplex_lattice(std::size_t K, std::size_t n, double hi, double hi_sum);

}  // namespace aca::numerics
