#include "learn/learner_requirements.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "config/scenario.hpp"
#include "learn/accountant.hpp"
#include "learn/cuda_available.hpp"
#include "learn/poisson_sampling.hpp"
#include "learn/prv_accountant.hpp"
#include "learn/privacy_ledger.hpp"

namespace aca::learn {

namespace {

std::string text(double v) {
  std::string s = std::to_string(v);
  s.erase(s.find_last_not_of('0') + 1);
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

void check_model(const config::View& platform, const LearnerSpec& spec, const data::TrainSet& layout,
                 config::Diagnostics& out) {
  const config::View model = platform.sub("model");
  if (spec.learner == "bayes_optimal") {
    if (layout.categories.empty())
      out.add(platform.diag("learner", "`platform.learner` = \"bayes_optimal\" counts cells of categorical features: "
                                       "it needs data.source = \"categorical\""));
    return;
  }
  if (spec.model.kind != "linear" && layout.num_classes < 2)
    out.add(platform.diag("learner", "`platform.learner` = \"" + spec.learner + "\" trains a classifier, which needs "
                                     "data with at least 2 labels; the data has " + std::to_string(layout.num_classes)));
  const auto& shape = layout.shape;
  if (spec.model.kind == "cnn" && (shape.size() != 3 || shape[1] % 4 != 0 || shape[2] % 4 != 0))
    out.add(model.diag("kind", "`platform.model.kind` = \"cnn\" needs image data whose height and width are "
                               "multiples of 4 (e.g. data.source = \"fashion_mnist\"); this data has " +
                               (shape.size() == 3 ? std::to_string(shape[1]) + "×" + std::to_string(shape[2]) + " images"
                                                  : std::to_string(layout.d) + " flat features") +
                               " (use kind = \"logistic\" or \"mlp\")"));
  if (spec.learner == "gdro" && spec.gdro.groups == "data" && layout.group.empty())
    out.add(platform.sub("gdro").diag("groups", "`platform.gdro.groups` = \"data\" (learner = \"gdro\") needs data "
                                                "with groups (data.source = \"spurious_groups\", or data.csv.group); "
                                                "use groups = \"collective_vs_rest\" otherwise"));
}

// PRV's numerical composition fails (or, inside a calibration, never converges) where ε is very large. RDP's σ for a
// target is at least PRV's, so PRV breaking down there means the calibration cannot succeed.
bool prv_computes(const PrivacySpec& p, double q, std::int64_t steps) {
  if (p.target_epsilon && !target_epsilon_reachable(p, q, steps)) return true;  // reported as unreachable instead
  double sigma = 0;
  try {
    sigma = p.noise_multiplier ? *p.noise_multiplier : noise_multiplier_for(*p.target_epsilon, p.delta, q, steps);
  } catch (const std::invalid_argument&) {
    return true;  // beyond RDP's reach but within PRV's: the calibration brackets it from above
  }
  try {
    prv_epsilon({{q, sigma, steps}}, p.delta);
    return true;
  } catch (const std::runtime_error&) {
    return false;
  }
}

void check_privacy(const config::View& platform, const LearnerSpec& spec, std::int64_t train_rows,
                   config::Diagnostics& out) {
  if (spec.learner != "dp_sgd" || train_rows < 1) return;
  const config::View priv = platform.sub("privacy");
  const double q = std::min(1.0, static_cast<double>(spec.batch_size) / static_cast<double>(train_rows));
  const std::int64_t steps = static_cast<std::int64_t>(spec.epochs) * steps_per_epoch(train_rows, spec.batch_size);
  if (spec.privacy.accountant == "prv" && q >= 1) {
    out.add(priv.diag("accountant", "`platform.privacy.accountant` = \"prv\" accounts for Poisson-sampled batches, but batch_size = " +
                                        std::to_string(spec.batch_size) + " covers all " + std::to_string(train_rows) +
                                        " training rows (q = 1); use accountant = \"rdp\" (exact at q = 1) or a "
                                        "platform.batch_size below " + std::to_string(train_rows)));
    return;
  }
  if (spec.privacy.accountant == "prv" && !prv_computes(spec.privacy, q, steps)) {
    const std::string key = spec.privacy.noise_multiplier ? "noise_multiplier" : "target_epsilon";
    out.add(priv.diag(key, "`platform.privacy." + key + "` = " +
                               text(spec.privacy.noise_multiplier ? *spec.privacy.noise_multiplier
                                                                  : *spec.privacy.target_epsilon) +
                               ": accountant = \"prv\" cannot compute ε this large (its numerical composition "
                               "breaks down at such small noise): use accountant = \"rdp\" or more noise"));
    return;
  }
  if (spec.privacy.target_epsilon && !target_epsilon_reachable(spec.privacy, q, steps))
    out.add(priv.diag("target_epsilon", "`platform.privacy.target_epsilon` = " + text(*spec.privacy.target_epsilon) +
                                            " cannot be reached with any noise multiplier up to " +
                                            text(max_calibrated_noise_multiplier) + " at q = " + text(q) + " over " +
                                            std::to_string(steps) + " steps and δ = " + text(spec.privacy.delta) +
                                            " (raise target_epsilon or delta, or train fewer steps)"));
}

}  // namespace

// Apart from make_learner so that `validate` finds the same errors in a program without LibTorch.
void check_learner(const LearnerSpec& spec) {
  if (spec.device != "cpu" && spec.device != "cuda")
    throw std::invalid_argument("platform.device = \"" + spec.device + "\": allowed cpu, cuda");
  if (spec.device == "cuda" && !cuda_available())
    throw std::runtime_error("platform.device = \"cuda\" but CUDA is not available: this LibTorch build has no "
                             "CUDA support or no GPU is visible; use device = \"cpu\" or build against a CUDA "
                             "LibTorch (CMAKE_PREFIX_PATH)");
  if (spec.epochs < 1 || spec.batch_size < 1)
    throw std::invalid_argument("platform.epochs and platform.batch_size must be ≥ 1");
  if (spec.model.kind == "linear" && spec.learner != "sgd" && spec.learner != "dp_sgd")
    throw std::invalid_argument("platform.model.kind = \"linear\" (least squares) is trained by learner = \"sgd\" or "
                                "\"dp_sgd\", not \"" + spec.learner + "\"");
  if (spec.learner != "sgd" && spec.learner != "dp_sgd" && spec.learner != "gdro" && spec.learner != "bayes_optimal")
    throw std::invalid_argument("platform.learner = \"" + spec.learner + "\": allowed sgd, dp_sgd, gdro, bayes_optimal");
}

void check_learner_requirements(const config::View& platform, const LearnerSpec& spec, const data::TrainSet& layout,
                         std::int64_t train_rows, config::Diagnostics& out) {
  if (spec.device == "cuda" && !cuda_available())
    out.add(platform.diag("device", "`platform.device` = \"cuda\" but CUDA is not available here (this LibTorch build has no CUDA "
                                    "support or no GPU is visible): use device = \"cpu\""));
  check_model(platform, spec, layout, out);
  check_privacy(platform, spec, train_rows, out);
}

}  // namespace aca::learn
