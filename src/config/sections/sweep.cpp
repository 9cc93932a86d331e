#include "config/sections/sections.hpp"

namespace aca::config::sections {

void declare_sweep(Schema& s) {
  s.table("sweep", "A designed experiment over scenario keys (acasim sweep).");
  s.key("sweep.design", Kind::string).def("grid").choices({"grid", "list", "latin_hypercube"})
      .doc("grid: every combination of the axes; list: i-th values together; latin_hypercube: sampled design.");
  s.key("sweep.replicates", Kind::integer).def(1).range(1, 100000).doc("Independent seeds per design point.");
  s.table_array("sweep.axis", "One [[sweep.axis]] per swept key.");
  s.key("sweep.axis[].key", Kind::string).required().doc("Scenario key to vary, e.g. platform.privacy.target_epsilon.");
  s.key("sweep.axis[].values", Kind::value_list).required().doc("Values the key takes.");
}

}  // namespace aca::config::sections
