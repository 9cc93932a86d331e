#include <cmath>
#include <string>

#include "config/sections/sections.hpp"

namespace aca::config::sections {

void declare_data(Schema& s) {
  s.table("data", "The platform's data: where it comes from and how it is split between agents.");
  s.key("data.source", Kind::string).label("dataset").def("categorical")
      .choices({"categorical", "gaussian_mixture", "linear_regression", "fashion_mnist", "csv", "spurious_groups"})
      .doc("Dataset generator or reader.");
  s.key("data.points_per_agent", Kind::integer).label("training points per agent").def(1).range(1, 1e6)
      .doc("Training points owned by each agent (population.size × this must fit the data).");
  s.key("data.test_size", Kind::integer).label("test set size").unit("points").def(2000).range(1, 1e8)
      .doc("Held-out points used to measure success and accuracy.");

  s.table("data.class_share",
          "The training points' share of one class, for pooled sources (fashion_mnist, csv): exactly "
          "round(share × population.size × points_per_agent) training rows of the class, the rest from the other "
          "classes, each a seeded subsample of the split's training rows. The test points are not rebalanced.");
  s.key("data.class_share.class", Kind::integer).label("class with a set share").at_least(0)
      .doc("Label code of the class (as collective.target; csv codes follow the sorted label text).");
  s.key("data.class_share.share", Kind::real).label("share of that class").above(0).below(1)
      .doc("Fraction of the training rows with that label (absent: the data's own proportions).");

  s.table("data.categorical",
          "Synthetic finite distribution with known P0(x, y) (exact theory available). It is built around the "
          "first collective's `assign` signal X* and target y*: ξ, Δ0 and p refer to them.");
  s.key("data.categorical.features", Kind::integer)
      .label("number of features").symbol("d").def(6).range(1, 64).doc("Number of categorical features d.");
  s.key("data.categorical.cardinality", Kind::integer).label("values per feature").def(4).range(2, 1000)
      .doc("Values each feature can take (0 … cardinality−1).");
  s.key("data.categorical.labels", Kind::integer)
      .label("number of labels").def(4).range(2, 1000).doc("Number of labels |Y|.");
  s.key("data.categorical.xi", Kind::real).label("uniqueness of the signal").symbol("ξ").def(0.01).range(0, 1)
      .doc("Uniqueness ξ = P0(X*): base-data mass of the signal set.");
  s.key("data.categorical.delta0", Kind::real)
      .label("base-data bias against the target").symbol("Δ0").def(0.5).range(0, 1)
      .doc("Δ0: how strongly the base data on X* favours a label other than the target.");
  s.key("data.categorical.p", Kind::real).label("minimum target-label probability").symbol("p").def(0.1).range(0, 1)
      .doc("p: minimum probability of the target label, min_x P0(y*|x) (feature-only bound); needs 2p + Δ0 ≤ 1.");
  s.key("data.categorical.delta_levels", Kind::integer).label("levels of the bias").symbol("L").def(4).range(1, 1000)
      .doc("Δ_x on X* takes the values Δ0·j/L, j = 1 … L (L = 1: every signal point has Δ_x = Δ0).");
  s.key("data.categorical.label_noise", Kind::real).label("label noise").unit("share of labels").def(0.0).range(0, 1)
      .doc("Fraction of base labels replaced by uniformly random ones (realised Δ0 shrinks to (1−noise)·Δ0).");

  s.table("data.gaussian_mixture", "Continuous features: K Gaussian classes with unit variance.");
  s.key("data.gaussian_mixture.classes", Kind::integer)
      .label("number of classes").symbol("K").def(2).range(2, 1000).doc("Number of classes K.");
  s.key("data.gaussian_mixture.dim", Kind::integer)
      .label("feature dimension").symbol("d").def(10).range(1, 100000).doc("Feature dimension.");
  s.key("data.gaussian_mixture.separation", Kind::real)
      .label("class separation").unit("noise standard deviations").def(2.0).at_least(0)
      .doc("Distance between any two class means, in units of the noise standard deviation.");
  s.key("data.gaussian_mixture.class_weights", Kind::real_list)
      .label("class weights").def(std::vector<double>{}).at_least(0)
      .doc("Class probabilities (normalised); empty means equal.");

  s.table("data.linear_regression",
          "Regression data with known ground truth, for the least-squares platform model (platform.model.kind = "
          "\"linear\"): x ~ N(0, I), response r = w·x + b + N(0, noise²); label 1 where r > ½, else 0.");
  s.key("data.linear_regression.dim", Kind::integer)
      .label("feature dimension").symbol("d").def(2).range(1, 100000).doc("Feature dimension d.");
  s.key("data.linear_regression.theta", Kind::real_list)
      .label("true coefficients").symbol("θ").def(std::vector<double>{1.0, -1.0, 0.5})
      .doc("True θ = [w, b]: d weights then the intercept.");
  s.key("data.linear_regression.noise", Kind::real)
      .label("response noise").unit("standard deviation").def(0.5).at_least(0)
      .doc("Standard deviation of the response noise.");

  s.table("data.fashion_mnist", "Fashion-MNIST (or MNIST) read from the gzipped IDX files; pixels scaled to [0, 1].");
  s.key("data.fashion_mnist.path", Kind::string).label("Fashion-MNIST folder").def("/usr/share/datasets/fashion-mnist")
      .doc("Folder with {train,t10k}-{images-idx3,labels-idx1}-ubyte.gz (relative paths: scenario folder).");
  s.key("data.fashion_mnist.max_points", Kind::integer).label("images used").def(0).at_least(0)
      .doc("Use only this many of the 70,000 images (a seeded subset; 0 = all).");
  s.key("data.fashion_mnist.official_split", Kind::boolean).label("official train/test split").def(false)
      .doc("Train on the official 60,000 training images and test on test_size of the official 10,000 test images, "
           "instead of a seeded split of all 70,000 (needs max_points = 0).");

  s.table("data.csv", "The user's own tabular data.");
  s.key("data.csv.file", Kind::string)
      .label("CSV data file").def("").doc("CSV file with a header row (relative paths: scenario folder).");
  s.key("data.csv.label", Kind::string)
      .label("label column").def("label").doc("Column holding the class label (any text; sorted codes).");
  s.key("data.csv.group", Kind::string)
      .label("group column").def("").doc("Optional column holding a group id (empty: no groups).");
  s.key("data.csv.categorical", Kind::string_list).label("categorical columns").def(std::vector<std::string>{})
      .doc("Feature columns one-hot encoded (every other column must be numeric).");
  s.key("data.csv.ignore", Kind::string_list)
      .label("ignored columns").def(std::vector<std::string>{}).doc("Columns to drop.");
  s.key("data.csv.standardize", Kind::boolean).label("standardised features").def(true)
      .doc("Standardise numeric features with the mean and sd of the training split only.");

  s.table("data.spurious_groups",
          "WaterBirds-like benchmark: a binary background attribute correlated with the label; groups = label × "
          "attribute.");
  s.key("data.spurious_groups.base", Kind::string)
      .label("base dataset").def("gaussian_mixture").choices({"gaussian_mixture", "fashion_mnist"})
      .doc("Dataset the benchmark is built from (its own [data.<base>] table applies).");
  s.key("data.spurious_groups.correlation", Kind::real).label("spurious correlation").def(0.95).range(0, 1)
      .doc("Pr[attribute = label mod 2]: how often the background agrees with the label.");
  s.key("data.spurious_groups.strength", Kind::real).label("spurious attribute strength").def(2.0).at_least(0)
      .doc("Gaussian base: mean ±strength of the appended attribute feature (unit noise); images: background "
           "pixels (value < 0.1) set to min(1, strength/4) where the attribute is 1.");

  s.check([](const View& root, Diagnostics& out) {
    const View d = root.sub("data");
    const View cat = d.sub("categorical");
    if (d.string("source") == "categorical" && 2.0 * cat.real("p") + cat.real("delta0") > 1.0 + 1e-12)
      out.add(cat.diag("p", "categorical data needs 2·p + delta0 ≤ 1 (p = " + std::to_string(cat.real("p")) +
                                ", delta0 = " + std::to_string(cat.real("delta0")) + ")"));
    if (d.string("source") == "categorical") {
      // The distribution is built around the first collective's assign signal: it must name real features and
      // categories, and leave at least one feature free.
      const auto cols = root.elements("collective");
      if (!cols.empty()) {
        const View sig = cols[0].sub("signal");
        const std::string kind = sig.string("kind");
        const auto f = sig.integers("features");
        const auto v = sig.reals("values");
        if (kind != "auto" && kind != "assign")
          out.add(sig.diag("kind", "categorical data needs the first collective's signal kind = \"assign\" (or \"auto\")"));
        for (auto j : f)
          if (j >= cat.integer("features"))
            out.add(sig.diag("features", "signal feature " + std::to_string(j) + " is not one of the " +
                                             std::to_string(cat.integer("features")) + " categorical features"));
        for (double x : v)
          if (x != std::floor(x) || x < 0 || x >= static_cast<double>(cat.integer("cardinality")))
            out.add(sig.diag("values", "assign values must be category codes in 0 … " +
                                           std::to_string(cat.integer("cardinality") - 1)));
        if (static_cast<std::int64_t>(f.size()) >= cat.integer("features"))
          out.add(sig.diag("features", "the signal must leave at least one categorical feature free"));
      }
    }
    if (d.has("class_share")) {
      const View cs = d.sub("class_share");
      const std::string source = d.string("source");
      if (cs.has("class") != cs.has("share"))
        out.add(cs.diag(cs.has("class") ? "share" : "class", "data.class_share needs both `class` and `share`"));
      else if (cs.has("share") && source != "fashion_mnist" && source != "csv")
        out.add(cs.diag("share", "data.class_share subsamples a pooled source (fashion_mnist or csv), not \"" + source +
                                     "\" (generators set their own class proportions: "
                                     "data.gaussian_mixture.class_weights, data.categorical.p)"));
    }
    const bool mixture = d.string("source") == "gaussian_mixture" ||
                         (d.string("source") == "spurious_groups" && d.sub("spurious_groups").string("base") == "gaussian_mixture");
    const View gm = d.sub("gaussian_mixture");
    const auto weights = gm.reals("class_weights");
    if (mixture && !weights.empty()) {
      double total = 0;
      for (double w : weights) total += w;
      if (static_cast<std::int64_t>(weights.size()) != gm.integer("classes"))
        out.add(gm.diag("class_weights", "`data.gaussian_mixture.class_weights` needs one weight per class (classes = " +
                                             std::to_string(gm.integer("classes")) + "), got " +
                                             std::to_string(weights.size())));
      else if (!(total > 0))
        out.add(gm.diag("class_weights", "`data.gaussian_mixture.class_weights` must not all be 0"));
    }
    if (d.string("source") == "linear_regression") {
      const View lr = d.sub("linear_regression");
      if (static_cast<std::int64_t>(lr.reals("theta").size()) != lr.integer("dim") + 1)
        out.add(lr.diag("theta", "theta needs dim + 1 = " + std::to_string(lr.integer("dim") + 1) +
                                     " entries (weights then intercept), got " + std::to_string(lr.reals("theta").size())));
    }
    if (d.sub("fashion_mnist").boolean("official_split") && d.string("source") != "fashion_mnist")
      out.add(d.sub("fashion_mnist").diag("official_split", "official_split applies only to source = \"fashion_mnist\""));
    else if (d.sub("fashion_mnist").boolean("official_split") && d.sub("fashion_mnist").integer("max_points") > 0)
      out.add(d.sub("fashion_mnist").diag("official_split", "official_split uses every image: set max_points = 0"));
    if (d.string("source") == "csv" && d.sub("csv").string("file").empty())
      out.add(d.sub("csv").diag("file", "source = \"csv\" needs `data.csv.file`"));
    if (d.string("source") == "categorical" &&
        static_cast<double>(cat.integer("features")) * std::log(static_cast<double>(cat.integer("cardinality"))) >
            std::log(4.0e18))
      out.add(cat.diag("features", "cardinality^features must stay below 4·10^18 (the feature space is indexed)"));
  });
}

}  // namespace aca::config::sections
