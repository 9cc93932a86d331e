// Issue 15 §5 and §10: every scenario mistake that `run` would trip over is refused first by `validate`, with exit 2,
// the file and line of the key and the key itself; `run` refuses the same scenario with exit 2 and writes nothing.
#include "robustness/robustness.hpp"

namespace fs = std::filesystem;
using aca::robustness::BadInput;
using aca::robustness::check_case;
using aca::robustness::Scratch;

namespace {

// A small scenario, one section per field, each replaceable by a case (the defaults run in well under a second).
struct Parts {
  std::string simulation = "rounds = 2\n";
  std::string population = "size = 200\ninitial_members = [4]\n";
  std::string decision = "rule = \"logit\"\n";
  std::string data = "source = \"gaussian_mixture\"\ntest_size = 200\n[data.gaussian_mixture]\nclasses = 2\ndim = 4\n";
  std::string collective = "name = \"workers\"\ntarget = 1\n[collective.signal]\nkind = \"feature_set\"\n"
                           "features = [0, 1]\nvalues = [3.0, 3.0]\n";
  std::string platform = "learner = \"sgd\"\nepochs = 1\n";
  std::string extra;  // further tables, appended last
};

std::string text(const Parts& p) {
  return "[simulation]\n" + p.simulation + "[population]\n" + p.population + "[decision]\n" + p.decision + "[data]\n" +
         p.data + "[[collective]]\n" + p.collective + "[platform]\n" + p.platform + p.extra;
}

// One class of scenario mistake: the scenario, and the key (with the line that writes it) the message must name.
struct BadScenario {
  std::string what;
  Parts parts;
  std::string key;      // full key path as the message spells it
  std::string written;  // the line of the scenario that sets the key ("" when the key keeps its default)
};

// ":N:" for the 1-based line of `text` that starts with `line`, so that the message's file:line:col can be checked.
std::string position(const std::string& text, const std::string& line) {
  if (line.empty()) return "";
  std::size_t at = 0;
  for (int n = 1; at < text.size(); ++n) {
    const std::size_t end = text.find('\n', at);
    if (text.compare(at, line.size(), line) == 0) return ":" + std::to_string(n) + ":";
    if (end == std::string::npos) break;
    at = end + 1;
  }
  FAIL("the scenario has no line " << line);
  return "";
}

std::string csv_data(const std::string& file, const std::string& more = "") {
  return "source = \"csv\"\ntest_size = 4\n" + more + "[data.csv]\nfile = \"" + file + "\"\n";
}

}  // namespace

TEST_CASE("validate refuses with exit 2 every scenario mistake run would fail on, naming file, line and key",
          "[robustness]") {
  const Scratch tmp("validate");
  // A tiny table: 12 rows, two labels, a group column.
  std::string rows = "x1,x2,g,label\n";
  for (int i = 0; i < 12; ++i) rows += std::to_string(i) + "," + std::to_string(i % 3) + "," + std::to_string(i % 2) + "," + std::to_string(i % 2) + "\n";
  const std::string table = tmp.write("table.csv", rows);
  const std::string one_label = tmp.write("one_label.csv", "x1,label\n1,a\n2,a\n3,a\n4,a\n5,a\n6,a\n7,a\n8,a\n");
  const std::string edges = tmp.write("edges.txt", "0 1\n1 99999\n");
  Parts categorical;
  categorical.simulation = "rounds = 2\nmode = \"theory\"\n";
  categorical.data = "source = \"categorical\"\n";
  categorical.collective = "name = \"workers\"\n";
  Parts p;  // the base, changed case by case below

  std::vector<BadScenario> cases;
  auto add = [&](std::string what, Parts parts, std::string key, std::string written) {
    cases.push_back({std::move(what), std::move(parts), std::move(key), std::move(written)});
  };
  {
    Parts c = p;
    c.collective = "name = \"workers\"\n[collective.signal]\nkind = \"feature_set\"\nfeatures = [0, 7]\nvalues = [1.0, 1.0]\n";
    add("signal feature beyond the data's dimension", c, "collective[0].signal.features", "features = [0, 7]");
  }
  {
    Parts c = p;
    c.collective = "name = \"workers\"\n[collective.signal]\nkind = \"patch\"\n";
    add("patch signal on non-image data", c, "collective[0].signal.kind", "kind = \"patch\"");
  }
  {
    Parts c = p;
    c.collective = "name = \"workers\"\n[collective.signal]\nkind = \"assign\"\nfeatures = [0]\nvalues = [1.0]\n";
    add("assign signal on non-categorical data", c, "collective[0].signal.kind", "kind = \"assign\"");
  }
  {
    Parts c = p;
    c.collective = "[collective.signal]\nkind = \"feature_offset\"\nfeatures = [0, 1]\noffset = [1.0, 2.0, 3.0]\n";
    add("feature_offset with one offset too many", c, "collective[0].signal.offset", "offset = ");
  }
  {
    Parts c = p;
    c.collective = "[collective.signal]\nkind = \"feature_set\"\nfeatures = [1, 1]\nvalues = [1.0, 2.0]\n";
    add("a signal feature listed twice", c, "collective[0].signal.features", "features = [1, 1]");
  }
  {
    Parts c = p;
    c.platform = "learner = \"sgd\"\n[platform.model]\nkind = \"cnn\"\n";
    add("CNN on non-image data", c, "platform.model.kind", "kind = \"cnn\"");
  }
  {
    Parts c = p;
    c.platform = "learner = \"bayes_optimal\"\n";
    add("bayes_optimal on non-categorical data", c, "platform.learner", "learner = \"bayes_optimal\"");
  }
  {
    Parts c = p;
    c.platform = "learner = \"gdro\"\n";
    add("gdro on data without groups", c, "platform.gdro.groups", "");
  }
  Parts cancel = p;
  cancel.collective = "strategy = \"gradient_cancel\"\n[collective.gradient_cancel]\ntheta = [1.0, 0.0, 0.0, 0.0, 0.5]\n";
  {
    Parts c = cancel;
    c.platform = "learner = \"sgd\"\n[platform.model]\nkind = \"mlp\"\n";
    add("gradient_cancel with an MLP platform", c, "platform.model.kind", "kind = \"mlp\"");
  }
  {
    Parts c = cancel;
    c.platform = "learner = \"bayes_optimal\"\n";
    add("gradient_cancel with a counting platform", c, "platform.learner", "learner = \"bayes_optimal\"");
  }
  {
    Parts c = cancel;
    c.collective = "strategy = \"gradient_cancel\"\n[collective.gradient_cancel]\ntheta = [1.0, 0.5]\n";
    add("gradient_cancel θ* of the wrong length", c, "collective[0].gradient_cancel.theta", "theta = ");
  }
  {
    Parts c = cancel;
    c.data = "source = \"gaussian_mixture\"\ntest_size = 200\n[data.gaussian_mixture]\nclasses = 3\ndim = 4\n";
    add("logistic gradient_cancel on three labels", c, "collective[0].gradient_cancel.model", "");
  }
  {
    Parts c = p;
    c.decision = "rule = \"logit\"\nexpectations = \"rational\"\n";
    add("rational expectations where no curve is estimated", c, "decision.expectations", "expectations = ");
  }
  {
    Parts c = p;
    c.decision = "rule = \"threshold\"\nthreshold_source = \"cost\"\n";
    add("cost-derived thresholds where no curve is estimated", c, "decision.threshold_source", "threshold_source = ");
  }
  {
    Parts c = p;
    c.decision = "rule = \"logit\"\nshare = \"neighbours\"\n";
    c.extra = "[population.network]\nkind = \"erdos_renyi\"\nmean_degree = 4\n";
    add("neighbours' share with logit in learned mode", c, "decision.share", "share = ");
  }
  {
    Parts c = p;
    c.data = "source = \"gaussian_mixture\"\ntest_size = 200\n[data.gaussian_mixture]\nclasses = 2\nclass_weights = [1.0, 2.0, 3.0]\n";
    add("class_weights of the wrong length", c, "data.gaussian_mixture.class_weights", "class_weights = ");
  }
  {
    Parts c = p;
    c.population = "size = 200\ncorrelated = [\"benefit\", \"participation_cost\", \"inertia\"]\n"
                   "correlation = [[1.0, 0.9, -0.9], [0.9, 1.0, 0.9], [-0.9, 0.9, 1.0]]\n";
    add("a copula matrix that is not positive definite", c, "population.correlation", "correlation = ");
  }
  {
    Parts c = p;
    c.simulation = "rounds = 2\nmode = \"response_curve\"\n";
    c.extra = "[response_curve]\nalphas = []\n";
    add("an empty response-curve grid", c, "response_curve.alphas", "alphas = ");
  }
  {
    Parts c = p;
    c.simulation = "rounds = 2\nmode = \"response_curve\"\n";
    c.extra = "[response_curve]\nalphas = [0.1, 0.1]\n";
    add("a response-curve grid of one α", c, "response_curve.alphas", "alphas = ");
  }
  {
    Parts c = p;
    c.population = "size = 200\ninitial_members = [4, 4]\n";
    add("initial_members longer than the list of collectives", c, "population.initial_members", "initial_members = ");
  }
  {
    Parts c = p;
    c.platform = "learner = \"dp_sgd\"\n[platform.privacy]\ntarget_epsilon = 1e-9\n";
    add("a target ε no noise can reach", c, "platform.privacy.target_epsilon", "target_epsilon = ");
  }
  {
    Parts c = p;
    c.platform = "learner = \"dp_sgd\"\nbatch_size = 1000\n[platform.privacy]\nnoise_multiplier = 1.0\naccountant = \"prv\"\n";
    add("the prv accountant on full batches (it would be replaced by rdp)", c, "platform.privacy.accountant", "accountant = ");
  }
  {
    Parts c = p;
    c.platform = "learner = \"dp_sgd\"\nbatch_size = 20\n[platform.privacy]\nnoise_multiplier = 0.05\naccountant = \"prv\"\n";
    add("the prv accountant where ε is too large for it to compute", c, "platform.privacy.noise_multiplier", "noise_multiplier = ");
  }
  {
    Parts c = categorical;
    c.simulation = "rounds = 2\n";
    c.collective = "name = \"workers\"\n[[collective]]\n[collective.signal]\nkind = \"feature_set\"\nfeatures = [1]\n"
                   "values = [2.5]\n";
    c.platform = "learner = \"bayes_optimal\"\n";
    add("a signal off the category codes under the counting learner", c, "collective[1].signal.values", "values = ");
  }
  {
    Parts c = p;
    c.simulation = "rounds = 2\nseed = 9007199254740993\n";
    add("a seed above 2^53", c, "simulation.seed", "seed = ");
  }
  {
    Parts c = p;
    c.data = csv_data(table);
    c.collective = "target = 5\n[collective.signal]\nkind = \"feature_set\"\nfeatures = [0]\nvalues = [1.0]\n";
    c.population = "size = 4\n";
    add("a target that is not a label of the CSV data", c, "collective[0].target", "target = 5");
  }
  {
    Parts c = p;
    c.data = csv_data(tmp / "missing.csv");
    add("a CSV file that does not exist", c, "data.csv.file", "file = ");
  }
  {
    Parts c = p;
    c.data = csv_data(table) + "label = \"y\"\n";
    add("a CSV label column that does not exist", c, "data.csv.label", "label = ");
  }
  {
    Parts c = p;
    c.population = "size = 5\n";
    c.data = "source = \"csv\"\ntest_size = 12\n[data.csv]\nfile = \"" + table + "\"\n";
    add("a test_size that leaves no training rows", c, "data.test_size", "test_size = 12");
  }
  {
    Parts c = p;
    c.data = csv_data(table);
    add("more agents than CSV rows", c, "data.points_per_agent", "");
  }
  {
    Parts c = p;
    c.data = csv_data(one_label);
    c.collective = "target = 0\n[collective.signal]\nkind = \"feature_set\"\nfeatures = [0]\nvalues = [1.0]\n";
    c.population = "size = 4\n";
    add("CSV data with a single label", c, "platform.learner", "");
  }
  {
    Parts c = p;
    c.data = "source = \"fashion_mnist\"\n[data.fashion_mnist]\npath = \"" + (tmp / "no_images") + "\"\n";
    add("a Fashion-MNIST folder without the files", c, "data.fashion_mnist.path", "path = ");
  }
  {
    Parts c = p;
    c.population = "size = 200\nbenefit = { dist = \"empirical\", file = \"" + (tmp / "missing.csv") + "\", column = \"b\" }\n";
    add("an empirical distribution whose file does not exist", c, "population.benefit", "benefit = ");
  }
  {
    Parts c = p;
    c.extra = "[population.network]\nkind = \"edgelist\"\nfile = \"" + edges + "\"\n";
    add("an edge list naming an agent that does not exist", c, "population.network.file", "file = ");
  }
  {
    Parts c = p;
    c.population = "size = 200\nbeneficiaries = [\"label:7\"]\n";
    add("label:Y beneficiaries with a label the data lacks", c, "population.beneficiaries", "beneficiaries = ");
  }
  {
    Parts c = p;
    c.simulation = "rounds = 2\nmode = \"theory\"\n";
    add("theory mode on data without an exact distribution", c, "data.source", "source = ");
  }
  {
    Parts c = categorical;
    c.collective = "name = \"workers\"\ntargets = [0, 1]\n";
    add("theory mode with several target labels", c, "collective[0].targets", "targets = ");
  }
  {
    Parts c = categorical;
    c.data = "source = \"categorical\"\n[data.categorical]\nfeatures = 13\ncardinality = 4\n";
    add("theory mode on a feature space too large to enumerate", c, "data.categorical.features", "features = 13");
  }

  for (const auto& c : cases) {
    const std::string scenario = text(c.parts);
    const std::string file = tmp.write(std::to_string(&c - cases.data()) + ".toml", scenario);
    check_case({c.what, "validate " + file, 2, {file + position(scenario, c.written), c.key}});
  }
  CHECK(cases.size() >= 25);
}

TEST_CASE("run refuses a scenario mistake found in planning with exit 2 before writing any result", "[robustness]") {
  const Scratch tmp("validate_run");
  Parts bad_signal, cnn, rational, epsilon;
  bad_signal.collective = "[collective.signal]\nkind = \"feature_set\"\nfeatures = [9]\nvalues = [1.0]\n";
  cnn.platform = "learner = \"sgd\"\n[platform.model]\nkind = \"cnn\"\n";
  rational.decision = "expectations = \"rational\"\n";
  epsilon.platform = "learner = \"dp_sgd\"\n[platform.privacy]\ntarget_epsilon = 1e-9\n";
  const std::pair<Parts, std::string> cases[] = {{bad_signal, "collective[0].signal.features"},
                                                 {cnn, "platform.model.kind"},
                                                 {rational, "decision.expectations"},
                                                 {epsilon, "platform.privacy.target_epsilon"}};
  for (const auto& [parts, key] : cases) {
    const std::string file = tmp.write(key + ".toml", text(parts));
    const std::string out = tmp / ("out_" + key);
    check_case({key, "run " + file + " --out " + out, 2, {file, key}});
    CHECK_FALSE(fs::exists(fs::path(out) / "metrics.csv"));
    CHECK_FALSE(fs::exists(fs::path(out) / "summary.json"));
  }
}

TEST_CASE("an empty file, a folder, /dev/null or a file without collectives is refused with exit 2", "[robustness]") {
  const Scratch tmp("validate_empty");
  const std::string empty = tmp.write("empty.toml", "");
  const std::string blank = tmp.write("blank.toml", "\n  \n");
  const std::string comment = tmp.write("comment.toml", "# nothing here yet\n[simulation]\nrounds = 3\n");
  const BadInput cases[] = {
      {"an empty file", "validate " + empty, 2, {empty, "empty", "[[collective]]"}},
      {"a file of blank lines", "validate " + blank, 2, {blank, "empty"}},
      {"/dev/null", "validate /dev/null", 2, {"/dev/null", "not a regular file"}},  // refused before it is read
      {"a folder", "validate " + tmp.path().string(), 2, {tmp.path().string(), "folder"}},
      {"a scenario without [[collective]]", "validate " + comment, 2, {comment, "[[collective]]"}},
      {"run of an empty file", "run " + empty + " --out " + (tmp / "out"), 2, {empty, "empty"}},
      {"a --set seed above 2^53", "validate " + comment + " --set simulation.seed=9007199254740993", 2,
       {"simulation.seed", "9007199254740993", "out of range"}},
  };
  for (const auto& c : cases) check_case(c);
  CHECK_FALSE(fs::exists(tmp.path() / "out"));
}
