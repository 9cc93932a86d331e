#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "config/scenario.hpp"
#include "run_folder/json_file.hpp"
#include "sim/joint_lattice.hpp"
#include "sim/world.hpp"
#include "support/run_into.hpp"

namespace fs = std::filesystem;
using namespace aca;

namespace {

const std::string three = std::string(ACASIM_SOURCE_DIR) + "/scenarios/three_collectives.toml";

using Metrics = std::map<std::pair<std::string, std::string>, std::map<long, double>>;

// metrics.csv as (metric, collective) → value per round.
Metrics metrics(const fs::path& dir) {
  Metrics m;
  std::ifstream in(dir / "metrics.csv");
  REQUIRE(in);
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::vector<std::string> c;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) c.push_back(cell);
    m[{c[2], c[1]}][std::stol(c[0])] = std::strtod(c[3].c_str(), nullptr);
  }
  return m;
}

// The largest replicate spread (upper − lower) per collective at the lattice points around α: the corners of the cell
// of the surface's own grid that holds α (one point per axis where α_k is on the grid), each read through the surface.
std::vector<double> corner_spread(sim::JointLattice& lattice, const std::vector<double>& alpha) {
  const std::vector<double>& g = lattice.alphas();
  std::vector<std::vector<double>> axes;
  for (double a : alpha) {
    auto up = std::lower_bound(g.begin(), g.end(), a);
    if (up == g.end()) --up;
    axes.push_back({*up});
    if (*up != a && up != g.begin()) axes.back().push_back(*std::prev(up));
  }
  std::vector<double> spread(alpha.size(), 0.0);
  for (std::size_t c = 0; c < (std::size_t{1} << alpha.size()); ++c) {
    std::vector<double> corner;
    for (std::size_t k = 0; k < alpha.size() && ((c >> k) & 1U) < axes[k].size(); ++k)
      corner.push_back(axes[k][(c >> k) & 1U]);
    if (corner.size() != alpha.size()) continue;
    const sim::JointSuccess s = lattice(corner);
    for (std::size_t k = 0; k < alpha.size(); ++k) spread[k] = std::max(spread[k], s.upper[k] - s.lower[k]);
  }
  return spread;
}

// The smallest count c with P(Binomial(n, p) < c) ≤ 0.001: fewer hits than c would happen once in a thousand runs.
int binomial_floor(int n, double p) {
  double below = 0.0;  // P(X < c)
  for (int c = 0; c <= n; ++c) {
    const double pc = std::exp(std::lgamma(n + 1.0) - std::lgamma(c + 1.0) - std::lgamma(n - c + 1.0) +
                               c * std::log(p) + (n - c) * std::log1p(-p));
    if (below + pc > 0.001) return c;
    below += pc;
  }
  return n;
}

// How often a run's successes lie within the surface's band at the run's own states, per collective and round.
struct Coverage {
  int n = 0, in_band = 0, in_widened = 0;  ///< comparisons; within [lo, hi]; within [lo − d, hi + d]
  std::string table;                       ///< one line per comparison, for the failure message
};

// Each round's state α(t) of `run`, its success S_k(t) against the band the surface gives at α(t), raw and widened by
// the largest replicate spread d at the corners of α(t)'s cell.
Coverage band_coverage(sim::JointLattice& lattice, const Metrics& run, const std::vector<std::string>& names) {
  const double fp = 1e-9;  // interpolating bands of 1.0 may round just past 1.0
  Coverage c;
  for (const auto& [t, unused] : run.at({"alpha", names[0]})) {
    std::vector<double> a;
    for (const auto& name : names) a.push_back(run.at({"alpha", name}).at(t));
    const sim::JointSuccess band = lattice(a);
    const std::vector<double> d = corner_spread(lattice, a);
    for (std::size_t k = 0; k < names.size(); ++k) {
      const double s = run.at({"success", names[k]}).at(t);
      const bool raw = s >= band.lower[k] - fp && s <= band.upper[k] + fp;
      const bool wide = s >= band.lower[k] - d[k] - fp && s <= band.upper[k] + d[k] + fp;
      ++c.n;
      c.in_band += raw;
      c.in_widened += wide;
      char row[200];
      std::snprintf(row, sizeof row, "t=%ld %s alpha=%.4f S=%.4f band=[%.4f, %.4f] spread=%.4f %s\n", t,
                    names[k].c_str(), a[k], s, band.lower[k], band.upper[k], d[k],
                    raw ? "in" : wide ? "widened" : "OUT");
      c.table += row;
    }
  }
  return c;
}

// The first round of `b` from which every share of `a` stays within `tolerance` of b's to b's last round; −1 if none.
long agree_from(const Metrics& a, const Metrics& b, const std::vector<std::string>& names, double tolerance) {
  long from = -1;
  for (const auto& [t, unused] : b.at({"alpha", names[0]})) {
    bool close = a.at({"alpha", names[0]}).count(t) > 0;
    for (const auto& c : names)
      close = close && std::fabs(a.at({"alpha", c}).at(t) - b.at({"alpha", c}).at(t)) <= tolerance;
    if (!close) from = -1;
    else if (from < 0) from = t;
  }
  return from;
}

}  // namespace

TEST_CASE("the joint surface trains a state on the lattice alone, a state between points at the corners of its "
          "cell, interpolates linearly between them, and a second surface reads every training from the cache",
          "[joint_lattice]") {
  const fs::path cache = fs::temp_directory_path() / "acasim_lattice_cache";
  fs::remove_all(cache);
  const config::Scenario scenario = config::load_scenario(three);
  const sim::World w = sim::make_world(scenario);
  sim::JointLattice lattice(w, cache, false);

  const sim::JointSuccess at_grid = lattice({0.02, 0.02, 0.02});
  CHECK(lattice.count().points == 1);
  CHECK(lattice.count().trained == 2);  // replicates = 2
  CHECK(lattice.count().full_grid == 6 * 6 * 6 * 2);
  for (std::size_t k = 0; k < 3; ++k) {
    CHECK(at_grid.lower[k] <= at_grid.mean[k]);
    CHECK(at_grid.mean[k] <= at_grid.upper[k]);
  }

  // α_1 = 0.05 lies between the grid's 0.02 and 0.1 (weight 3/8 on 0.1): one more point, two more trainings.
  const sim::JointSuccess between = lattice({0.05, 0.02, 0.02});
  CHECK(lattice.count().points == 2);
  CHECK(lattice.count().trained == 4);
  const sim::JointSuccess upper_corner = lattice({0.1, 0.02, 0.02});
  CHECK(lattice.count().trained == 4);
  for (std::size_t k = 0; k < 3; ++k)
    CHECK(between.mean[k] == Approx(0.625 * at_grid.mean[k] + 0.375 * upper_corner.mean[k]).margin(1e-12));

  sim::JointLattice again(w, cache, false);
  const sim::JointSuccess cached = again({0.05, 0.02, 0.02});
  CHECK(again.count().trained == 0);
  CHECK(again.count().from_cache == 4);
  for (std::size_t k = 0; k < 3; ++k) CHECK(cached.mean[k] == between.mean[k]);
}

TEST_CASE("three collectives on synthetic data: at the learned run's own states the learned successes lie within "
          "the surface's replicate band as often as its replicates allow, and after the transient the response-surface "
          "run's trajectory stays within the α noise of the learned one",
          "[joint_lattice][competition]") {
  const auto learned = run_into("three_collectives.toml", "acasim_lattice_learned",
                                {{"simulation.mode", "\"learned\""}, {"simulation.rounds", "12"}});
  const auto surface = run_into("three_collectives.toml", "acasim_lattice_rc", {{"simulation.rounds", "12"}});
  const auto m = metrics(fs::temp_directory_path() / "acasim_lattice_rc");
  const auto ml = metrics(fs::temp_directory_path() / "acasim_lattice_learned");
  const std::vector<std::string>& names = surface.collectives;

  // The fair comparison, round by round: the learned run trained once at its own state α^L(t) and measured S^L_k(t);
  // the surface run's own surface (read back from its cache; the lattice trains any corner it lacks) gives the band
  // [lo_k, hi_k] at that same state. With R = 2 replicates per lattice point, for i.i.d. continuous successes:
  //   - the band of two draws covers a third with probability exactly (R−1)/(R+1) = 1/3;
  //   - the band widened on each side by its own range covers it with probability exactly 2/3 (the third draw is
  //     the largest or the smallest with probability 2/3; it is then outside iff its gap to the nearer draw exceeds
  //     the gap between the two, and the two gaps are each the larger one with probabilities that sum to 1);
  //   - widening by the largest spread at the corners of α's cell covers at least that often at a lattice point.
  // So per comparison (collective × round) the raw band covers with p ≥ 1/3 and the widened band with p ≥ 2/3, and
  // the number covered is checked against the 0.1 % tail of Binomial(n, p). Comparisons in the same cell share its
  // replicates, so they are positively correlated: the binomial tail is the bound for independent cells, and the
  // widened band's 2/3 ignores the interpolation error between corners. Measured (seed 11, 12 rounds, 36
  // comparisons): 16 within the raw band (floor 4), 29 within the widened band (floor 15); every corner the learned
  // trajectory visits was already trained by the surface run (0 new trainings). Outside even the widened band:
  // round 0 (the lattice point (0.02, 0.02, 0.02) itself: left 0.910 against [0.067, 0.482] ± 0.415, right 0.026
  // against [0.071, 0.094] ± 0.023, third 0.529 against [0.663, 0.754] ± 0.091) and right at rounds 5, 8, 10, 11
  // (0.038, 0.042, 0.027, 0.104 against about [0.003, 0.009] ± 0.012 near (0.5, 0, 0.5)). Neither is the surface
  // being wrong: 24 replicates at (0.02, 0.02, 0.02) range over 0.05–0.96 for left, 0.03–0.22 for right and
  // 0.51–0.77 for third, and at (0.5, 0, 0.5) over 0.000–0.133 for right (a JointLattice with alphas [0, 0.02, 0.5, 1]
  // and 24 replicates; ensemble_size 1 and 64 give the same values): two replicates understate the spread.
  const config::Scenario sc = config::load_scenario(three, {{"simulation.rounds", "12"}});
  const sim::World w = sim::make_world(sc);
  sim::JointLattice lattice(w, fs::temp_directory_path() / "acasim_lattice_rc-cache", false);
  const Coverage c = band_coverage(lattice, ml, names);
  INFO(c.table);
  CHECK(c.n == 36);
  CHECK(c.in_band >= binomial_floor(c.n, 1.0 / 3.0));
  CHECK(c.in_widened >= binomial_floor(c.n, 2.0 / 3.0));

  // The trajectories themselves. Same seed, same start: round 0 has the same memberships in both modes. Then they
  // legitimately part: the learned run's one training at (0.02, 0.02, 0.02) gave left 0.910 (a draw from 0.05–0.96)
  // where the surface uses the replicate mean 0.27, so at round 1 the learned run has left 0.615, third 0.007 and the
  // surface run left 0.005, third 0.440; the gap closes over rounds 2–6 (|Δα_left| 0.82, 0.67, 0.47, 0.20, 0.063),
  // and from round 6 on they stay within the tolerance below (measured: within 0.063 at round 6, 0.015 from round 7).
  // Tolerance: each run's α carries sampling noise of at most 1/(2√N) per round (N = 2000), three standard
  // deviations for each run; plus the band's effect there, where S_k is within 0.01 of 0 or 1 (left's and third's
  // bands are ≤ 0.001 wide, right's ≤ 0.006: with costs uniform on [0.2, 1] and inertia 0.3 a change ΔS moves the
  // share by about 0.7 ΔS / 0.8 < 0.01).
  const double noise = 1.0 / (2.0 * std::sqrt(2000.0));
  const double tolerance = 2 * 3 * noise + 0.01;
  for (const auto& name : names) CHECK(m.at({"alpha", name}).at(0) == ml.at({"alpha", name}).at(0));
  const long from = agree_from(m, ml, names, tolerance);
  INFO("the trajectories agree from round " << from);
  CHECK(from >= 0);
  CHECK(from <= 8);  // at least the last 4 of 12 rounds
  for (std::size_t k = 0; k < names.size(); ++k)
    CHECK(std::fabs(surface.final_alpha[k] - learned.final_alpha[k]) <= tolerance);
  // The manifest counts the surface's trainings: those of the rounds, all of them, never more than the full grid.
  const run_folder::Json j =
      run_folder::read_json_file(fs::temp_directory_path() / "acasim_lattice_rc" / "manifest.json").at("joint_trainings");
  CHECK(j.at("full_grid").get<std::size_t>() == 432);
  CHECK(j.at("trained_for_rounds").get<std::size_t>() > 0);
  CHECK(j.at("trained_for_rounds").get<std::size_t>() <= j.at("trained").get<std::size_t>());
  CHECK(j.at("trained").get<std::size_t>() == 2 * j.at("lattice_points").get<std::size_t>());
  CHECK(j.at("trained").get<std::size_t>() <= 432);
}

TEST_CASE("with four collectives the manifest counts the joint surface's trainings against the 6^4 grid's",
          "[joint_lattice]") {
  // three_collectives.toml with a fourth collective on a mark of its own (a TOML array of tables may go on at the
  // end of the file).
  std::ifstream in(three);
  std::stringstream text;
  text << in.rdbuf()
       << "\n[[collective]]\nname = \"fourth\"\nstrategy = \"feature_label\"\ntarget = 0\n"
          "[collective.signal]\nkind = \"feature_set\"\nfeatures = [4, 5]\nvalues = [3.0, 3.0]\n";
  const fs::path dir = fs::temp_directory_path() / "acasim_lattice_four";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path file = dir / "four.toml";
  std::ofstream(file) << text.str();
  sim::RunOptions o;
  o.out_dir = dir / "run";
  o.cache_dir = dir / "cache";
  const auto s = sim::run(config::load_scenario(file, {{"population.initial_members", "[40, 40, 40, 40]"},
                                                       {"simulation.rounds", "3"}}), o);
  REQUIRE(s.collectives.size() == 4);
  const run_folder::Json j = run_folder::read_json_file(o.out_dir / "manifest.json").at("joint_trainings");
  CHECK(j.at("full_grid").get<std::size_t>() == 6 * 6 * 6 * 6 * 2);
  CHECK(j.at("trained_for_rounds").get<std::size_t>() > 0);
  CHECK(j.at("trained").get<std::size_t>() == 2 * j.at("lattice_points").get<std::size_t>());
  CHECK(j.at("trained").get<std::size_t>() < j.at("full_grid").get<std::size_t>());
  // Every joint equilibrium is a state of all four collectives on the simplex.
  REQUIRE(s.joint_equilibria);
  for (const auto& e : *s.joint_equilibria) {
    REQUIRE(e.alpha.size() == 4);
    CHECK(e.alpha[0] + e.alpha[1] + e.alpha[2] + e.alpha[3] <= 1.0 + 1e-9);
  }
}
