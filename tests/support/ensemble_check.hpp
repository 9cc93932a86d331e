#pragma once
// Shared by the ensemble tests (CPU and CUDA): small data sets, learner specs, and the check that every member of an
// ensemble equals the single learner trained with the same seed. Include after the LibTorch headers (c10 defines
// CHECK) and after catch.hpp.
#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "learn/ensemble.hpp"
#include "learn/torch_learner.hpp"

namespace aca::test {

using namespace aca::learn;

// Gaussian blobs in d dimensions with `classes` labels, overlapping enough that training keeps moving the weights.
inline data::TrainSet blobs(std::int64_t n, std::int64_t d, int classes, std::uint64_t seed, bool weighted = false) {
  auto rng = util::make_stream(seed, util::streams::data);
  boost::random::normal_distribution<float> noise(0.f, 1.f);
  data::TrainSet s;
  s.n = n;
  s.d = d;
  s.num_classes = classes;
  for (std::int64_t i = 0; i < n; ++i) {
    const std::int64_t y = i % classes;
    s.y.push_back(y);
    for (std::int64_t j = 0; j < d; ++j) s.x.push_back(noise(rng) + (j == y % d ? 1.5f : 0.f));
    if (weighted) s.weight.push_back(0.5f + static_cast<float>(i % 3));
  }
  return s;
}

// Blobs with a group column: group 1 (a fifth of the rows) has its labels' blob centres moved, so that the groups'
// losses differ and the group weights move.
inline data::TrainSet grouped(std::int64_t n, std::uint64_t seed) {
  data::TrainSet s = blobs(n, 4, 2, seed);
  s.num_groups = 2;
  for (std::int64_t i = 0; i < n; ++i) {
    const int g = i % 5 == 0;
    s.group.push_back(g);
    if (g) s.x[i * 4 + 1] += 2.0f;
  }
  return s;
}

inline LearnerSpec spec_of(const std::string& learner, const std::string& kind) {
  LearnerSpec s;
  s.learner = learner;
  s.threads = 1;
  s.epochs = 5;
  s.batch_size = 64;
  s.learning_rate = 0.2;
  s.model.kind = kind;
  s.model.hidden = {16};
  if (learner == "dp_sgd") {
    s.privacy.noise_multiplier = 1.0;
    s.privacy.clip = 0.5;
  }
  return s;
}

inline std::vector<float> flat_parameters(const Learner& l) {
  std::vector<float> out;
  for (const at::Tensor& p : dynamic_cast<const TorchLearner&>(l).net().parameters()) {
    const at::Tensor c = p.detach().to(at::kCPU, at::kFloat).contiguous();
    out.insert(out.end(), c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
  }
  return out;
}

// ‖a − b‖₂ / ‖b‖₂.
inline double relative_difference(const std::vector<float>& a, const std::vector<float>& b) {
  REQUIRE(a.size() == b.size());
  double diff = 0, norm = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff += (static_cast<double>(a[i]) - b[i]) * (static_cast<double>(a[i]) - b[i]);
    norm += static_cast<double>(b[i]) * b[i];
  }
  return std::sqrt(diff / norm);
}

inline std::vector<util::Engine> engines(const std::vector<std::uint64_t>& seeds) {
  std::vector<util::Engine> out;
  for (auto s : seeds) out.push_back(util::make_stream(s, util::streams::learner, 0));
  return out;
}

// Fits `sets` (member m on sets[m], seed seeds[m]) as one ensemble and as separate single learners, `fits` times
// in a row, and checks that every member's parameters, step count and privacy report match its single learner.
// With `member_specs`, member m is trained with member_specs[m] and compared with make_learner(member_specs[m]).
// Parameters and training loss agree to `tolerance` (relative).
inline void check_matches_single(const EnsembleSpec& spec, const std::vector<const data::TrainSet*>& sets,
                                 const std::vector<std::uint64_t>& seeds, int fits = 1,
                                 const std::vector<LearnerSpec>& member_specs = {}, double tolerance = 1e-4) {
  EnsembleLearner ens(spec);
  auto ens_rng = engines(seeds), single_rng = engines(seeds);
  std::vector<std::unique_ptr<Learner>> singles;
  for (std::size_t m = 0; m < sets.size(); ++m)
    singles.push_back(make_learner(member_specs.empty() ? spec.learner : member_specs[m]));
  for (int f = 0; f < fits; ++f) {
    const auto reports = ens.fit(sets, ens_rng, member_specs);
    REQUIRE(reports.size() == sets.size());
    REQUIRE(ens.size() == sets.size());
    for (std::size_t m = 0; m < sets.size(); ++m) {
      INFO("fit " << f << ", member " << m);
      const FitReport single = singles[m]->fit(*sets[m], single_rng[m]);
      CHECK(reports[m].steps == single.steps);
      CHECK(relative_difference(ens.parameters(m), flat_parameters(*singles[m])) < tolerance);
      CHECK(reports[m].train_loss == Approx(single.train_loss).epsilon(tolerance));
      CHECK(reports[m].privacy.is_private == single.privacy.is_private);
      CHECK(reports[m].privacy.epsilon == single.privacy.epsilon);
      CHECK(reports[m].privacy.noise_multiplier == single.privacy.noise_multiplier);
      CHECK(reports[m].privacy.sample_rate == single.privacy.sample_rate);
      CHECK(reports[m].privacy.steps == single.privacy.steps);
      CHECK(ens.privacy(m).epsilon == single.privacy.epsilon);
      // Both engines have been advanced identically: the next draws agree.
      CHECK(ens_rng[m]() == single_rng[m]());
    }
  }
}

}  // namespace aca::test
