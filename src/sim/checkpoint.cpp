#include "sim/checkpoint.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <type_traits>

#include "config/diagnostics.hpp"
#include "learn/privacy_ledger.hpp"
#include "util/atomic_file.hpp"
#include "util/binary_io.hpp"

namespace aca::sim {

namespace fs = std::filesystem;

namespace {

constexpr const char* magic = "acasim-checkpoint-1";

using util::binary::get;
using util::binary::get_string;
using util::binary::put;
using util::binary::put_array;
using util::binary::put_string;
using util::binary::get_vector;

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_text(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
  if (!out.flush()) throw std::runtime_error("cannot write " + p.string());
}

Eigen::ArrayXd to_array(const std::vector<double>& v) {
  Eigen::ArrayXd a(static_cast<Eigen::Index>(v.size()));
  std::copy(v.begin(), v.end(), a.data());
  return a;
}

}  // namespace

fs::path checkpoint_dir(const fs::path& out_dir, long round) {
  return out_dir / "checkpoints" / ("round-" + std::to_string(round));
}

std::vector<long> checkpoint_rounds(const fs::path& out_dir) {
  std::vector<long> rounds;
  const fs::path root = out_dir / "checkpoints";
  if (!fs::is_directory(root)) return rounds;
  for (const auto& e : fs::directory_iterator(root)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("round-", 0) != 0 || !fs::exists(e.path() / "state.bin")) continue;
    try {
      std::size_t used = 0;
      const long r = std::stol(name.substr(6), &used);
      if (used == name.size() - 6) rounds.push_back(r);
    } catch (const std::exception&) {
    }
  }
  std::sort(rounds.begin(), rounds.end());
  return rounds;
}

fs::path find_checkpoint(const fs::path& path) {
  if (fs::exists(path / "state.bin")) return path;
  const auto rounds = checkpoint_rounds(path);
  if (rounds.empty())
    throw std::runtime_error(path.string() + " is neither a checkpoint folder nor a run folder with checkpoints "
                             "(run with --checkpoint-every N to write them)");
  return checkpoint_dir(path, rounds.back());
}

void save_checkpoint(const fs::path& dir, const World& w, const LoopState& s, const std::string& metrics) {
  // Written into a temporary sibling and renamed: a crash leaves either the old checkpoint or the new one.
  const fs::path tmp = dir.parent_path() / (dir.filename().string() + ".partial");
  fs::remove_all(tmp);
  fs::create_directories(tmp);
  write_text(tmp / "scenario.resolved.toml", w.scenario.resolved_toml());
  write_text(tmp / "origin.txt", fs::absolute(w.scenario.file()).lexically_normal().string() + "\n");
  write_text(tmp / "metrics.csv", metrics);
  {
    std::ostringstream rng;
    rng << w.learner_rng;
    write_text(tmp / "learner_rng.txt", rng.str() + "\n");
  }
  {
    std::ofstream out(tmp / "population.bin", std::ios::binary);
    const auto& p = w.population;
    put_string(out, magic);
    put_array(out, p.choice.data(), p.choice.size());
    put_array(out, p.payoff.data(), static_cast<std::size_t>(p.payoff.size()));
    put_array(out, p.threshold.data(), static_cast<std::size_t>(p.threshold.size()));
    if (!out.flush()) throw std::runtime_error("cannot write " + (tmp / "population.bin").string());
  }
  {
    std::ofstream out(tmp / "learner.bin", std::ios::binary);
    w.learner->save(out);
    if (!out.flush()) throw std::runtime_error("cannot write " + (tmp / "learner.bin").string());
  }
  {
    std::ofstream out(tmp / "state.bin", std::ios::binary);
    put_string(out, magic);
    put<std::int64_t>(out, s.last_round);
    put<std::uint64_t>(out, s.alpha.size());
    for (const auto& a : s.alpha) put_array(out, a.data(), a.size());
    put_array(out, s.success.data(), s.success.size());
    put(out, s.epsilon);
    learn::write_report(out, s.privacy);
    put<std::int64_t>(out, s.convergence.small_steps);
    put<std::int64_t>(out, s.convergence.from);
    const agents::DynamicsState d = w.dynamics->state();
    put_array(out, d.expected.data(), d.expected.size());
    put<std::uint8_t>(out, d.thresholds_derived);
    if (!out.flush()) throw std::runtime_error("cannot write " + (tmp / "state.bin").string());
  }
  fs::remove_all(dir);
  fs::rename(tmp, dir);
}

config::Scenario checkpoint_scenario(const fs::path& dir, const std::vector<config::Override>& overrides) {
  std::string origin = read_text(dir / "origin.txt");
  while (!origin.empty() && (origin.back() == '\n' || origin.back() == '\r')) origin.pop_back();
  // Parsed under the original file's name, so relative data paths resolve against the original folder.
  return config::parse_scenario(read_text(dir / "scenario.resolved.toml"), origin, overrides);
}

const std::vector<std::string>& frozen_fork_keys() {
  static const std::vector<std::string> k = {"data",          "collective",         "population.size",
                                             "population.segment", "population.network", "simulation.seed",
                                             "simulation.mode"};
  return k;
}

void check_fork(const config::Scenario& original, const config::Scenario& changed) {
  config::Diagnostics diags;
  for (const auto& key : frozen_fork_keys())
    if (original.section_text({key}) != changed.section_text({key}))
      diags.add({"--set", 0, 0, key, "`" + key + "` cannot change in a fork: it defines the simulated world (data, "
                                     "agents, network, seed, mode), not a policy; start a new run instead. A fork "
                                     "may change platform.*, decision.*, population types (costs, benefits, "
                                     "privacy sensitivity, inertia, threshold), simulation.rounds and stop rules, "
                                     "analysis.* and response_curve.*"});
  if (!diags.empty()) throw config::ScenarioError(std::move(diags));
}

Checkpoint load_checkpoint(const fs::path& dir, World& w) {
  const config::Scenario saved = checkpoint_scenario(dir);
  // Agents' own state is only meaningful under the agents' settings it was produced with.
  const bool same_agents = saved.section_text({"population", "decision"}) == w.scenario.section_text({"population", "decision"});
  {
    std::ifstream in(dir / "population.bin", std::ios::binary);
    if (!in || get_string(in) != magic) throw std::runtime_error((dir / "population.bin").string() + " is not an acasim checkpoint");
    auto& p = w.population;
    auto choice = get_vector<std::int32_t>(in);
    auto payoff = get_vector<double>(in);
    auto threshold = get_vector<double>(in);
    if (choice.size() != p.size()) throw std::runtime_error("checkpoint population size differs from the scenario's");
    for (auto c : choice)
      if (c < agents::no_collective || c >= p.collectives) throw std::runtime_error("checkpoint membership is out of range");
    p.choice = std::move(choice);
    p.payoff = to_array(payoff);
    if (same_agents) p.threshold = to_array(threshold);
  }
  // Weights and privacy account carry over only to the same kind of learner and model; a fork that switches the
  // platform to another learner or model class starts that platform afresh (its stream still continues).
  if (saved.section_text({"platform.learner", "platform.model"}) ==
      w.scenario.section_text({"platform.learner", "platform.model"})) {
    std::ifstream in(dir / "learner.bin", std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + (dir / "learner.bin").string());
    w.learner->load(in);
  }
  {
    std::istringstream rng(read_text(dir / "learner_rng.txt"));
    rng >> w.learner_rng;
    if (!rng) throw std::runtime_error("cannot read the learner stream of " + dir.string());
  }
  Checkpoint cp;
  LoopState& s = cp.loop;
  std::ifstream in(dir / "state.bin", std::ios::binary);
  if (!in || get_string(in) != magic) throw std::runtime_error((dir / "state.bin").string() + " is not an acasim checkpoint");
  s.last_round = static_cast<long>(get<std::int64_t>(in));
  const auto K = get<std::uint64_t>(in);
  if (K != w.collectives.size()) throw std::runtime_error("checkpoint has a different number of collectives");
  for (std::uint64_t k = 0; k < K; ++k) s.alpha.push_back(get_vector<double>(in));
  s.success = get_vector<double>(in);
  s.epsilon = get<double>(in);
  s.privacy = learn::read_report(in);
  s.convergence.small_steps = static_cast<long>(get<std::int64_t>(in));
  s.convergence.from = static_cast<long>(get<std::int64_t>(in));
  agents::DynamicsState d;
  d.expected = get_vector<double>(in);
  d.thresholds_derived = get<std::uint8_t>(in) != 0;
  if (same_agents) w.dynamics->restore(d);
  else w.dynamics->restore({d.expected, false});
  cp.metrics = read_text(dir / "metrics.csv");
  return cp;
}

}  // namespace aca::sim
