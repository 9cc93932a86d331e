#include "sim/joint_lattice.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "sim/batch_training.hpp"
#include "sim/success_curves.hpp"
#include "util/csv_writer.hpp"
#include "util/hash.hpp"

namespace aca::sim {

namespace {

// Each lattice point and replicate has its own streams, keyed by the point itself: the order in which the dynamics
// happen to visit points never changes what a point measures, so a cached point equals a freshly trained one.
std::uint64_t stream_index(const std::vector<std::size_t>& idx, long replicate) {
  std::string key;
  for (std::size_t i : idx) key += std::to_string(i) + ",";
  return util::fnv1a64(key + std::to_string(replicate));
}

}  // namespace

// m_k = round(α_k N) members per collective, drawn disjointly from one shuffle; where Σ α_k > 1 the later
// collectives get the agents left (as the two-collective grid does).
std::vector<std::int32_t> joint_membership(std::size_t n, const std::vector<double>& alpha, util::Engine& rng) {
  std::vector<std::size_t> sizes;
  std::size_t total = 0;
  for (double a : alpha) {
    const auto m = std::min(n - total, static_cast<std::size_t>(std::llround(a * static_cast<double>(n))));
    sizes.push_back(m);
    total += m;
  }
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  for (std::size_t j = 0; j < total; ++j) std::swap(order[j], order[j + static_cast<std::size_t>(rng() % (n - j))]);
  std::vector<std::int32_t> membership(n, -1);
  std::size_t j = 0;
  for (std::size_t k = 0; k < sizes.size(); ++k)
    for (std::size_t q = 0; q < sizes[k]; ++q) membership[order[j++]] = static_cast<std::int32_t>(k);
  return membership;
}

std::filesystem::path joint_lattice_cache_file(const config::Scenario& scenario, const std::filesystem::path& cache_dir) {
  return cache_dir / ("response_curve_lattice-" + response_curve_key(scenario) + ".csv");
}

JointLattice::JointLattice(const World& w, std::filesystem::path cache_dir, bool progress)
    : world_(&w), cache_file_(joint_lattice_cache_file(w.scenario, cache_dir)), progress_(progress),
      alphas_(joint_alphas(w.scenario)),
      replicates_(static_cast<long>(w.scenario.root().sub("response_curve").integer("replicates"))) {
  const std::size_t K = w.collectives.size();
  std::ifstream in(cache_file_);
  std::string line;
  if (!in || !std::getline(in, line)) return;
  std::map<Index, std::vector<std::vector<double>>> rows;
  while (std::getline(in, line)) {
    // A row that does not parse makes the whole cache unusable: it is trained afresh (and rewritten).
    std::vector<double> v;
    if (!util::read_doubles(line, v) || v.size() != 2 * K + 1) return;
    Index idx;
    for (std::size_t k = 0; k < K; ++k) {
      if (v[k] < 0 || v[k] >= static_cast<double>(alphas_.size())) return;
      idx.push_back(static_cast<std::size_t>(v[k]));
    }
    rows[idx].push_back(std::vector<double>(v.begin() + static_cast<long>(K) + 1, v.end()));
  }
  for (auto& [idx, reps] : rows)
    if (reps.size() == static_cast<std::size_t>(replicates_)) {
      from_cache_ += reps.size();
      points_[idx] = Point{reps, summarise(reps)};
    }
}

JointSuccess JointLattice::summarise(const std::vector<std::vector<double>>& replicates) {
  const std::size_t K = replicates.front().size();
  JointSuccess s{std::vector<double>(K, 0.0), std::vector<double>(K, std::numeric_limits<double>::infinity()),
                 std::vector<double>(K, -std::numeric_limits<double>::infinity())};
  for (const auto& r : replicates)
    for (std::size_t k = 0; k < K; ++k) {
      s.mean[k] += r[k] / static_cast<double>(replicates.size());
      s.lower[k] = std::min(s.lower[k], r[k]);
      s.upper[k] = std::max(s.upper[k], r[k]);
    }
  return s;
}

void JointLattice::train(const std::vector<Index>& missing) {
  const World& w = *world_;
  std::vector<TrainingTask> tasks;
  for (const Index& idx : missing)
    for (long r = 0; r < replicates_; ++r) {
      std::vector<double> alpha;
      for (std::size_t i : idx) alpha.push_back(alphas_[i]);
      const std::uint64_t index = stream_index(idx, r);
      util::Engine pick = util::make_stream(w.seed, "response_curve_lattice", index);
      tasks.push_back({joint_membership(w.population.size(), alpha, pick), index,
                       util::make_stream(w.seed, "response_curve_lattice_learner", index), &w});
    }
  const std::size_t total = tasks.size(), before = trained_;
  const std::vector<PlatformOutcome> outcomes = train_independently(w, std::move(tasks), [&](std::size_t done) {
    if (progress_) std::fprintf(stderr, "\rjoint response surface: %zu trainings", before + done);
  });
  std::size_t t = 0;
  for (const Index& idx : missing) {
    Point p;
    for (long r = 0; r < replicates_; ++r, ++t) {
      std::vector<double> s;
      for (const auto& m : outcomes[t].success) s.push_back(m.estimate);
      p.replicates.push_back(std::move(s));
    }
    p.summary = summarise(p.replicates);
    points_[idx] = std::move(p);
  }
  trained_ += total;
  save();
}

JointSuccess JointLattice::operator()(const std::vector<double>& alpha) {
  const std::size_t K = alpha.size(), A = alphas_.size();
  // Per axis: the cell [alphas[j], alphas[j+1]] holding α_k and the weight of its upper end; an axis on a grid
  // point uses that point alone, so a state on the lattice needs no neighbour trained.
  std::vector<std::size_t> lo(K);
  std::vector<double> t(K, 0.0);
  for (std::size_t k = 0; k < K; ++k) {
    const double a = std::clamp(alpha[k], alphas_.front(), alphas_.back());
    std::size_t j = static_cast<std::size_t>(std::upper_bound(alphas_.begin(), alphas_.end(), a) - alphas_.begin());
    j = j == 0 ? 0 : j - 1;
    if (j + 1 < A) t[k] = (a - alphas_[j]) / (alphas_[j + 1] - alphas_[j]);
    lo[k] = j;
  }
  std::vector<std::pair<Index, double>> corners{{Index{}, 1.0}};
  for (std::size_t k = 0; k < K; ++k) {
    std::vector<std::pair<Index, double>> next;
    for (auto& [idx, wgt] : corners) {
      if (t[k] < 1.0) next.push_back({idx, wgt * (1.0 - t[k])}), next.back().first.push_back(lo[k]);
      if (t[k] > 0.0) next.push_back({idx, wgt * t[k]}), next.back().first.push_back(lo[k] + 1);
    }
    corners = std::move(next);
  }
  std::vector<Index> missing;
  for (const auto& c : corners)
    if (!points_.count(c.first)) missing.push_back(c.first);
  if (!missing.empty()) train(missing);
  JointSuccess s{std::vector<double>(K, 0.0), std::vector<double>(K, 0.0), std::vector<double>(K, 0.0)};
  for (const auto& [idx, wgt] : corners) {
    const JointSuccess& p = points_.at(idx).summary;
    for (std::size_t k = 0; k < K; ++k) {
      s.mean[k] += wgt * p.mean[k];
      s.lower[k] += wgt * p.lower[k];
      s.upper[k] += wgt * p.upper[k];
    }
  }
  return s;
}

LatticeCount JointLattice::count() const {
  LatticeCount c;
  c.points = points_.size();
  c.trained = trained_;
  c.from_cache = from_cache_;
  c.full_grid = static_cast<std::size_t>(replicates_);
  for (std::size_t k = 0; k < world_->collectives.size(); ++k) c.full_grid *= alphas_.size();
  return c;
}

void JointLattice::write(const std::filesystem::path& file) const {
  const std::size_t K = world_->collectives.size();
  std::vector<std::string> header;
  for (std::size_t k = 1; k <= K; ++k) header.push_back("alpha_" + std::to_string(k));
  header.push_back("replicate");
  for (std::size_t k = 1; k <= K; ++k) header.push_back("success_" + std::to_string(k));
  util::CsvWriter csv(file, header);
  for (const auto& [idx, p] : points_)
    for (std::size_t r = 0; r < p.replicates.size(); ++r) {
      std::vector<std::string> row;
      for (std::size_t i : idx) row.push_back(util::format_number(alphas_[i]));
      row.push_back(std::to_string(r));
      for (double s : p.replicates[r]) row.push_back(util::format_number(s));
      csv.row(row);
    }
  csv.commit();
}

// The cache holds grid indices (stable under the key, which covers the alphas) so that reading never compares
// floating-point values.
void JointLattice::save() const {
  std::filesystem::create_directories(cache_file_.parent_path());
  const std::size_t K = world_->collectives.size();
  std::vector<std::string> header;
  for (std::size_t k = 1; k <= K; ++k) header.push_back("i_" + std::to_string(k));
  header.push_back("replicate");
  for (std::size_t k = 1; k <= K; ++k) header.push_back("success_" + std::to_string(k));
  util::CsvWriter csv(cache_file_, header);
  for (const auto& [idx, p] : points_)
    for (std::size_t r = 0; r < p.replicates.size(); ++r) {
      std::vector<std::string> row;
      for (std::size_t i : idx) row.push_back(std::to_string(i));
      row.push_back(std::to_string(r));
      for (double s : p.replicates[r]) row.push_back(util::format_number(s));
      csv.row(row);
    }
  csv.commit();
}

}  // namespace aca::sim
