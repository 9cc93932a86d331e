#include "data/gradient_cancel.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "data/gradient_cancel_program.hpp"

namespace aca::data {

namespace {

double dot_tilde(const std::vector<double>& theta, const std::vector<double>& x) {
  double z = theta[x.size()];
  for (std::size_t j = 0; j < x.size(); ++j) z += theta[j] * x[j];
  return z;
}
double sigmoid(double z) { return z >= 0 ? 1.0 / (1.0 + std::exp(-z)) : std::exp(z) / (1.0 + std::exp(z)); }
double norm(const std::vector<double>& v) {
  double s = 0;
  for (double e : v) s += e * e;
  return std::sqrt(s);
}

// A continuous plan: member shares w at locations x with mean gradient coefficient β (so Σ β_j x̃_j = G).
struct Site {
  std::vector<double> x;
  double w = 0.0;     // share of members
  double beta = 0.0;  // w · (mean coefficient at x)
};

// Coefficient range of one member at x: logistic [σ − 1, σ]; least squares unbounded.
struct Model {
  const std::vector<double>& theta;
  bool logistic;
  double lo(const std::vector<double>& x) const { return logistic ? sigmoid(dot_tilde(theta, x)) - 1.0 : -1e300; }
  double hi(const std::vector<double>& x) const { return logistic ? sigmoid(dot_tilde(theta, x)) : 1e300; }
};

bool inside(const std::vector<double>& x, double lower, double upper) {
  return std::all_of(x.begin(), x.end(), [&](double v) { return v >= lower && v <= upper; });
}

// One site at x = G_x / G_b (or the box centre when G = 0).
std::optional<std::vector<Site>> one_site(const std::vector<double>& G, const Model& m, double lower, double upper) {
  const std::size_t d = G.size() - 1;
  std::vector<double> x(d, std::clamp(0.0, lower, upper));
  if (norm(G) > 0) {
    if (std::abs(G[d]) < 1e-12 * norm(G)) return std::nullopt;
    for (std::size_t j = 0; j < d; ++j) x[j] = G[j] / G[d];
    if (!inside(x, lower, upper)) return std::nullopt;
  }
  if (G[d] < m.lo(x) || G[d] > m.hi(x)) return std::nullopt;
  return std::vector<Site>{Site{x, 1.0, G[d]}};
}

// Two sites x2 (anchor) and x1 = x2 + D/β1 with D = G_x − G_b·x2, so β1·x̃1 + (G_b − β1)·x̃2 = G. The
// coefficients may have opposite signs, which reaches targets outside the box. Scans |β1| on a geometric grid
// from the smallest value that keeps x1 in the box, for both signs and two anchors.
std::optional<std::vector<Site>> two_sites(const std::vector<double>& G, const Model& m, double lower, double upper) {
  const std::size_t d = G.size() - 1;
  const double centre = std::isfinite(lower + upper) && std::abs(lower) < 1e29 && std::abs(upper) < 1e29
                            ? (lower + upper) / 2 : std::clamp(0.0, lower, upper);
  std::vector<std::vector<double>> anchors{std::vector<double>(d, centre)};
  if (std::abs(G[d]) > 0) {
    std::vector<double> a(d);
    for (std::size_t j = 0; j < d; ++j) a[j] = std::clamp(G[j] / G[d], lower, upper);
    anchors.push_back(a);
  }
  for (const auto& x2 : anchors) {
    std::vector<double> D(d);
    for (std::size_t j = 0; j < d; ++j) D[j] = G[j] - G[d] * x2[j];
    for (double sign : {1.0, -1.0}) {
      // Smallest |β1| with x2 + D/β1 inside the box, coordinate by coordinate.
      double bmin = 0.0;
      bool possible = true;
      for (std::size_t j = 0; j < d && possible; ++j) {
        if (D[j] == 0) continue;
        const double room = sign * D[j] > 0 ? upper - x2[j] : x2[j] - lower;
        if (room <= 0) possible = false;
        else bmin = std::max(bmin, std::abs(D[j]) / room);
      }
      if (!possible) continue;
      bmin = std::max(bmin, 1e-12);
      if (!m.logistic) {
        // Least squares: coefficients are free, so the smallest |β1| works with an even split of members.
        std::vector<double> x1(d);
        for (std::size_t j = 0; j < d; ++j) x1[j] = std::clamp(x2[j] + D[j] / (sign * bmin), lower, upper);
        return std::vector<Site>{Site{x1, 0.5, sign * bmin}, Site{x2, 0.5, G[d] - sign * bmin}};
      }
      if (bmin >= 1.0) continue;
      for (int k = 0; k <= 200; ++k) {
        const double b1 = sign * bmin * std::pow(1.0 / bmin, k / 200.0) * (k == 200 ? 0.999999 : 1.0);
        std::vector<double> x1(d);
        for (std::size_t j = 0; j < d; ++j) x1[j] = std::clamp(x2[j] + D[j] / b1, lower, upper);
        // Least squares: responses are free, so the members split evenly.
        double w1 = 0.5;
        if (m.logistic) w1 = b1 > 0 ? b1 / m.hi(x1) : b1 / m.lo(x1);
        if (!(w1 > 0 && w1 <= 1)) continue;
        const double w2 = 1.0 - w1, b2 = G[d] - b1;
        if (w2 <= 0 ? std::abs(b2) > 1e-15 : (b2 < w2 * m.lo(x2) || b2 > w2 * m.hi(x2))) continue;
        return std::vector<Site>{Site{x1, w1, b1}, Site{x2, w2, b2}};
      }
    }
  }
  return std::nullopt;
}

// Beyond ±kProgramBox the linear program's columns would span too many orders of magnitude; an unbounded box is
// cut there (a plan that needs points further out is reported as out of reach).
constexpr double kProgramBox = 1e6;

// The program's points as sites: the two labels at one location merge into one site (β = Σ share·(σ − label)).
std::vector<Site> sites_of(const CancelMix& mix, const std::vector<double>& theta) {
  std::vector<Site> sites;
  for (const MixPoint& pt : mix.points) {
    const double beta = pt.share * (sigmoid(dot_tilde(theta, pt.x)) - pt.label);
    auto same = std::find_if(sites.begin(), sites.end(), [&](const Site& s) { return s.x == pt.x; });
    if (same == sites.end()) sites.push_back(Site{pt.x, pt.share, beta});
    else same->w += pt.share, same->beta += beta;
  }
  return sites;
}

std::optional<std::vector<Site>> sites_for(const std::vector<double>& G, const Model& m, double lower, double upper) {
  if (auto s = one_site(G, m, lower, upper)) return s;
  return two_sites(G, m, lower, upper);
}

GradientCancelPlan plan(const std::vector<double>& rest_sum, std::int64_t n_rest, std::int64_t n_members,
                        const std::vector<double>& theta, double lower, double upper, bool logistic) {
  GradientCancelPlan p;
  if (n_members <= 0) {
    p.message = "the collective has no members";
    return p;
  }
  const Model m{theta, logistic};
  p.t_required = static_cast<double>(n_rest) / static_cast<double>(n_members);
  // Mean gradient the members need for a given t: G(t) = −t·r, r the rest's mean gradient.
  std::vector<double> r = rest_sum;
  for (double& v : r) v /= std::max<std::int64_t>(n_rest, 1);
  auto target = [&](double t) {
    std::vector<double> G = r;
    for (double& v : G) v *= -t;
    return G;
  };
  std::optional<std::vector<Site>> sites = sites_for(target(p.t_required), m, lower, upper);
  if (sites) {
    p.feasible = true;
    p.t_best = p.t_required;
  } else if (logistic && norm(r) > 0) {
    // The one- and two-point constructions are sufficient, not necessary: the linear program decides.
    const CancelMix mix = best_logistic_mix(r, theta, std::max(lower, -kProgramBox), std::min(upper, kProgramBox),
                                            p.t_required);
    p.t_best = mix.t;
    p.feasible = mix.t >= p.t_required * (1 - 1e-9);
    if (!p.feasible)
      p.message = "no reported points within the bounds [" + std::to_string(lower) + ", " + std::to_string(upper) +
                  "] reach t = " + std::to_string(p.t_required) + "; the best attainable is t = " +
                  std::to_string(p.t_best) + (p.t_best > 0 ? " (the collective is too small for this θ*)" : "");
    if (mix.points.empty()) {
      p.residual = 1.0;
      return p;
    }
    sites = sites_of(mix, theta);
  } else {
    // The reachable t form an interval from 0 for the one-site construction; bisect for its end.
    double lo = 0.0, hi = p.t_required;
    sites = sites_for(target(0.0), m, lower, upper);
    for (int it = 0; it < 50 && sites; ++it) {
      const double mid = (lo + hi) / 2;
      if (auto s = sites_for(target(mid), m, lower, upper)) lo = mid, sites = s;
      else hi = mid;
    }
    p.t_best = sites ? lo : 0.0;
    p.message = "no reported points within the bounds [" + std::to_string(lower) + ", " + std::to_string(upper) +
                "] reach t = " + std::to_string(p.t_required) + "; the best attainable is t = " + std::to_string(p.t_best) +
                (p.t_best > 0 ? " (the collective is too small for this θ*)" : "");
    if (!sites || p.t_best == 0.0) {
      p.residual = 1.0;
      return p;
    }
  }
  // Whole members: round the shares, then each site's label split (logistic) or response (least squares).
  std::vector<double> total = rest_sum;
  std::int64_t assigned = 0;
  bool site_lost = false;  // a site that needed members got none after rounding
  const auto n_sites = static_cast<std::int64_t>(sites->size());
  for (std::size_t s = 0; s < sites->size(); ++s) {
    const Site& site = (*sites)[s];
    CancelPoint cp;
    cp.x.assign(site.x.begin(), site.x.end());
    const auto later = n_sites - static_cast<std::int64_t>(s) - 1;
    cp.members = later == 0 ? n_members - assigned : std::llround(site.w * static_cast<double>(n_members));
    // Least squares: responses absorb any split, so each site keeps at least one member when there are enough.
    if (!logistic && later > 0 && n_members >= n_sites)
      cp.members = std::clamp<std::int64_t>(cp.members, 1, n_members - assigned - later);
    assigned += cp.members;
    if (cp.members <= 0) {
      site_lost = site_lost || site.beta != 0.0;
      continue;
    }
    std::vector<double> xf(cp.x.begin(), cp.x.end());  // the float-rounded location actually reported
    double coef_sum = 0.0;                              // Σ over this site's members of their coefficient
    const double per_member = site.beta * static_cast<double>(n_members) / static_cast<double>(cp.members);
    if (logistic) {
      const double sg = sigmoid(dot_tilde(theta, xf));
      const double q = std::clamp(per_member + 1.0 - sg, 0.0, 1.0);
      cp.label0 = std::llround(q * static_cast<double>(cp.members));
      coef_sum = static_cast<double>(cp.label0) - static_cast<double>(cp.members) * (1.0 - sg);
    } else {
      cp.response = dot_tilde(theta, xf) - per_member;
      coef_sum = per_member * static_cast<double>(cp.members);
    }
    for (std::size_t j = 0; j < xf.size(); ++j) total[j] += coef_sum * xf[j];
    total[xf.size()] += coef_sum;
    p.points.push_back(std::move(cp));
  }
  const double base = norm(rest_sum);
  p.residual = base > 0 ? norm(total) / base : norm(total);
  if (site_lost && p.feasible) {
    p.feasible = false;
    p.message = "the plan reports " + std::to_string(n_sites) + " distinct points but the collective has only " +
                std::to_string(n_members) + " member rows to report them (residual " + std::to_string(p.residual) + ")";
  }
  return p;
}

}  // namespace

std::vector<double> logistic_gradient_sum(const float* x, const std::int64_t* y, std::int64_t n, std::int64_t d,
                                          const std::vector<double>& theta) {
  std::vector<double> g(static_cast<std::size_t>(d + 1), 0.0);
  std::vector<double> row(static_cast<std::size_t>(d));
  for (std::int64_t i = 0; i < n; ++i) {
    std::copy(x + i * d, x + (i + 1) * d, row.begin());
    const double gamma = sigmoid(dot_tilde(theta, row)) - static_cast<double>(y[i]);
    for (std::int64_t j = 0; j < d; ++j) g[static_cast<std::size_t>(j)] += gamma * row[static_cast<std::size_t>(j)];
    g[static_cast<std::size_t>(d)] += gamma;
  }
  return g;
}

std::vector<double> linear_gradient_sum(const float* x, const float* y, std::int64_t n, std::int64_t d,
                                        const std::vector<double>& theta) {
  std::vector<double> g(static_cast<std::size_t>(d + 1), 0.0);
  std::vector<double> row(static_cast<std::size_t>(d));
  for (std::int64_t i = 0; i < n; ++i) {
    std::copy(x + i * d, x + (i + 1) * d, row.begin());
    const double rho = dot_tilde(theta, row) - static_cast<double>(y[i]);
    for (std::int64_t j = 0; j < d; ++j) g[static_cast<std::size_t>(j)] += rho * row[static_cast<std::size_t>(j)];
    g[static_cast<std::size_t>(d)] += rho;
  }
  return g;
}

GradientCancelPlan plan_logistic_cancel(const std::vector<double>& rest_sum, std::int64_t n_rest, std::int64_t n_members,
                                        const std::vector<double>& theta, double lower, double upper) {
  return plan(rest_sum, n_rest, n_members, theta, lower, upper, true);
}

GradientCancelPlan plan_linear_cancel(const std::vector<double>& rest_sum, std::int64_t n_rest, std::int64_t n_members,
                                      const std::vector<double>& theta, double lower, double upper) {
  return plan(rest_sum, n_rest, n_members, theta, lower, upper, false);
}

}  // namespace aca::data
