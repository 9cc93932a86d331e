#include "config/sections/sections.hpp"

namespace aca::config::sections {

void declare_collective(Schema& s) {
  s.table_array("collective", "One [[collective]] per coordinated group: its signal, target and strategy.", 0, 16);
  s.key("collective[].name", Kind::string).def("").doc("Label used in outputs (default: collective index).");
  s.key("collective[].strategy", Kind::string).def("feature_label")
      .choices({"feature_label", "feature_only", "erasure", "gradient_cancel"})
      .doc("feature_label: report (g(x), y*); feature_only: (g(x), y) when y = y*; erasure: make f(g(x)) = f(x).");
  s.key("collective[].target", Kind::integer).def(0).range(0, 1e6).doc("Target label y*.");
  s.key("collective[].good", Kind::string).def("exclusive").choices({"exclusive", "public"})
      .doc("exclusive: only members benefit (γ = 0); public: everyone benefits (γ = 1, free riding).");
  s.key("collective[].coordination_noise", Kind::real).def(0.0).range(0, 1)
      .doc("Probability that a member applies a perturbed signal instead of the agreed one.");
}

}  // namespace aca::config::sections
