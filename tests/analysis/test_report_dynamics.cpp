#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "analysis/report_dynamics.hpp"
#include "support/slurp.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using namespace aca::analysis;
using aca::analysis::test::ScratchDir;

namespace {

RunDynamics run(const std::string& point, long replicate, const std::string& epsilon, double level) {
  RunDynamics d;
  d.point = point;
  d.replicate = replicate;
  d.settings = {{"platform.learner", "'erm'"}, {"platform.privacy.target_epsilon", epsilon}};
  d.alpha.push_back({"workers", {0, 1, 2}, {level, level + 0.1, level + 0.2}});
  d.success.push_back({"workers", {0, 1, 2}, {0.5, 0.5, 0.5}});
  d.converged_round = replicate == 0 ? 2 : -1;
  return d;
}

}  // namespace

TEST_CASE("configuration legends name only what varies, in words and values, never point ids",
          "[analysis][report][dynamics]") {
  const std::vector<std::vector<Setting>> configs = {
      {{"platform.learner", "'erm'"}, {"platform.privacy.target_epsilon", "4.0"}},
      {{"platform.learner", "'erm'"}, {"platform.privacy.target_epsilon", "inf"}}};
  REQUIRE(configuration_legend(configs[0], configs) == "ε = 4");
  REQUIRE(configuration_legend(configs[1], configs) == "ε = ∞ (no DP)");
  REQUIRE(configuration_legend(configs[0], {configs[0]}).empty());
  const std::vector<std::vector<Setting>> lists = {{{"population.initial_members", "[40, 20]"}},
                                                   {{"population.initial_members", "[10, 20]"}}};
  REQUIRE(configuration_legend(lists[0], lists) == "initial members = 40, 20");
}

TEST_CASE("a sweep with replicates gets one replicate figure per collective: a block per seed and the mean, "
          "legend by setting", "[analysis][report][dynamics]") {
  const ScratchDir dir("report_dynamics");
  FolderAnalysis a;
  a.sweep = true;
  a.dir = dir.path();
  a.axes = {"platform.learner", "platform.privacy.target_epsilon"};
  for (long r = 0; r < 3; ++r) a.dynamics.push_back(run("p" + std::to_string(r), r, "4.0", 0.1 * r));
  for (long r = 0; r < 3; ++r) a.dynamics.push_back(run("q" + std::to_string(r), r, "1.0", 0.05 * r));
  ReportBuilder r{a, dir.path(), dir / "figures", {}, {}, {}};
  add_dynamics(r);
  REQUIRE(r.figures.size() == 2);  // α(t), then S(t)
  REQUIRE(r.figures[0].data.filename() == "replicates_workers_0.dat");
  REQUIRE(r.figures[1].data.filename() == "replicates_success_workers_0.dat");
  REQUIRE(slurp(r.figures[1].data).find("# ε = 4, mean min max over 3 replicates\n0 0.5 0.5 0.5\n") !=
          std::string::npos);
  const std::string data = slurp(r.figures[0].data);
  std::size_t blocks = 0;
  for (std::size_t p = data.find("\n# "); p != std::string::npos; p = data.find("\n# ", p + 1)) ++blocks;
  blocks += data.rfind("# ", 0) == 0;
  REQUIRE(blocks == 2 * (3 + 1));
  REQUIRE(data.find("# ε = 4, replicate 2") != std::string::npos);
  REQUIRE(data.find("# ε = 1, mean min max over 3 replicates") != std::string::npos);
  const std::string gp = slurp(r.figures[0].script);
  REQUIRE(gp.find("title 'ε = 4'") != std::string::npos);
  REQUIRE(gp.find("p0") == std::string::npos);
  // The convergence table: one row per configuration with how many replicates converged.
  bool found = false;
  for (const auto& b : r.blocks)
    if (b.kind == Block::table)
      for (const auto& row : b.rows)
        if (row.size() == 4 && row[2] == "1 of 3 (from round 2)") found = true;
  REQUIRE(found);
}

TEST_CASE("runs differing only in a simulation.seed axis are replicates of one configuration",
          "[analysis][report][dynamics]") {
  const ScratchDir dir("report_dynamics_seed");
  FolderAnalysis a;
  a.sweep = true;
  a.dir = dir.path();
  a.axes = {"simulation.seed"};
  for (long s = 0; s < 4; ++s) {
    RunDynamics d = run("s" + std::to_string(s), 0, "4.0", 0.1 * static_cast<double>(s));
    d.settings = {{"simulation.seed", std::to_string(s + 1)}};
    a.dynamics.push_back(d);
  }
  ReportBuilder r{a, dir.path(), dir / "figures", {}, {}, {}};
  add_dynamics(r);
  REQUIRE(r.figures.size() == 2);  // α(t) and S(t) of the one collective
  const std::string data = slurp(r.figures[0].data);
  REQUIRE(data.find("# mean over replicates, replicate 3") != std::string::npos);
  REQUIRE(data.find("# mean over replicates, mean min max over 4 replicates") != std::string::npos);
}

TEST_CASE("a sweep with more configurations than the replicate figures hold says once, after the alpha and S "
          "figures, how many it shows", "[analysis][report][dynamics]") {
  const ScratchDir dir("report_dynamics_many");
  FolderAnalysis a;
  a.sweep = true;
  a.dir = dir.path();
  a.axes = {"platform.learner", "platform.privacy.target_epsilon"};
  const std::size_t configurations = replicate_figure_configurations * max_replicate_figures + 1;
  for (std::size_t c = 0; c < configurations; ++c)
    for (long r = 0; r < 2; ++r)
      a.dynamics.push_back(run("p" + std::to_string(c) + "_" + std::to_string(r), r, std::to_string(c + 1) + ".0",
                               0.01 * static_cast<double>(r)));
  ReportBuilder r{a, dir.path(), dir / "figures", {}, {}, {}};
  add_dynamics(r);
  REQUIRE(r.figures.size() == 2 * max_replicate_figures);  // α(t) figures, then S(t) figures
  REQUIRE(r.figures.back().data.filename() ==
          "replicates_success_workers_" + std::to_string(max_replicate_figures - 1) + ".dat");
  std::size_t notes = 0, last_image = 0, note_at = 0;
  for (std::size_t i = 0; i < r.blocks.size(); ++i) {
    if (r.blocks[i].kind == Block::image) last_image = i;
    if (r.blocks[i].kind == Block::paragraph && r.blocks[i].text.find("The figures show the first 24 of 25") == 0) {
      ++notes;
      note_at = i;
    }
  }
  REQUIRE(notes == 1);
  REQUIRE(note_at > last_image);
}
