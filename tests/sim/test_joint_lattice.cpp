#include <catch2/catch.hpp>

#include <cmath>
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

// metrics.csv as (metric, collective) → value per round.
std::map<std::pair<std::string, std::string>, std::map<long, double>> metrics(const fs::path& dir) {
  std::map<std::pair<std::string, std::string>, std::map<long, double>> m;
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

TEST_CASE("three collectives on synthetic data: the response-surface run reaches the learned run's final state, "
          "and the learned successes there lie within the surface's replicate band widened by its largest spread",
          "[joint_lattice][competition]") {
  const auto learned = run_into("three_collectives.toml", "acasim_lattice_learned",
                                {{"simulation.mode", "\"learned\""}, {"simulation.rounds", "12"}});
  const auto surface = run_into("three_collectives.toml", "acasim_lattice_rc", {{"simulation.rounds", "12"}});
  const auto m = metrics(fs::temp_directory_path() / "acasim_lattice_rc");
  const auto ml = metrics(fs::temp_directory_path() / "acasim_lattice_learned");
  const double noise = 1.0 / (2.0 * std::sqrt(2000.0));  // sampling noise of α under the logit rule, N = 2000
  for (std::size_t k = 0; k < 3; ++k) {
    const std::string& c = surface.collectives[k];
    INFO(c);
    // Same seed, same start: round 0 has the same memberships in both modes.
    CHECK(m.at({"alpha", c}).at(0) == ml.at({"alpha", c}).at(0));
    // The transients differ (at α = 0.02 single trainings of left range from 0.07 to 0.9), the end does not:
    // within three standard deviations of the α noise of each run.
    CHECK(std::fabs(surface.final_alpha[k] - learned.final_alpha[k]) <= 2 * 3 * noise);
    // The learned success at the end lies within the surface's band at the end, widened by the largest replicate
    // spread the surface showed for this collective along the run.
    const auto& lo = m.at({"success_band_lower", c});
    const auto& hi = m.at({"success_band_upper", c});
    double spread = 0.0;
    for (const auto& [t, v] : lo) spread = std::max(spread, hi.at(t) - v);
    const long last = lo.rbegin()->first;
    CHECK(learned.final_success[k] >= lo.at(last) - spread);
    CHECK(learned.final_success[k] <= hi.at(last) + spread);
  }
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
