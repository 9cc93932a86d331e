#pragma once
// The joint success of K collectives, all present, S_k(α_1, …, α_K), estimated lazily: real trainings at the points
// of the lattice alphas^K (alphas = `[response_curve] alphas`) that the caller's states fall between, trained on
// first use with `replicates` replicates, cached on disk, interpolated multilinearly in between.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <vector>

#include "sim/world.hpp"
#include "util/rng.hpp"

namespace aca::sim {

/// S_k at one state: replicate mean and the band of the smallest and largest replicate, one entry per collective.
struct JointSuccess {
  std::vector<double> mean, lower, upper;
};

/// Trainings a JointLattice used, for the manifest.
struct LatticeCount {
  std::size_t points = 0;             ///< lattice points known (trained now or read from the cache)
  std::size_t trained = 0;            ///< trainings run by this process
  std::size_t from_cache = 0;         ///< trainings read from the cache file
  std::size_t full_grid = 0;          ///< trainings a full alphas^K grid would need (for comparison)
};

/// On-demand joint response surface of w's collectives (any K ≥ 2).
class JointLattice {
 public:
  /// Reads what `cache_dir` already holds for w (key: response_curve_key); trains nothing yet.
  JointLattice(const World& w, std::filesystem::path cache_dir, bool progress);

  /// S_k at `alpha` (clamped to the grid's range): multilinear in the cell of the lattice holding α, whose 2^K
  /// corners are trained first where missing (and appended to the cache file).
  JointSuccess operator()(const std::vector<double>& alpha);
  /// The sorted, distinct grid of every axis.
  const std::vector<double>& alphas() const { return alphas_; }
  /// How many trainings were used.
  LatticeCount count() const;
  /// Every known point's replicates: rows alpha_1..alpha_K, replicate, success_1..success_K (for the run folder).
  void write(const std::filesystem::path& file) const;

 private:
  using Index = std::vector<std::size_t>;
  struct Point {
    std::vector<std::vector<double>> replicates;  ///< replicates[r][k] = S_k
    JointSuccess summary;                         ///< mean and band over the replicates
  };

  void train(const std::vector<Index>& missing);
  void save() const;
  static JointSuccess summarise(const std::vector<std::vector<double>>& replicates);

  const World* world_;
  std::filesystem::path cache_file_;
  bool progress_;
  std::vector<double> alphas_;
  long replicates_;
  std::map<Index, Point> points_;
  std::size_t trained_ = 0, from_cache_ = 0;
};

/// Who is in which collective (−1: none) among n agents when collective k holds the share alpha[k]: round(α_k n)
/// members each, drawn disjointly with `rng`; where Σ α_k > 1 the later collectives get the agents left.
std::vector<std::int32_t> joint_membership(std::size_t n, const std::vector<double>& alpha, util::Engine& rng);

/// Where a JointLattice of `scenario` keeps its trainings in `cache_dir`.
std::filesystem::path joint_lattice_cache_file(const config::Scenario& scenario, const std::filesystem::path& cache_dir);

}  // namespace aca::sim
