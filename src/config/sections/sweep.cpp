#include "config/sections/sections.hpp"

namespace aca::config::sections {

namespace {

// The same axis keys serve the full design ([[sweep.axis]]) and the quick one ([[sweep.quick.axis]]).
void declare_axis(Schema& s, const std::string& table) {
  s.key(table + "[].key", Kind::string)
      .label("axis key").required().doc("Scenario key to vary, e.g. platform.privacy.target_epsilon.");
  s.key(table + "[].values", Kind::value_list).label("axis values")
      .doc("Values the key takes (grid and list designs; latin_hypercube, sobol and morris pick among them by "
           "stratum of the unit interval).");
  s.key(table + "[].toml", Kind::boolean).label("values as TOML text").def(false)
      .doc("The values are strings holding TOML value text, for keys that take arrays: "
           "values = [\"[2]\", \"[20]\"] for population.initial_members.");
  s.key(table + "[].low", Kind::real)
      .label("lower end of the range")
      .doc("latin_hypercube, sobol, morris: lower end of a numeric range (give low and high instead of values).");
  s.key(table + "[].high", Kind::real)
      .label("upper end of the range").doc("latin_hypercube, sobol, morris: upper end of the numeric range.");
  s.key(table + "[].log", Kind::boolean).label("log-scale range").def(false)
      .doc("latin_hypercube, sobol, morris: sample the range [low, high] on a log scale (both ends > 0).");
  s.key(table + "[].integer", Kind::boolean).label("integer values").def(false)
      .doc("latin_hypercube, sobol, morris: round sampled values of the range to integers (for integer keys).");
}

void check_axes(const View& sw, const std::string& name, bool sampled, Diagnostics& out) {
  for (const auto& a : sw.elements(name)) {
    const bool values = a.has("values"), low = a.has("low"), high = a.has("high");
    if (low != high) out.add(a.diag(low ? "high" : "low", "an axis range needs both `low` and `high`"));
    if (values && low) out.add(a.diag("low", "give either `values` or a `low`/`high` range, not both"));
    if (!values && !low)
      out.add(a.diag("values", "an axis needs `values` (or a `low`/`high` range for latin_hypercube, sobol, morris)"));
    if (low && !sampled)
      out.add(a.diag("low", "`low`/`high` ranges need design = \"latin_hypercube\", \"sobol\" or \"morris\""));
    if (low && high && a.real("low") > a.real("high")) out.add(a.diag("low", "`low` must not exceed `high`"));
    if (low && a.boolean("log") && a.real("low") <= 0) out.add(a.diag("log", "a log-scale range needs low > 0"));
    if (values && a.boolean("toml"))
      for (const auto& v : a.value_texts("values"))
        if (v.empty() || (v.front() != '"' && v.front() != '\''))
          out.add(a.diag("values", "with toml = true every value is a string of TOML text, got " + v));
  }
}

}  // namespace

void declare_sweep(Schema& s) {
  s.table("sweep", "A designed experiment over scenario keys (acasim sweep).");
  s.key("sweep.design", Kind::string).label("sweep design").def("grid")
      .choices({"grid", "list", "latin_hypercube", "sobol", "morris"})
      .doc("grid: every combination of the axes; list: i-th values together; latin_hypercube: `points` samples, "
           "each axis's range cut into `points` equal strata and every stratum used exactly once; sobol: Saltelli's "
           "design for first-order and total Sobol indices, `base_samples` × (axes + 2) points on a quasi-random "
           "Sobol sequence; morris: `trajectories` × (axes + 1) points of Morris's elementary effects on a "
           "`levels`-level grid (acasim analyze writes the indices: analysis/sensitivity.csv).");
  s.key("sweep.points", Kind::integer).label("design points").def(10).range(1, 1000000)
      .doc("latin_hypercube: number of design points (drawn from the simulation seed's sweep stream).");
  s.key("sweep.base_samples", Kind::integer).label("Sobol base samples").def(32).range(1, 100000)
      .doc("sobol: base samples N of Saltelli's scheme; the design has N × (axes + 2) points (the indices' "
           "bootstrap intervals narrow as 1/√N).");
  s.key("sweep.trajectories", Kind::integer).label("Morris trajectories").def(10).range(1, 100000)
      .doc("morris: trajectories r; the design has r × (axes + 1) points.");
  s.key("sweep.levels", Kind::integer).label("Morris grid levels").def(4).range(2, 100)
      .doc("morris: levels p of the grid each axis's range is cut into (even); each step moves one axis by "
           "Δ = p / (2(p − 1)) of its range.");
  s.key("sweep.replicates", Kind::integer)
      .label("replicates per point").def(1).range(1, 100000).doc("Independent seeds per design point.");
  s.key("sweep.batch_points", Kind::string).label("batched points").def("auto").choices({"auto", "on", "off"})
      .doc("response_curve mode: estimate the curves of points whose learners differ at most in hyperparameters "
           "(ε, σ, C, learning rate, epochs, ...) together, as batched ensembles across points, before the points run "
           "(on), or each point its own (off); auto: on when platform.device = \"cuda\" (on a CPU batching does not "
           "pay: docs/ensembles.md).");
  s.table_array("sweep.axis", "One [[sweep.axis]] per swept key.");
  declare_axis(s, "sweep.axis");

  s.table("sweep.quick", "The reduced design `acasim sweep --quick` runs: a smoke test in well under a minute.");
  s.key("sweep.quick.points", Kind::integer).label("quick design points").def(3).range(1, 1000)
      .doc("Without [[sweep.quick.axis]]: this many points of the full design, evenly spaced in design order.");
  s.key("sweep.quick.replicates", Kind::integer)
      .label("replicates per quick point").def(1).range(1, 1000).doc("Replicates per quick point.");
  s.key("sweep.quick.set", Kind::string_list).label("quick overrides").def(std::vector<std::string>{})
      .doc("Overrides \"key=value\" applied to every quick point (e.g. \"simulation.rounds=5\").");
  s.table_array("sweep.quick.axis", "Axes of the quick design (a grid); when absent the full design is subsampled.");
  declare_axis(s, "sweep.quick.axis");

  s.check([](const View& root, Diagnostics& out) {
    const View sw = root.sub("sweep");
    const std::string design = sw.string("design");
    check_axes(sw, "axis", design == "latin_hypercube" || design == "sobol" || design == "morris", out);
    if (design == "morris" && sw.integer("levels") % 2 != 0)
      out.add(sw.diag("levels", "design = \"morris\" needs an even number of levels (Δ = p / (2(p − 1)) then "
                                "pairs every level with one Δ away); use " + std::to_string(sw.integer("levels") + 1)));
    check_axes(sw.sub("quick"), "axis", false, out);
  });
}

}  // namespace aca::config::sections
