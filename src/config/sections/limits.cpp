#include <cmath>
#include <string>

#include "config/limits.hpp"
#include "config/sections/sections.hpp"

namespace aca::config::sections {

namespace {

// Features per row of the generated sources; 0 where only reading the data tells (csv) or the source bounds its
// own size (fashion_mnist: at most 70,000 images).
double generated_features(const View& data) {
  const std::string source = data.string("source");
  if (source == "categorical") return static_cast<double>(data.sub("categorical").integer("features"));
  if (source == "gaussian_mixture") return static_cast<double>(data.sub("gaussian_mixture").integer("dim"));
  if (source == "linear_regression") return static_cast<double>(data.sub("linear_regression").integer("dim"));
  if (source == "spurious_groups" && data.sub("spurious_groups").string("base") == "gaussian_mixture")
    return static_cast<double>(data.sub("gaussian_mixture").integer("dim")) + 1.0;
  return 0.0;
}

// Generated data holds (size × points_per_agent + test_size) rows of its features: refused before it is drawn.
void check_data_values(const View& root, Diagnostics& out) {
  const View data = root.sub("data");
  const double d = generated_features(data);
  if (d == 0.0) return;
  const double rows = static_cast<double>(root.sub("population").integer("size")) *
                          static_cast<double>(data.integer("points_per_agent")) +
                      static_cast<double>(data.integer("test_size"));
  const std::int64_t limit = limits(root).data_values;
  if (rows * d <= static_cast<double>(limit)) return;
  out.add(data.diag("points_per_agent",
                    "the data would hold " + count_text(rows * d) + " values (population.size × data.points_per_agent "
                    "+ data.test_size = " + count_text(rows) + " rows of " + count_text(d) + " features), " +
                        over_limit("data_values", limit,
                                   "lower data.points_per_agent, population.size or the feature dimension")));
}

}  // namespace

void declare_limits(Schema& s) {
  s.table("limits", "Size limits checked before anything is built, so that a scenario too large for the machine is "
                    "refused by `acasim validate` instead of exhausting memory; raise one only where the memory is "
                    "there. Absent keys take the defaults below (absent keys are not written to "
                    "scenario.resolved.toml).");
  s.key("limits.network_edges", Kind::integer).label("most network edges").unit("edges").at_least(1)
      .doc("Most edges of the social network, generated or read (default 50,000,000: about 1 GB while built).");
  s.key("limits.model_parameters", Kind::integer).label("most model parameters").unit("parameters").at_least(1)
      .doc("Most weights and biases of the platform model, from its architecture and the data's dimension "
           "(default 100,000,000: 0.4 GB per copy; training holds several).");
  s.key("limits.data_values", Kind::integer).label("most data values").unit("values").at_least(1)
      .doc("Most values of generated data: (population.size × data.points_per_agent + data.test_size) × features "
           "(default 500,000,000: 2 GB).");
  s.check(check_data_values);
}

}  // namespace aca::config::sections
