#pragma once
// Closed-form bounds on collective success (Hardt et al. 2023; Gauthier et al. 2025; group privacy).
#include <cstddef>
#include <cstdint>
#include <vector>

namespace aca::data {

/// Feature-label strategy: S(α) ≥ 1 − ((1−α)/α)·Δ0·ξ − ε/(1−ε), clamped to [0, 1] (0 at α = 0).
double feature_label_bound(double alpha, double xi, double delta0, double eps_subopt = 0.0);

/// Feature-only strategy with P0(y*|x) ≥ p: S(α) ≥ 1 − ((1−p)/(p·α))·ξ − ε/(1−ε), clamped to [0, 1].
double feature_only_bound(double alpha, double xi, double p, double eps_subopt = 0.0);

/// Smallest α at which the feature-label bound reaches `target` (an upper bound on the critical mass α*);
/// +infinity when the target is out of reach (target ≥ 1 − ε/(1−ε)).
double feature_label_critical_mass(double target, double xi, double delta0, double eps_subopt = 0.0);

/// Hoeffding radius R_δ(k) = sqrt(log(1/δ) / (2k)) (+infinity for k = 0).
double hoeffding_radius(double delta, double k);

/// Finite-sample feature-label bound of Gauthier, Bach & Jordan (ICML 2025; literature §2) for a collective
/// of n among N consumers, measured on n_test points:
/// Ŝ ≥ Σ_x P̂_D̃(x)·1[(n/N)(P̂_D̃(x) − 2R(n)) − ((N−n)/N)(Δ_x + 2R(n) + 2R(N−n)) − ε/(1−ε) > 0] − R(n) − R(n_test),
/// with R = R_δ̃, δ̃ = δ/(2 + 2|X*| + 2|X*||Y|). `collective_mass[c]` = P̂_D̃(x_c), the collective's empirical
/// mass on signal cell c; `delta_x[c]` = max_{y'≠y*} P̂(x_c, y') − P̂(x_c, y*) on the base data. Cells the
/// collective never reaches may be left out: `signal_cells` (≥ the cells listed; 0 = as many as listed) is
/// the |X*| of the union bound. Clamped to [0, 1].
double finite_sample_feature_label_bound(std::int64_t n, std::int64_t N, std::int64_t n_test,
                                         const std::vector<double>& collective_mass, const std::vector<double>& delta_x,
                                         std::size_t num_labels, double delta, double eps_subopt = 0.0,
                                         double signal_cells = 0.0);

/// Group-privacy sanity cap (literature §3): a collective of k members changes k records, so under (ε, δ)-DP
/// training Pr[success with it] ≤ e^{kε}·Pr[success without] + k·e^{(k−1)ε}·δ (clamped to 1).
double group_privacy_success_cap(double success_without, std::int64_t k, double epsilon, double delta);

}  // namespace aca::data
