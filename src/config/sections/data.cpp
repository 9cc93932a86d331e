#include "config/sections/sections.hpp"

namespace aca::config::sections {

void declare_data(Schema& s) {
  s.table("data", "The platform's data: where it comes from and how it is split between agents.");
  s.key("data.source", Kind::string).def("categorical")
      .choices({"categorical", "gaussian_mixture", "fashion_mnist", "csv", "spurious_groups"})
      .doc("Dataset generator or reader.");
  s.key("data.points_per_agent", Kind::integer).def(1).range(1, 1e6)
      .doc("Training points owned by each agent (population.size × this must fit the data).");
  s.key("data.test_size", Kind::integer).def(2000).range(1, 1e8)
      .doc("Held-out points used to measure success and accuracy.");

  s.table("data.categorical", "Synthetic finite distribution with known P0(x, y) (exact theory available).");
  s.key("data.categorical.labels", Kind::integer).def(4).range(2, 1000).doc("Number of labels |Y|.");
  s.key("data.categorical.xi", Kind::real).def(0.01).range(0, 1)
      .doc("Uniqueness ξ = P0(X*): base-data mass of the signal set.");
  s.key("data.categorical.delta0", Kind::real).def(0.5).range(0, 1)
      .doc("Δ0: how strongly the base data on X* favours a label other than the target.");
  s.key("data.categorical.label_noise", Kind::real).def(0.0).range(0, 1)
      .doc("Fraction of base labels replaced by uniformly random ones.");
}

}  // namespace aca::config::sections
