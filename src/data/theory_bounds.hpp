#pragma once
// Closed-form lower bounds on collective success (Hardt et al. 2023; ../shared/literature.md §1).

namespace aca::data {

/// Feature-label strategy: S(α) ≥ 1 − ((1−α)/α)·Δ0·ξ − ε/(1−ε), clamped to [0, 1] (0 at α = 0).
double feature_label_bound(double alpha, double xi, double delta0, double eps_subopt = 0.0);

/// Feature-only strategy with P0(y*|x) ≥ p: S(α) ≥ 1 − ((1−p)/(p·α))·ξ − ε/(1−ε), clamped to [0, 1].
double feature_only_bound(double alpha, double xi, double p, double eps_subopt = 0.0);

/// Smallest α at which the feature-label bound reaches `target` (an upper bound on the critical mass α*);
/// +infinity when the target is out of reach (target ≥ 1 − ε/(1−ε)).
double feature_label_critical_mass(double target, double xi, double delta0, double eps_subopt = 0.0);

}  // namespace aca::data
