// The functions of aca_learn that need LibTorch, for a program linked without it (without_torch.hpp). Each throws
// NeedsTorch, which hands the command to acasim-engine, except make_learner: `validate` plans a run, learner
// included, and gets every error the real make_learner would throw from the same check_learner.
#include "learn/without_torch.hpp"

#include <memory>
#include <string>

#include "learn/bayes_optimal.hpp"
#include "learn/cuda_available.hpp"
#include "learn/ensemble.hpp"
#include "learn/learner.hpp"
#include "learn/learner_requirements.hpp"
#include "learn/runtime_info.hpp"

namespace aca::learn {

namespace {

// What make_learner returns for a learner that trains with LibTorch: checked, never trained here.
class PlannedLearner : public Learner {
 public:
  explicit PlannedLearner(std::string name) : name_(std::move(name)) {}
  FitReport fit(const data::TrainSet&, util::Engine&) override { throw NeedsTorch{"Learner::fit"}; }
  std::vector<std::int64_t> predict(const std::vector<float>&, std::int64_t) const override {
    throw NeedsTorch{"Learner::predict"};
  }
  std::vector<double> convex_theta() const override { throw NeedsTorch{"Learner::convex_theta"}; }
  std::string name() const override { return name_; }
  void save(std::ostream&) const override { throw NeedsTorch{"Learner::save"}; }
  void load(std::istream&) override { throw NeedsTorch{"Learner::load"}; }

 private:
  std::string name_;
};

}  // namespace

// Whether CUDA is usable is LibTorch's to say (its build and the driver it loads).
bool cuda_available() { throw NeedsTorch{"cuda_available"}; }

std::unique_ptr<Learner> make_learner(const LearnerSpec& spec) {
  check_learner(spec);
  if (spec.learner == "bayes_optimal") return std::make_unique<BayesOptimalLearner>(spec.epsilon_suboptimal);
  return std::make_unique<PlannedLearner>(spec.learner);
}

std::string runtime_info_json() { throw NeedsTorch{"runtime_info_json"}; }

std::string torch_version() { throw NeedsTorch{"torch_version"}; }

bool ensemble_compatible(const LearnerSpec&, const LearnerSpec&) { throw NeedsTorch{"ensemble_compatible"}; }

struct EnsembleLearner::Impl {};

EnsembleLearner::EnsembleLearner(EnsembleSpec) { throw NeedsTorch{"EnsembleLearner"}; }

EnsembleLearner::~EnsembleLearner() = default;

std::vector<FitReport> EnsembleLearner::fit(const std::vector<const data::TrainSet*>&, std::vector<util::Engine>&,
                                            const std::vector<LearnerSpec>&) {
  throw NeedsTorch{"EnsembleLearner::fit"};
}

std::vector<std::int64_t> EnsembleLearner::predict(std::size_t, const std::vector<float>&, std::int64_t) const {
  throw NeedsTorch{"EnsembleLearner::predict"};
}

PrivacyReport EnsembleLearner::privacy(std::size_t) const { throw NeedsTorch{"EnsembleLearner::privacy"}; }

std::vector<double> EnsembleLearner::convex_theta(std::size_t) const {
  throw NeedsTorch{"EnsembleLearner::convex_theta"};
}

}  // namespace aca::learn
