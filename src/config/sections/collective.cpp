#include <algorithm>
#include <string>

#include "config/sections/sections.hpp"

namespace aca::config::sections {

namespace {
// Number of labels the dataset will have, when the schema alone can know it (0 otherwise).
std::int64_t known_labels(const View& root) {
  const View d = root.sub("data");
  const std::string src = d.string("source");
  if (src == "categorical") return d.sub("categorical").integer("labels");
  if (src == "gaussian_mixture") return d.sub("gaussian_mixture").integer("classes");
  if (src == "fashion_mnist") return 10;
  if (src == "spurious_groups")
    return d.sub("spurious_groups").string("base") == "fashion_mnist" ? 10 : d.sub("gaussian_mixture").integer("classes");
  return 0;
}
// gradient_cancel's success is the agreement of the platform's fitted convex θ with θ*: the platform must fit one.
void gradient_cancel_platform(const View& root, const View& c, Diagnostics& out) {
  const View p = root.sub("platform");
  const std::string learner = p.string("learner"), kind = p.sub("model").string("kind");
  if (learner == "bayes_optimal")
    out.add(p.diag("learner", c.path() + " uses strategy = \"gradient_cancel\", measured on the platform's convex model "
                                         "θ: `platform.learner` = \"bayes_optimal\" fits none (use sgd, dp_sgd or gdro)"));
  else if (kind != "logistic" && kind != "linear")
    out.add(p.sub("model").diag("kind", c.path() + " uses strategy = \"gradient_cancel\", measured on the platform's "
                                                   "convex model θ: `platform.model.kind` must be \"logistic\" or "
                                                   "\"linear\", not \"" + kind + "\""));
}

}  // namespace

void declare_collective(Schema& s) {
  s.table_array("collective", "One [[collective]] per coordinated group: its signal, target and strategy.", 0, 16);
  s.key("collective[].name", Kind::string)
      .label("collective name").def("").doc("Label used in outputs (default: collective index).");
  s.key("collective[].strategy", Kind::string)
      .label("collective strategy").value_names({"feature and label", "feature only", "erasure", "gradient cancelling"})
      .def("feature_label")
      .choices({"feature_label", "feature_only", "erasure", "gradient_cancel"})
      .doc("feature_label: report (g(x), y*); feature_only: (g(x), y) when y = y*; erasure: report (g(x), y) so "
           "that f(g(x)) = f(x); gradient_cancel: points whose loss gradient steers a convex model to θ*.");
  s.key("collective[].target", Kind::integer)
      .label("target label").symbol("y*").def(0).range(0, 1e6).doc("Target label y*.");
  s.key("collective[].targets", Kind::integer_list)
      .label("target labels").def(std::vector<std::int64_t>{}).range(0, 1e6)
      .doc("Several target labels (overrides `target`): feature_label members spread their points over them, "
           "feature_only signals points whose label is any of them; success counts f(g(x)) in the set.");
  s.key("collective[].good", Kind::string)
      .label("kind of good").value_names({"exclusive", "public"}).def("exclusive").choices({"exclusive", "public"})
      .doc("exclusive: only members benefit (γ = 0); public: everyone benefits (γ = 1, free riding).");
  s.key("collective[].coordination_noise", Kind::real).label("coordination noise").def(0.0).range(0, 1)
      .doc("Probability that a member applies a perturbed signal instead of the agreed one.");

  s.table("collective[].signal", "The signal g the collective plants.");
  s.key("collective[].signal.kind", Kind::string).label("signal kind").def("auto")
      .choices({"auto", "patch", "feature_set", "feature_offset", "assign"})
      .doc("auto: assign for categorical data, patch for images, feature_set otherwise. patch: square of pixels; "
           "feature_set: x[features] = values; feature_offset: x += offset; assign: categorical features fixed.");
  s.key("collective[].signal.size", Kind::integer)
      .label("signal patch size").unit("pixels").def(3).range(1, 1e4).doc("patch: side length in pixels.");
  s.key("collective[].signal.position", Kind::integer_list)
      .label("signal patch position").unit("pixels").def(std::vector<std::int64_t>{}).at_least(0)
      .doc("patch: [row, column] of the top-left pixel; empty = bottom-right corner, one pixel from the edge.");
  s.key("collective[].signal.value", Kind::real)
      .label("signal pixel value").def(1.0).doc("patch: pixel value written (pixels are in [0, 1]).");
  s.key("collective[].signal.features", Kind::integer_list)
      .label("signal features").def(std::vector<std::int64_t>{0, 1}).at_least(0)
      .doc("feature_set / assign / feature_offset: indices of the features the signal touches.");
  s.key("collective[].signal.values", Kind::real_list).label("signal feature values").def(std::vector<double>{0.0, 0.0})
      .doc("feature_set / assign: value of each touched feature (assign: integer category codes).");
  s.key("collective[].signal.offset", Kind::real_list).label("signal feature offset").def(std::vector<double>{})
      .doc("feature_offset: added to the touched features (one per entry of `features`, or one per feature).");

  s.table("collective[].gradient_cancel", "Target model for strategy = \"gradient_cancel\" (convex models).");
  s.key("collective[].gradient_cancel.model", Kind::string)
      .label("gradient-cancel model").def("logistic").choices({"logistic", "linear"})
      .doc("Convex model whose gradient is cancelled: binary logistic regression or least squares.");
  s.key("collective[].gradient_cancel.theta", Kind::real_list)
      .label("gradient-cancel parameters").symbol("θ*").def(std::vector<double>{})
      .doc("θ* = [w_1 … w_d, b] (weights then intercept); required for gradient_cancel.");
  s.key("collective[].gradient_cancel.lower", Kind::real)
      .label("lower bound of reported features").def(-1e30).doc("Lower bound of every reported feature.");
  s.key("collective[].gradient_cancel.upper", Kind::real)
      .label("upper bound of reported features").def(1e30).doc("Upper bound of every reported feature.");

  s.check([](const View& root, Diagnostics& out) {
    const std::int64_t labels = known_labels(root);
    for (const auto& c : root.elements("collective")) {
      for (auto t : c.integers("targets"))
        if (labels > 0 && t >= labels)
          out.add(c.diag("targets", "target " + std::to_string(t) + " in `targets` but the dataset has " +
                                        std::to_string(labels) + " labels"));
      if (labels > 0 && c.integer("target") >= labels)
        out.add(c.diag("target", "target = " + std::to_string(c.integer("target")) + " but the dataset has " +
                                     std::to_string(labels) + " labels (0 … " + std::to_string(labels - 1) + ")"));
      const View sig = c.sub("signal");
      const std::string kind = sig.string("kind");
      if ((kind == "feature_set" || kind == "assign") && sig.integers("features").size() != sig.reals("values").size())
        out.add(sig.diag("values", "signal `values` needs one entry per entry of `features` (" +
                                       std::to_string(sig.integers("features").size()) + ")"));
      if (kind == "feature_offset" && sig.reals("offset").empty())
        out.add(sig.diag("offset", "signal kind = \"feature_offset\" needs a non-empty `offset`"));
      const auto features = sig.integers("features");
      for (std::size_t i = 0; i < features.size(); ++i)
        if (std::find(features.begin(), features.begin() + static_cast<std::ptrdiff_t>(i), features[i]) !=
            features.begin() + static_cast<std::ptrdiff_t>(i)) {
          out.add(sig.diag("features", "`" + sig.path() + ".features` lists feature " + std::to_string(features[i]) + " twice"));
          break;
        }
      if (c.string("strategy") == "gradient_cancel") gradient_cancel_platform(root, c, out);
      if (c.string("strategy") == "gradient_cancel" && c.sub("gradient_cancel").reals("theta").empty())
        out.add(c.sub("gradient_cancel").diag("theta", "strategy = \"gradient_cancel\" needs `theta` (θ*)"));
      if (c.sub("gradient_cancel").real("lower") >= c.sub("gradient_cancel").real("upper"))
        out.add(c.sub("gradient_cancel").diag("upper", "gradient_cancel needs lower < upper"));
    }
  });
}

}  // namespace aca::config::sections
