#include "sim/checkpoint.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "learn/blas_kernel.hpp"
#include "learn/privacy_ledger.hpp"
#include "sim/fork.hpp"
#include "sim/recorder.hpp"
#include "util/atomic_file.hpp"
#include "util/binary_io.hpp"
#include "util/build_info.hpp"

namespace aca::sim {

namespace fs = std::filesystem;

namespace {

constexpr const char* magic = "acasim-checkpoint-2";

using util::binary::get;
using util::binary::get_string;
using util::binary::get_vector;
using util::binary::put;
using util::binary::put_array;
using util::binary::put_string;

const std::vector<std::string>& checkpoint_files() {
  static const std::vector<std::string> f = {"scenario.resolved.toml", "origin.txt",  "metrics.csv",
                                             "learner_rng.txt",        "population.bin", "learner.bin",
                                             "state.bin"};
  return f;
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

std::string population_bytes(const agents::Population& p) {
  std::ostringstream out;
  put_string(out, magic);
  put_array(out, p.choice.data(), p.choice.size());
  put_array(out, p.payoff.data(), static_cast<std::size_t>(p.payoff.size()));
  put_array(out, p.threshold.data(), static_cast<std::size_t>(p.threshold.size()));
  return out.str();
}

std::string state_bytes(const World& w, const LoopState& s) {
  std::ostringstream out;
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
  return out.str();
}

[[noreturn]] void inconsistent(const fs::path& file, const std::string& why) {
  throw std::runtime_error(file.string() + ": " + why);
}

// Reading past a verified file's end or a wrong magic means the writer and this reader disagree: say which file.
template <class Read>
void read_file(const fs::path& file, const std::string& bytes, Read read) {
  std::istringstream in(bytes);
  try {
    if (get_string(in) != magic) inconsistent(file, "not an acasim checkpoint file of format " +
                                                        std::to_string(checkpoint_format_version));
    read(in);
  } catch (const std::runtime_error& e) {
    if (std::string(e.what()).rfind(file.string(), 0) == 0) throw;
    inconsistent(file, e.what());
  }
  if (in.peek() != std::char_traits<char>::eof()) inconsistent(file, "longer than its contents");
}

// Membership and payoffs always carry over; the thresholds only on a resume (a fork keeps the changed world's).
void restore_population(const fs::path& file, const std::string& bytes, World& w, bool resume) {
  read_file(file, bytes, [&](std::istream& in) {
    auto& p = w.population;
    auto choice = get_vector<std::int32_t>(in);
    auto payoff = get_vector<double>(in);
    auto threshold = get_vector<double>(in);
    if (choice.size() != p.size() || payoff.size() != p.size() || threshold.size() != p.size())
      inconsistent(file, "holds " + std::to_string(choice.size()) + " agents where the scenario has " +
                             std::to_string(p.size()));
    for (auto c : choice)
      if (c < agents::no_collective || c >= p.collectives) inconsistent(file, "membership is out of range");
    p.choice = std::move(choice);
    p.payoff = to_array(payoff);
    if (resume) p.threshold = to_array(threshold);
  });
}

void restore_state(const fs::path& file, const std::string& bytes, RunContext& ctx, bool resume) {
  LoopState& s = ctx.loop;
  read_file(file, bytes, [&](std::istream& in) {
    s.last_round = static_cast<long>(get<std::int64_t>(in));
    const auto K = get<std::uint64_t>(in);
    if (K != ctx.collectives()) inconsistent(file, "has a different number of collectives than the scenario");
    s.alpha.clear();
    for (std::uint64_t k = 0; k < K; ++k) s.alpha.push_back(get_vector<double>(in));
    for (const auto& a : s.alpha)
      if (a.size() != static_cast<std::size_t>(s.last_round + 1)) inconsistent(file, "trajectories do not cover its rounds");
    s.success = get_vector<double>(in);
    if (s.success.size() != K) inconsistent(file, "has a different number of collectives than the scenario");
    s.epsilon = get<double>(in);
    s.privacy = learn::read_report(in);
    s.convergence.small_steps = static_cast<long>(get<std::int64_t>(in));
    s.convergence.from = static_cast<long>(get<std::int64_t>(in));
    agents::DynamicsState d;
    d.expected = get_vector<double>(in);
    d.thresholds_derived = get<std::uint8_t>(in) != 0;
    // A fork derives cost-based thresholds afresh from its own curves (its population kept the changed draw).
    ctx.world.dynamics->restore({d.expected, resume && d.thresholds_derived});
  });
}

void restore_learner(const fs::path& dir, const CheckpointFiles& f, World& w, bool same_learner) {
  // Weights and privacy account carry over only to the same kind of learner and model; a fork that switches the
  // platform to another learner or model class starts that platform afresh (its stream still continues).
  if (same_learner) {
    std::istringstream in(f.at("learner.bin"));
    try {
      w.learner->load(in);
    } catch (const std::exception& e) {
      inconsistent(dir / "learner.bin", e.what());
    }
  }
  std::istringstream rng(f.at("learner_rng.txt"));
  rng >> w.learner_rng;
  if (!rng) inconsistent(dir / "learner_rng.txt", "not a learner stream state");
}

config::Scenario scenario_of(const CheckpointFiles& f, const std::vector<config::Override>& overrides) {
  std::string origin = f.at("origin.txt");
  while (!origin.empty() && (origin.back() == '\n' || origin.back() == '\r')) origin.pop_back();
  // Parsed under the original file's name, so relative data paths resolve against the original folder.
  return config::parse_scenario(f.at("scenario.resolved.toml"), origin, overrides);
}

}  // namespace

fs::path checkpoint_dir(const fs::path& out_dir, long round) {
  return out_dir / "checkpoints" / ("round-" + std::to_string(round));
}

bool is_checkpoint(const fs::path& dir) {
  return fs::exists(dir / checkpoint_seal_name) || fs::exists(dir / "state.bin");
}

std::vector<long> checkpoint_rounds(const fs::path& out_dir) {
  std::vector<long> rounds;
  const fs::path root = out_dir / "checkpoints";
  if (!fs::is_directory(root)) return rounds;
  for (const auto& e : fs::directory_iterator(root)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("round-", 0) != 0 || !is_checkpoint(e.path())) continue;
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
  if (is_checkpoint(path)) return path;
  const auto rounds = checkpoint_rounds(path);
  if (rounds.empty())
    throw std::runtime_error(path.string() + " is neither a checkpoint folder nor a run folder with checkpoints "
                             "(run with --checkpoint-every N to write them)");
  return checkpoint_dir(path, rounds.back());
}

void save_checkpoint(const fs::path& dir, const World& w, const LoopState& s, const std::string& metrics,
                     const RunOptions& opts) {
  // Written into a temporary sibling and renamed: a crash leaves either the old checkpoint or the new one.
  const fs::path tmp = dir.parent_path() / (dir.filename().string() + ".partial");
  fs::remove_all(tmp);
  fs::create_directories(tmp);
  CheckpointFiles f;
  f["scenario.resolved.toml"] = w.scenario.resolved_toml();
  f["origin.txt"] = fs::absolute(w.scenario.file()).lexically_normal().string() + "\n";
  f["metrics.csv"] = metrics;
  {
    std::ostringstream rng;
    rng << w.learner_rng;
    f["learner_rng.txt"] = rng.str() + "\n";
  }
  f["population.bin"] = population_bytes(w.population);
  {
    std::ostringstream out;
    w.learner->save(out);
    f["learner.bin"] = out.str();
  }
  f["state.bin"] = state_bytes(w, s);
  for (const auto& [name, bytes] : f) write_text(tmp / name, bytes);
  write_checkpoint_seal(tmp, f, {s.last_round, opts.checkpoint_every, util::build::version, util::build::git_commit,
                                 learn::blas_kernel().kernel, opts.parent, opts.parent.empty() ? "" : opts.rerun});
  // Durable before it replaces the older checkpoint: a power cut after the rename must not leave a sealed folder
  // of empty files (the seal would refuse it, but the previous checkpoint would be gone).
  for (const auto& entry : f) util::sync_file(tmp / entry.first);
  util::sync_file(tmp / checkpoint_seal_name);
  util::sync_folder(tmp);
  fs::remove_all(dir);
  fs::rename(tmp, dir);
  util::sync_folder(dir.parent_path());
}

config::Scenario checkpoint_scenario(const fs::path& dir, const std::vector<config::Override>& overrides) {
  CheckpointSeal seal;
  const CheckpointFiles f = read_sealed_checkpoint(dir, {"scenario.resolved.toml", "origin.txt"}, seal);
  return scenario_of(f, overrides);
}

void check_fork_checkpoint(const fs::path& dir, const config::Scenario& changed) {
  CheckpointSeal seal;
  const CheckpointFiles f = read_sealed_checkpoint(dir, checkpoint_files(), seal);
  std::istringstream in(f.at("state.bin"));
  numerics::Trajectories alpha;
  long last_round = -1;
  try {
    if (get_string(in) != magic) throw std::runtime_error("not an acasim checkpoint file of this format");
    last_round = static_cast<long>(get<std::int64_t>(in));
    const auto K = get<std::uint64_t>(in);
    for (std::uint64_t k = 0; k < K && k < 1024; ++k) alpha.push_back(get_vector<double>(in));
  } catch (const std::runtime_error& e) {
    inconsistent(dir / "state.bin", e.what());
  }
  for (const auto& a : alpha)
    if (a.size() != static_cast<std::size_t>(last_round + 1))
      inconsistent(dir / "state.bin", "trajectories do not cover its rounds");
  fork_convergence(simulation_spec(changed), alpha, last_round);
}

std::string load_checkpoint(const fs::path& dir, RunContext& ctx) {
  CheckpointSeal seal;
  const CheckpointFiles f = read_sealed_checkpoint(dir, checkpoint_files(), seal);
  const config::Scenario saved = scenario_of(f, {});
  World& w = ctx.world;
  const bool resume = saved.resolved_toml() == w.scenario.resolved_toml();
  const bool same_learner = saved.section_text({"platform.learner", "platform.model"}) ==
                            w.scenario.section_text({"platform.learner", "platform.model"});
  restore_population(dir / "population.bin", f.at("population.bin"), w, resume);
  restore_learner(dir, f, w, same_learner);
  restore_state(dir / "state.bin", f.at("state.bin"), ctx, resume);
  if (ctx.loop.last_round != seal.round)
    inconsistent(dir / "state.bin", "holds round " + std::to_string(ctx.loop.last_round) + " where the checkpoint "
                                    "is of round " + std::to_string(seal.round));
  check_metrics_rows(f.at("metrics.csv"), dir / "metrics.csv", ctx.loop.last_round);
  if (!resume) rebuild_after_fork(ctx, saved, same_learner);
  return f.at("metrics.csv");
}

}  // namespace aca::sim
