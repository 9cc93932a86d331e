#include "config/sections/sections.hpp"

namespace aca::config::sections {

void declare_analysis(Schema& s) {
  s.table("analysis", "What the analysis reports about the run.");
  s.key("analysis.target_success", Kind::real).label("success target").symbol("S*").def(0.9).range(0, 1)
      .doc("Success target S*: the critical mass is α*(S*) = min{α : S(α) ≥ S*}.");
}

}  // namespace aca::config::sections
