// Issue 15 §1, §5, §6, §10 (sweep side): a sweep folder holds only results of the settings it claims (a rerun with
// changed settings, scenario file, data file is refused naming what changed), every sweep axis value is checked as
// the scenario it produces and reported at its line, and a design too large to plan is refused at once.
#include "robustness/robustness.hpp"

#include <algorithm>
#include <sstream>

namespace fs = std::filesystem;
using aca::robustness::BadInput;
using aca::robustness::check_case;
using aca::robustness::Scratch;

namespace {

// A theory-mode sweep of two points that runs in well under a second; its participation costs are read from a
// CSV file (an empirical distribution), so the sweep reads a data file.
std::string small_sweep(const std::string& extra = "", int rounds = 4) {
  return "[simulation]\nseed = 5\nrounds = " + std::to_string(rounds) +
         "\nmode = \"theory\"\n\n"
         "[population]\nsize = 200\n"
         "participation_cost = { dist = \"empirical\", file = \"costs.csv\", column = \"cost\" }\n"
         "initial_members = [20]\n\n"
         "[[collective]]\nname = \"a\"\n\n"
         "[sweep]\ndesign = \"grid\"\n\n"
         "[[sweep.axis]]\nkey = \"decision.rule\"\nvalues = [\"logit\", \"best_response\"]\n" +
         extra;
}

const std::string costs = "cost\n0.05\n0.1\n0.2\n0.3\n";

std::string replaced(std::string text, const std::string& what, const std::string& with) {
  return text.replace(text.find(what), what.size(), with);
}

// The values of one column of a CSV file without quoted commas (results.csv here).
std::vector<std::string> column(const std::string& csv, const std::string& name) {
  std::istringstream in(csv);
  std::string line, cell;
  std::getline(in, line);
  std::vector<std::string> header;
  for (std::istringstream h(line); std::getline(h, cell, ',');) header.push_back(cell);
  const auto at = static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  std::vector<std::string> out;
  while (std::getline(in, line)) {
    std::istringstream r(line);
    for (std::size_t i = 0; std::getline(r, cell, ','); ++i)
      if (i == at) out.push_back(cell);
  }
  return out;
}

}  // namespace

TEST_CASE("a sweep rerun into a folder of other settings exits 2 naming what changed", "[robustness]") {
  const Scratch tmp("sweep_rerun");
  const std::string s = tmp.write("s.toml", small_sweep());
  tmp.write("costs.csv", costs);
  const std::string out = tmp / "out";
  const std::string sweep = "sweep " + s + " -q --out " + out;
  REQUIRE(run_acasim(sweep + " --set simulation.rounds=3").exit_code == 0);
  const std::string before = slurp(fs::path(out) / "results.csv");

  check_case({"changed --set", sweep + " --set simulation.rounds=2", 2,
              {out, "simulation.rounds: 3 → 2", "--out NEW_FOLDER", "--replace"}});
  check_case({"a --set dropped", sweep, 2, {out, "simulation.rounds: 3 → 4"}});
  check_case({"a --set added", sweep + " --set simulation.rounds=3 --set population.inertia=0.5", 2,
              {out, "population.inertia: ", " → 0.5"}});

  tmp.write("s.toml", replaced(small_sweep(), "size = 200", "size = 150"));
  check_case({"edited scenario file", sweep + " --set simulation.rounds=3", 2, {out, "population.size: 200 → 150"}});
  tmp.write("s.toml", small_sweep());

  tmp.write("costs.csv", "cost\n0.5\n0.6\n");
  check_case({"edited data file", sweep + " --set simulation.rounds=3", 2,
              {out, "data file", "costs.csv", "population.participation_cost.file", "content changed"}});
  tmp.write("costs.csv", costs);

  tmp.write("s.toml", small_sweep("", 4) + "[[sweep.axis]]\nkey = \"population.inertia\"\nvalues = [0.1]\n");
  check_case({"another axis", sweep + " --set simulation.rounds=3", 2, {out, "sweep.axis[1].key: <absent> → "}});
  tmp.write("s.toml", small_sweep());

  // Refused before anything was written: the folder still holds the first sweep's table.
  CHECK(slurp(fs::path(out) / "results.csv") == before);
  // The same settings resume (nothing to run) and leave the table as it was.
  const auto again = run_acasim(sweep + " --set simulation.rounds=3");
  CHECK(again.exit_code == 0);
  CHECK_THAT(again.output, Catch::Contains("0 run now"));
  CHECK(slurp(fs::path(out) / "results.csv") == before);
}

TEST_CASE("a sweep rerun with --replace deletes the stale points and holds the new settings' numbers", "[robustness]") {
  const Scratch tmp("sweep_replace");
  const std::string s = tmp.write("s.toml", small_sweep());
  tmp.write("costs.csv", costs);
  const std::string out = tmp / "out";
  const std::string sweep = "sweep " + s + " -q --out " + out;
  REQUIRE(run_acasim(sweep + " --set simulation.rounds=3").exit_code == 0);
  CHECK(column(slurp(fs::path(out) / "results.csv"), "rounds") == std::vector<std::string>{"3", "3"});
  const auto r = run_acasim(sweep + " --set simulation.rounds=2 --replace");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.output, Catch::Contains("2 run now"));
  CHECK(column(slurp(fs::path(out) / "results.csv"), "rounds") == std::vector<std::string>{"2", "2"});
  std::size_t folders = 0;
  for (const auto& e : fs::directory_iterator(fs::path(out) / "points")) folders += e.is_directory() ? 1 : 0;
  CHECK(folders == 2);  // the stale points are gone
  CHECK_THAT(slurp(fs::path(out) / "sweep.json"), Catch::Contains("\"simulation.rounds=2\""));
  CHECK_THAT(slurp(fs::path(out) / "scenario.resolved.toml"), Catch::Contains("rounds = 2"));
}

TEST_CASE("an extended design resumes into the same folder, running only the new points", "[robustness]") {
  const Scratch tmp("sweep_extend");
  const std::string s = tmp.write("s.toml", small_sweep());
  tmp.write("costs.csv", costs);
  const std::string out = tmp / "out";
  REQUIRE(run_acasim("sweep " + s + " -q --out " + out).exit_code == 0);
  tmp.write("s.toml", replaced(small_sweep(), "design = \"grid\"", "design = \"grid\"\nreplicates = 2"));
  const auto r = run_acasim("sweep " + s + " -q --out " + out);
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.output, Catch::Contains("4 points (2 run now"));
}

TEST_CASE("a bad sweep axis value exits 2 from validate and sweep at the value's line, not at a --set", "[robustness]") {
  const Scratch tmp("sweep_axes");
  tmp.write("costs.csv", costs);
  const std::string out = " -q --out " + (tmp / "out");
  const auto axis = [](const std::string& key, const std::string& values) {
    return "[[sweep.axis]]\nkey = \"" + key + "\"\nvalues = " + values + "\n";
  };
  // small_sweep() puts the first axis's `values` on line 19; an extra axis's `key` on line 21 and `values` on 22, a
  // second extra axis's on 24 and 25.
  const struct {
    std::string what, extra;
    std::vector<std::string> says;
    bool quick = false;  // the problem is in the quick design only: check validate and sweep --quick
  } cases[] = {
      {"value out of range", axis("population.size", "[100, -3]"),
       {"a.toml:22:", "[[sweep.axis]] population.size", "`population.size` = -3 is out of range"}},
      {"value of the wrong type", axis("population.size", "[100, \"many\"]"), {"a.toml:22:", "population.size"}},
      {"value not among the choices", axis("decision.temperature", "[0.1]") + axis("collective.0.strategy", "[\"feature_lable\"]"),
       {"a.toml:25:", "collective.0.strategy", "feature_lable"}},
      {"value breaking a check across keys", axis("population.size", "[100, 10]"),
       {"a.toml:9:", "population.initial_members", "in the sweep point decision.rule = 'logit', population.size = 10"}},
      {"value the plan stage refuses (a label the data lacks)", axis("collective.0.target", "[1, 9]"),
       {"a.toml:22:", "[[sweep.axis]] collective.0.target", "target = 9 but the dataset has 4 labels"}},
      {"axis over an unknown key", axis("population.sise", "[100]"), {"a.toml:22:", "population.sise"}},
      {"the same key twice", axis("decision.rule", "[\"logit\"]"), {"a.toml:21:", "decision.rule", "swept twice"}},
      {"the same key twice, spelled differently", axis("collective[0].target", "[1]") + axis("collective.0.target", "[2]"),
       {"a.toml:24:", "collective.0.target", "swept twice"}},
      {"list design of unequal axes", axis("population.size", "[100, 200, 300]"),
       {"a.toml:22:", "design = \"list\" needs every axis to have the same number of values (2)"}},
      {"quick set entry out of range", "[sweep.quick]\nset = [\"simulation.rounds=-1\"]\n",
       {"a.toml:21:", "sweep.quick.set", "simulation.rounds"}, true},
      {"quick axis value out of range", "[[sweep.quick.axis]]\nkey = \"population.size\"\nvalues = [0]\n",
       {"a.toml:22:", "[[sweep.quick.axis]] population.size", "out of range"}, true},
  };
  for (const auto& c : cases) {
    std::string text = small_sweep(c.extra);
    if (c.what == "list design of unequal axes") text = replaced(text, "\"grid\"", "\"list\"");
    const std::string s = tmp.write("a.toml", text);
    const std::vector<std::string> cmds = {"validate " + s, "sweep " + s + (c.quick ? " --quick" : "") + out};
    for (const auto& cmd : cmds) {
      const auto r = check_case({c.what, cmd, 2, c.says});
      CHECK_THAT(r.output, !Catch::Contains("--set"));  // the user typed no --set
    }
    CHECK_FALSE(fs::exists(tmp.path() / "out"));
  }
}

TEST_CASE("a --set of a swept key exits 2: the axis would silently override it", "[robustness]") {
  const Scratch tmp("sweep_set_axis");
  tmp.write("costs.csv", costs);
  const std::string s = tmp.write("s.toml", small_sweep());
  check_case({"--set of a swept key", "sweep " + s + " -q --out " + (tmp / "out") + " --set decision.rule=logit", 2,
              {"--set decision.rule=logit", "is a sweep axis"}});
  CHECK_FALSE(fs::exists(tmp.path() / "out"));
}

TEST_CASE("a sweep design too large to plan exits 2 at once from validate and sweep, naming the limit", "[robustness]") {
  const Scratch tmp("sweep_huge");
  tmp.write("costs.csv", costs);
  std::string big = "[";
  for (int i = 0; i < 100000; ++i) big += (i ? "," : "") + std::to_string(100 + i % 50);
  big += "]";
  std::string hundred;
  for (int i = 0; i < 100; ++i) hundred += (i ? "," : "") + std::to_string(100 + i);
  const struct {
    std::string what, text;
  } cases[] = {
      {"10^10-point grid", small_sweep("[[sweep.axis]]\nkey = \"population.size\"\nvalues = " + big +
                                       "\n[[sweep.axis]]\nkey = \"population.inertia\"\nvalues = " + big + "\n")},
      {"huge replicates", [] {
         std::string t = small_sweep();
         t.replace(t.find("design = \"grid\""), 15, "design = \"grid\"\nreplicates = 100000");
         return t;
       }()},
      {"latin hypercube points × replicates", [] {
         std::string t = small_sweep();
         t.replace(t.find("design = \"grid\""), 15, "design = \"latin_hypercube\"\npoints = 1000000\nreplicates = 100");
         return t;
       }()},
      {"quick axes grid", small_sweep("[sweep.quick]\nreplicates = 1000\n[[sweep.quick.axis]]\nkey = \"population.size\"\n"
                                      "values = [" + hundred + "]\n")},
  };
  for (const auto& c : cases) {
    const std::string s = tmp.write("huge.toml", c.text);
    std::vector<std::string> cmds = {"validate " + s, "sweep " + s + " -q --quick --out " + (tmp / "out")};
    if (c.what != "quick axes grid") cmds.push_back("sweep " + s + " -q --out " + (tmp / "out"));
    for (const auto& cmd : cmds)
      check_case({c.what, cmd, 2, {"huge.toml:", "more than 20000 points", "split it into several sweeps"}});
    CHECK_FALSE(fs::exists(tmp.path() / "out"));
  }
}
