// The report as a reader meets it: the summary table and sentence on the shipped dp_regulation sweep, the outcome
// and heatmap figures' data, and report.html rendered in headless Chromium.
#include <catch2/catch.hpp>

#include "support/slurp.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <unistd.h>

#include "run_process.hpp"

namespace fs = std::filesystem;

namespace {

const std::string dp_scenario = std::string(ACASIM_SOURCE_DIR) + "/scenarios/dp_regulation.toml";
const std::string two_axes = std::string(ACASIM_FIXTURES) + "/scenarios/sweep_two_axes.toml";

fs::path fresh_dir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("acasim_cli_summary_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  return d;
}

std::vector<std::string> split(const std::string& line, char sep) {
  std::vector<std::string> out;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, sep)) out.push_back(cell);
  return out;
}

// A CSV without quoted fields as header → column maps, one per row.
std::vector<std::map<std::string, std::string>> read_csv(const fs::path& p) {
  std::istringstream in(slurp(p));
  std::string line;
  std::getline(in, line);
  const auto header = split(line, ',');
  std::vector<std::map<std::string, std::string>> rows;
  while (std::getline(in, line)) {
    const auto cells = split(line, ',');
    std::map<std::string, std::string> r;
    for (std::size_t c = 0; c < header.size() && c < cells.size(); ++c) r[header[c]] = cells[c];
    rows.push_back(r);
  }
  return rows;
}

std::string sig(double v, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  return buf;
}

// The last value of `collective`'s `metric` in a run's metrics.csv.
double last_value(const fs::path& run, const std::string& collective, const std::string& metric) {
  double v = NAN;
  for (const auto& r : read_csv(run / "metrics.csv"))
    if (r.at("collective") == collective && r.at("metric") == metric) v = std::stod(r.at("value"));
  return v;
}

// The data lines of block `index` of a gnuplot data file.
std::vector<std::vector<double>> block(const fs::path& dat, int index) {
  std::vector<std::vector<double>> out;
  std::istringstream in(slurp(dat));
  int k = -1;
  for (std::string l; std::getline(in, l);) {
    if (l.rfind("# ", 0) == 0) ++k;
    else if (k == index && !l.empty()) {
      std::vector<double> row;
      for (const auto& c : split(l, ' ')) row.push_back(c == "NaN" ? NAN : std::stod(c));
      out.push_back(row);
    }
  }
  return out;
}

std::string section(const std::string& md, const std::string& heading) {
  const auto b = md.find(heading);
  if (b == std::string::npos) return {};
  return md.substr(b, md.find("\n## ", b + 1) - b);
}

// The typed column of the ε axis in points.csv and every analysis table.
const std::string epsilon_column = "platform_privacy_target_epsilon";

// ε as the summary names it: "ε = ∞", "ε = 8" (the table cell reads "inf", "8").
// The summary names a policy as the reader reads it: 8.0 in the tables is "ε = 8" there.
std::string epsilon_label(const std::string& cell) {
  return "ε = " + (cell == "inf" ? std::string("∞") : sig(std::stod(cell), 4));
}

// The row of `rows` whose ε column holds `epsilon`'s value (compared as numbers: points.csv may write 8 as 8.0).
const std::map<std::string, std::string>& row_at(const std::vector<std::map<std::string, std::string>>& rows,
                                                 const std::string& epsilon) {
  const auto it = std::find_if(rows.begin(), rows.end(),
                               [&](const auto& r) { return std::stod(r.at(epsilon_column)) == std::stod(epsilon); });
  REQUIRE(it != rows.end());
  return *it;
}

fs::path dp_report() {
  const fs::path out = fresh_dir("dp");
  const auto s = run_acasim("sweep " + dp_scenario + " --jobs 2 --out " + out.string());
  INFO(s.output);
  REQUIRE(s.exit_code == 0);
  const auto r = run_acasim("report " + out.string());
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  return out;
}

}  // namespace

TEST_CASE("the dp_regulation report opens with a summary row per epsilon whose numbers are the analysis' and a "
          "sentence computed from them", "[cli][report][summary]") {
  const fs::path out = dp_report();
  const std::string md = slurp(out / "report" / "report.md");
  const auto summary = md.find("## Summary"), manifest = md.find("## Manifest");
  REQUIRE(summary != std::string::npos);
  REQUIRE(summary < md.find("## Outcomes against the swept parameters"));
  REQUIRE(md.find("## Outcomes against the swept parameters") < manifest);
  REQUIRE(md.find("\n## ") == summary - 1);  // the first section after the title and its sentence
  const std::string table = section(md, "## Summary");

  const auto cm = read_csv(out / "analysis" / "critical_mass.csv");
  const auto eq = read_csv(out / "analysis" / "equilibria.csv");
  const auto points = read_csv(out / "points.csv");
  REQUIRE(cm.size() == 5);
  REQUIRE(eq.size() == 5);  // one stable equilibrium per ε
  REQUIRE(points.size() == 5);  // one replicate per ε
  for (std::size_t i = 0; i < cm.size(); ++i) {
    const std::string epsilon = cm[i].at(epsilon_column);
    const std::string label = epsilon_label(epsilon);
    const auto& equilibrium = row_at(eq, epsilon);
    REQUIRE(equilibrium.at("stability") == "stable");
    const double final_alpha = last_value(out / "points" / row_at(points, epsilon).at("point"), "workers", "alpha");
    const std::string row = "| " + label + " | " + sig(std::stod(cm[i].at("alpha_star")), 4) + " [" +
                            sig(std::stod(cm[i].at("lower")), 4) + ", " + sig(std::stod(cm[i].at("upper")), 4) +
                            "] | " + sig(std::stod(equilibrium.at("alpha")), 4) + " (stable) | " + sig(final_alpha, 4) +
                            " | ";
    INFO(row);
    REQUIRE(table.find(row) != std::string::npos);
  }
  // Design order ∞, 8, 4, 2, 1: the sentence runs from the first to the last, the direction read off all the numbers
  // (a step against the overall direction makes it non-monotone).
  std::vector<double> stars;
  for (const auto& c : cm) stars.push_back(std::stod(c.at("alpha_star")));
  const double first = stars.front(), last = stars.back();
  const bool up = std::is_sorted(stars.begin(), stars.end()),
             down = std::is_sorted(stars.rbegin(), stars.rend());
  const std::string verb = up ? "rises" : down ? "falls" : "moves non-monotonically";
  const std::string clause = "α* " + verb + " from " + sig(first, 2) + " (ε = ∞) to " + sig(last, 2) + " (ε = 1)";
  INFO(clause);
  REQUIRE(table.find("As ε goes from ∞ to 1: " + clause) != std::string::npos);
  const double eq_first = std::stod(row_at(eq, cm.front().at(epsilon_column)).at("alpha")),
               eq_last = std::stod(row_at(eq, cm.back().at(epsilon_column)).at("alpha"));
  REQUIRE(table.find("the stable equilibrium " + std::string(eq_last > eq_first ? "rises" : "falls") + " from " +
                     sig(eq_first, 2) + " (ε = ∞) to " + sig(eq_last, 2) + " (ε = 1)") != std::string::npos);
  fs::remove_all(out);
}

TEST_CASE("the dp_regulation outcome figure plots alpha* with its bootstrap interval at each epsilon, infinity "
          "beyond the finite values", "[cli][report][summary]") {
  const fs::path out = dp_report();
  const fs::path dat = out / "report" / "figures" / "outcomes_vs_platform_privacy_target_epsilon.dat";
  const auto rows = block(dat, 0);  // alpha_star, sorted by position: ε = 1, 2, 4, 8, then ∞
  REQUIRE(slurp(dat).rfind("# alpha_star", 0) == 0);
  auto cm = read_csv(out / "analysis" / "critical_mass.csv");
  std::reverse(cm.begin(), cm.end());  // design order ∞ … 1 → ascending 1 … ∞
  REQUIRE(rows.size() == 5);
  for (std::size_t i = 0; i < 5; ++i) {
    INFO(i);
    REQUIRE(rows[i][1] == std::stod(cm[i].at("alpha_star")));
    REQUIRE(rows[i][2] == std::stod(cm[i].at("lower")));
    REQUIRE(rows[i][3] == std::stod(cm[i].at("upper")));
  }
  REQUIRE(rows[3][0] == 8.0);
  REQUIRE(rows[4][0] > 8.0);  // ∞ at its marked position beyond the break
  REQUIRE(slurp(out / "report" / "figures" / "outcomes_vs_platform_privacy_target_epsilon.gp").find("'∞ (no DP)'") !=
          std::string::npos);
  REQUIRE(slurp(out / "report" / "report.md").find("α* with its 95 % bootstrap interval") != std::string::npos);
  fs::remove_all(out);
}

TEST_CASE("a two-axis sweep's heatmap holds the mean final alpha of every threshold x rewire cell", "[cli][report]") {
  const fs::path out = fresh_dir("two_axes");
  REQUIRE(run_acasim("sweep " + two_axes + " --jobs 2 --out " + out.string()).exit_code == 0);
  const auto r = run_acasim("report " + out.string());
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  std::map<std::pair<double, double>, std::vector<double>> cells;  // (threshold, rewire) → final α per replicate
  for (const auto& p : read_csv(out / "points.csv"))
    cells[{std::stod(p.at("population_threshold_mean")), std::stod(p.at("population_network_rewire"))}].push_back(
        last_value(out / "points" / p.at("point"), "movement", "alpha"));
  REQUIRE(cells.size() == 6);
  const fs::path dat = out / "report" / "figures" /
                       "heatmap_final_alpha_population_threshold_mean_x_population_network_rewire.dat";
  const auto image = block(dat, 0);
  REQUIRE(image.size() == 6);
  const std::vector<double> thresholds = {0.2, 0.3}, rewires = {0.0, 0.05, 0.2};
  for (const auto& row : image) {
    const auto& values = cells.at({thresholds.at(static_cast<std::size_t>(row[1])), rewires.at(static_cast<std::size_t>(row[0]))});
    REQUIRE(values.size() == 2);
    REQUIRE(row[2] == Approx((values[0] + values[1]) / 2).epsilon(1e-12));
  }
  const std::string gp = slurp(fs::path(dat).replace_extension(".gp"));
  // Axes named by the schema's labels, a distribution's field by the distribution's label.
  REQUIRE(gp.find("set xlabel 'rewiring probability p'") != std::string::npos);
  REQUIRE(gp.find("set ylabel 'participation threshold τ, mean (share)'") != std::string::npos);
  for (const char* f : {"outcomes_vs_population_threshold_mean.png", "outcomes_vs_population_network_rewire.png"})
    REQUIRE(fs::file_size(out / "report" / "figures" / f) > 1000);
  fs::remove_all(out);
}

TEST_CASE("a Latin-hypercube sweep draws no heatmap and pools its configurations into one unjoined cloud per figure",
          "[cli][report]") {
  const fs::path out = fresh_dir("lhs_pairs");
  fs::create_directories(out.parent_path());
  const fs::path toml = out.string() + ".toml";
  std::ofstream(toml) << "[simulation]\nname = \"lhs_pairs\"\nseed = 7\nrounds = 10\nmode = \"theory\"\n"
                         "[population]\nsize = 200\ninitial_members = [20]\n"
                         "participation_cost = { dist = \"uniform\", low = 0.2, high = 1.0 }\n"
                         "[decision]\nrule = \"best_response\"\n[data]\nsource = \"categorical\"\n"
                         "[[collective]]\nname = \"workers\"\nstrategy = \"feature_label\"\ntarget = 1\n"
                         "[sweep]\ndesign = \"latin_hypercube\"\npoints = 42\n"
                         "[[sweep.axis]]\nkey = \"population.benefit\"\nlow = 0.5\nhigh = 2.0\n"
                         "[[sweep.axis]]\nkey = \"population.participation_cost.high\"\nlow = 0.6\nhigh = 1.5\n";
  REQUIRE(run_acasim("sweep " + toml.string() + " --out " + out.string()).exit_code == 0);
  const auto r = run_acasim("report " + out.string());
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  // 42 sampled pairs of 42 values each: a 42 × 42 matrix with 1,722 empty cells is no picture of either lever.
  const std::string md = slurp(out / "report" / "report.md");
  CHECK(md.find("## Two swept parameters at once") == std::string::npos);
  for (const auto& f : fs::directory_iterator(out / "report" / "figures"))
    CHECK(f.path().filename().string().rfind("heatmap_", 0) != 0);
  // Each lever still gets its outcomes figure: with the other lever varying from point to point, no two
  // configurations form a line, so all 42 are one cloud of unjoined points with their intervals, and the axis
  // lists at most eight tick labels instead of one per sampled value.
  CHECK(fs::exists(out / "report" / "figures" / "outcomes_vs_population_benefit.png"));
  const std::string dat = slurp(out / "report" / "figures" / "outcomes_vs_population_benefit.dat");
  CHECK(dat.find("final_alpha | every configuration | scatter") != std::string::npos);
  CHECK(dat.find("| interval") == std::string::npos);
  std::size_t final_alpha_rows = 0;
  {
    const auto at = dat.find("final_alpha | every configuration | scatter");
    std::istringstream block(dat.substr(dat.find('\n', at) + 1));
    for (std::string line; std::getline(block, line) && !line.empty();) ++final_alpha_rows;
  }
  CHECK(final_alpha_rows == 42);
  const std::string gp = slurp(out / "report" / "figures" / "outcomes_vs_population_benefit.gp");
  const auto xtics = gp.find("set xtics");
  REQUIRE(xtics != std::string::npos);
  const std::string line = gp.substr(xtics, gp.find('\n', xtics) - xtics);
  CHECK(std::count(line.begin(), line.end(), ',') < 8);
  CHECK_THAT(md, Catch::Contains("One point per configuration"));
  // Twelve participation maps are drawn and twenty summary rows shown, and the report says where the rest are.
  CHECK_THAT(md, Catch::Contains("The first 12 of 42 maps"));
  CHECK_THAT(md, Catch::Contains("The first 20 of 42 rows, in design order; analysis/critical_mass.csv"));
  const std::string summary = md.substr(md.find("## Summary"), md.find("\n## ", md.find("## Summary") + 1) - md.find("## Summary"));
  CHECK(std::count(summary.begin(), summary.end(), '\n') < 40);
  CHECK(fs::exists(out / "report" / "figures" / "participation_map_11.png"));
  CHECK_FALSE(fs::exists(out / "report" / "figures" / "participation_map_12.png"));
  fs::remove_all(out);
  fs::remove(toml);
}
