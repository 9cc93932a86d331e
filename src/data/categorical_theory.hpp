#pragma once
// Exact theory for the `categorical` source: the Bayes-optimal success S(α) by the rule of literature §1
// (f(x*) = y* iff α·P*(x*, y*) + (1−α)·P0(x*, y*) beats every other label), the signal's ξ, Δ0 and p,
// the closed-form bounds at the same α and the finite-sample bound at the realised n and N.
#include <cstdint>
#include <vector>

#include "data/collective_spec.hpp"

namespace aca::data {

class CategoricalModel;
struct Assembly;

/// The exact rule on a finite signal set of C cells: weight[c] = Pr_{x~P0}[g(x) = x_c] (the test law),
/// p0[c·labels + y] = P0(x_c, y), pstar[c·labels + y] = P*(x_c, y). Returns Σ_c weight[c]·1[f(x_c) = y*], where
/// f(x_c) = y* iff α·P*(x_c, y*) + (1−α)·P0(x_c, y*) > α·P*(x_c, y) + (1−α)·P0(x_c, y) for every y ≠ y* (ties fail).
double exact_bayes_success(double alpha, const std::vector<double>& weight, const std::vector<double>& p0,
                           const std::vector<double>& pstar, int labels, int target);

/// The signal set of an assign signal tabulated on the exact model (what exact_bayes_success needs).
struct SignalTable {
  std::vector<std::vector<int>> cells;  ///< every x with x_S = v
  std::vector<double> weight;           ///< Pr_{x~P0}[g(x) = cell]
  std::vector<double> p0;               ///< P0(cell, y), cells × labels
  std::vector<double> pstar;            ///< P*(cell, y) of the collective's strategy, cells × labels
};

/// Largest feature space |X| the exact theory enumerates (2^24 cells).
inline constexpr double max_exact_theory_cells = 16777216.0;

/// True when the exact theory covers collective `c` on `model`: an assign signal, strategy feature_label or
/// feature_only, one target label and |X| ≤ max_exact_theory_cells (what tabulate_signal accepts).
bool has_exact_theory(const CategoricalModel& model, const CollectiveSpec& c);

/// Tabulates collective `c` (assign signal; feature_label or feature_only) on `model`. Throws
/// std::invalid_argument for other signals / strategies or when |X| > 2^24 (the enumeration would be too big).
SignalTable tabulate_signal(const CategoricalModel& model, const CollectiveSpec& c);

/// Theory for one collective at one α.
struct CategoricalTheory {
  double alpha = 0.0;                ///< realised α
  double xi = 0.0;                   ///< P0(X*) of this collective's signal
  double delta0 = 0.0;               ///< max_{x∈X*} (max_y P0(y|x) − P0(y*|x))
  double p = 0.0;                    ///< min_x P0(y*|x)
  double exact_success = 0.0;        ///< Bayes-optimal success on the exact mixture (ε = 0)
  double feature_label_bound = 0.0;  ///< 1 − ((1−α)/α)·Δ0·ξ
  double feature_only_bound = 0.0;   ///< 1 − ((1−p)/(p·α))·ξ
};

/// Exact success and bounds for collective `c` at α.
CategoricalTheory categorical_theory(const CategoricalModel& model, const CollectiveSpec& c, double alpha);

/// Gauthier et al.'s finite-sample bound for feature-label collective k of an assembled categorical training set:
/// P̂_D̃ from the collective's rows, Δ_x from the other rows, n and N counted in rows; 0 for other strategies.
double finite_sample_bound(const Assembly& a, std::size_t k, const CollectiveSpec& c, std::int64_t n_test, double delta);

}  // namespace aca::data
