#include "agents/population.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include <boost/random/uniform_int_distribution.hpp>

#include "agents/type_distribution.hpp"
#include "util/rng.hpp"

namespace aca::agents {

namespace {

const std::vector<std::string>& type_keys() {
  static const std::vector<std::string> k = {"benefit", "participation_cost", "privacy_sensitivity", "inertia",
                                             "threshold"};
  return k;
}

Eigen::ArrayXd& type_array(Population& p, const std::string& key) {
  if (key == "benefit") return p.benefit;
  if (key == "participation_cost") return p.cost;
  if (key == "privacy_sensitivity") return p.privacy_sensitivity;
  if (key == "inertia") return p.inertia;
  return p.threshold;
}

// Largest-remainder rounding, so segment sizes add up to n exactly and follow the declared shares.
std::vector<std::size_t> apportion(const std::vector<double>& shares, std::size_t n) {
  std::vector<std::size_t> counts(shares.size());
  std::vector<std::pair<double, std::size_t>> rest;
  std::size_t used = 0;
  for (std::size_t s = 0; s < shares.size(); ++s) {
    const double exact = shares[s] * static_cast<double>(n);
    counts[s] = static_cast<std::size_t>(exact);
    used += counts[s];
    rest.emplace_back(exact - static_cast<double>(counts[s]), s);
  }
  std::stable_sort(rest.begin(), rest.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t j = 0; used < n; ++j, ++used) ++counts[rest[j % rest.size()].second];
  return counts;
}

template <class T>
void shuffle(std::vector<T>& v, util::Engine& engine) {
  // Fisher–Yates with Boost's uniform_int_distribution: its output is specified, std::shuffle's is not.
  for (std::size_t i = v.size(); i > 1; --i) {
    boost::random::uniform_int_distribution<std::size_t> pick(0, i - 1);
    std::swap(v[i - 1], v[pick(engine)]);
  }
}

// Leakage table for groups whose segment is group_segment[g] / group_mask[g] (bit k: the agents match collective
// k's "label:Y"); stored in group order so that leak(k, g) indexes it.
void fill_leakage(Population& p, const std::vector<std::uint32_t>& group_mask, int groups,
                  const std::vector<std::int32_t>& group_segment = {}) {
  p.leakage.assign(static_cast<std::size_t>(p.collectives * groups), 0.0);
  for (int k = 0; k < p.collectives; ++k) {
    const std::string& who = p.beneficiaries[static_cast<std::size_t>(k)];
    const bool by_label = beneficiary_label(who) >= 0;
    for (int g = 0; g < groups; ++g) {
      const std::size_t s = group_segment.empty() ? static_cast<std::size_t>(g)
                                                  : static_cast<std::size_t>(group_segment[static_cast<std::size_t>(g)]);
      const bool benefits = by_label ? ((group_mask[static_cast<std::size_t>(g)] >> k) & 1u) != 0
                                     : who == "all" || who == p.segment_names[s];
      p.leakage[static_cast<std::size_t>(k * groups + g)] = benefits ? p.gamma[static_cast<std::size_t>(k)] : 0.0;
    }
  }
}

// A type file (empirical distribution) or network file that cannot be read is the scenario's mistake: told at the
// key that names the file, with the reader's message.
[[noreturn]] void blame(const config::View& where, const std::string& key, const std::string& message) {
  config::Diagnostics d;
  d.add(where.diag(key, "`" + (where.path().empty() ? key : where.path() + "." + key) + "`: " + message));
  throw config::ScenarioError(std::move(d));
}

}  // namespace

std::int64_t beneficiary_label(const std::string& entry) {
  const std::string prefix = "label:";
  if (entry.size() <= prefix.size() || entry.compare(0, prefix.size(), prefix) != 0) return -1;
  const std::string digits = entry.substr(prefix.size());
  if (digits.size() > 18 || digits.find_first_not_of("0123456789") != std::string::npos) return -1;
  return std::stoll(digits);
}

bool uses_label_beneficiaries(const Population& pop) {
  return std::any_of(pop.beneficiaries.begin(), pop.beneficiaries.end(),
                     [](const std::string& w) { return beneficiary_label(w) >= 0; });
}

bool needs_agent_labels(const Population& pop) { return pop.leak_group.size() == 0 && uses_label_beneficiaries(pop); }

void set_agent_labels(Population& pop, const std::vector<std::int64_t>& labels) {
  if (labels.size() != pop.size())
    throw std::invalid_argument("set_agent_labels needs one label per agent (" + std::to_string(pop.size()) + "), got " +
                                std::to_string(labels.size()));
  const std::size_t n = pop.size();
  // Group key = segment · 2^K + mask of the collectives whose "label:Y" is the agent's label; groups are numbered
  // in key order, so the numbering depends only on the data, never on threads.
  std::vector<std::int64_t> target(static_cast<std::size_t>(pop.collectives));
  for (int k = 0; k < pop.collectives; ++k) target[static_cast<std::size_t>(k)] = beneficiary_label(pop.beneficiaries[static_cast<std::size_t>(k)]);
  std::vector<std::int64_t> key(n);
  for (std::size_t i = 0; i < n; ++i) {
    std::uint32_t mask = 0;
    for (int k = 0; k < pop.collectives; ++k)
      if (target[static_cast<std::size_t>(k)] >= 0 && target[static_cast<std::size_t>(k)] == labels[i]) mask |= 1u << k;
    key[i] = (static_cast<std::int64_t>(pop.segment[static_cast<Eigen::Index>(i)]) << max_collectives) | mask;
  }
  std::vector<std::int64_t> distinct = key;
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  const int groups = static_cast<int>(distinct.size());
  std::vector<std::uint32_t> mask(distinct.size());
  std::vector<std::int32_t> seg(distinct.size());
  for (std::size_t g = 0; g < distinct.size(); ++g) {
    mask[g] = static_cast<std::uint32_t>(distinct[g] & ((std::int64_t{1} << max_collectives) - 1));
    seg[g] = static_cast<std::int32_t>(distinct[g] >> max_collectives);
  }
  pop.leak_group.resize(static_cast<Eigen::Index>(n));
  for (std::size_t i = 0; i < n; ++i)
    pop.leak_group[static_cast<Eigen::Index>(i)] =
        static_cast<std::int32_t>(std::lower_bound(distinct.begin(), distinct.end(), key[i]) - distinct.begin());
  pop.leak_groups = groups;
  fill_leakage(pop, mask, groups, seg);
}

std::size_t Population::bytes() const {
  const auto arr = [](const auto& a) { return static_cast<std::size_t>(a.size()) * sizeof(a[0]); };
  return arr(benefit) + arr(cost) + arr(privacy_sensitivity) + arr(inertia) + arr(threshold) + arr(segment) + arr(leak_group) +
         arr(payoff) + choice.capacity() * sizeof(std::int32_t) + network.bytes();
}

Population make_population(const config::View& root, std::uint64_t seed, const std::filesystem::path& base_dir) {
  const config::View pc = root.sub("population");
  const auto collectives = root.elements("collective");
  if (collectives.empty() || collectives.size() > static_cast<std::size_t>(max_collectives))
    throw std::invalid_argument("the population needs 1 to " + std::to_string(max_collectives) + " [[collective]]s");
  const auto n = static_cast<std::size_t>(pc.integer("size"));
  const auto N = static_cast<Eigen::Index>(n);
  const std::int64_t max_edges = config::limits(root).network_edges;
  check_network_size(pc.sub("network"), n, max_edges);  // before anything of its size is allocated
  util::Engine engine = util::make_stream(seed, util::streams::population);

  Population p;
  p.collectives = static_cast<int>(collectives.size());
  p.privacy.form = pc.string("privacy_cost");
  p.privacy.epsilon_cap = pc.real("epsilon_cap");

  // Segments: sizes by largest remainder, membership shuffled so segments do not cluster on the network.
  const auto segs = pc.elements("segment");
  std::vector<std::size_t> counts = {n};
  if (segs.empty()) {
    p.segment_names = {"all"};
  } else {
    std::vector<double> sh;
    for (const auto& s : segs) {
      p.segment_names.push_back(s.string("name"));
      sh.push_back(s.real("share"));
    }
    counts = apportion(sh, n);
  }
  std::vector<std::int32_t> label(n);
  for (std::size_t s = 0, at = 0; s < counts.size(); ++s)
    for (std::size_t j = 0; j < counts[s]; ++j) label[at++] = static_cast<std::int32_t>(s);
  if (segs.size() > 1) shuffle(label, engine);
  p.segment = Eigen::Map<const Eigen::Array<std::int32_t, Eigen::Dynamic, 1>>(label.data(), N);

  // Types, segment by segment, in a fixed key order (the draw order is part of the reproducibility contract).
  for (const auto& key : type_keys()) type_array(p, key).resize(N);
  const auto correlated = pc.strings("correlated");
  const auto corr = correlated.empty() ? std::vector<std::vector<double>>{} : pc.matrix("correlation");
  for (std::size_t s = 0; s < counts.size(); ++s) {
    std::vector<Eigen::Index> members;
    members.reserve(counts[s]);
    for (Eigen::Index i = 0; i < N; ++i)
      if (p.segment[i] == static_cast<std::int32_t>(s)) members.push_back(i);
    const auto owner = [&](const std::string& key) { return !segs.empty() && segs[s].has(key) ? segs[s] : pc; };
    const auto dist = [&](const std::string& key) { return owner(key).distribution(key); };
    const auto put = [&](const std::string& key, const Eigen::ArrayXd& v) {
      Eigen::ArrayXd& a = type_array(p, key);
      for (std::size_t j = 0; j < members.size(); ++j) a[members[j]] = v[static_cast<Eigen::Index>(j)];
    };
    if (!correlated.empty()) {
      std::vector<config::Distribution> marg;
      for (const auto& key : correlated) marg.push_back(dist(key));
      std::vector<Eigen::ArrayXd> draws;
      try {
        draws = sample_copula(marg, corr, members.size(), engine, base_dir);
      } catch (const std::runtime_error& e) {
        blame(pc, "correlated", e.what());
      }
      for (std::size_t j = 0; j < correlated.size(); ++j) put(correlated[j], draws[j]);
    }
    for (const auto& key : type_keys())
      if (std::find(correlated.begin(), correlated.end(), key) == correlated.end()) {
        try {
          put(key, sample(dist(key), members.size(), engine, base_dir));
        } catch (const std::runtime_error& e) {
          blame(owner(key), key, e.what());
        }
      }
  }
  p.inertia = p.inertia.max(0.0).min(1.0);

  // Who gains from each collective's success as a non-member: leakage γ_k times the beneficiary mask.
  const auto leakage = pc.reals("leakage");
  const auto beneficiaries = pc.strings("beneficiaries");
  if (!leakage.empty() && leakage.size() != collectives.size())
    throw std::invalid_argument("population.leakage needs one value per [[collective]] (" +
                                std::to_string(collectives.size()) + ")");
  if (!beneficiaries.empty() && beneficiaries.size() != collectives.size())
    throw std::invalid_argument("population.beneficiaries needs one entry per [[collective]] (" +
                                std::to_string(collectives.size()) + ")");
  for (int k = 0; k < p.collectives; ++k) {
    const std::string who = beneficiaries.empty() ? "all" : beneficiaries[static_cast<std::size_t>(k)];
    if (who != "all" && who != "none" && beneficiary_label(who) < 0 &&
        std::find(p.segment_names.begin(), p.segment_names.end(), who) == p.segment_names.end())
      throw std::invalid_argument("population.beneficiaries: `" + who +
                                  "` is neither all, none, label:Y nor a segment name");
    p.beneficiaries.push_back(who);
    p.gamma.push_back(leakage.empty() ? (collectives[static_cast<std::size_t>(k)].string("good") == "public" ? 1.0 : 0.0)
                                      : leakage[static_cast<std::size_t>(k)]);
  }
  // Label entries reach nobody until set_agent_labels has given the agents their labels.
  fill_leakage(p, std::vector<std::uint32_t>(static_cast<std::size_t>(p.segments()), 0u), p.segments());

  // Seed members: collective 0's first, then collective 1's, ... among a random (or the first) set of agents.
  p.choice.assign(n, no_collective);
  const auto initial = pc.integers("initial_members");
  std::size_t seeded = 0;
  for (std::size_t k = 0; k < std::min(initial.size(), collectives.size()); ++k) seeded += static_cast<std::size_t>(initial[k]);
  if (seeded > n) throw std::invalid_argument("population.initial_members exceed population.size");
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  if (pc.string("initial_placement") == "random") {
    // Partial Fisher–Yates: only the first `seeded` positions are needed.
    for (std::size_t i = 0; i < seeded; ++i) {
      boost::random::uniform_int_distribution<std::size_t> pick(i, n - 1);
      std::swap(order[i], order[pick(engine)]);
    }
  }
  for (std::size_t k = 0, at = 0; k < std::min(initial.size(), collectives.size()); ++k)
    for (std::int64_t j = 0; j < initial[k]; ++j) p.choice[order[at++]] = static_cast<std::int32_t>(k);
  p.payoff = Eigen::ArrayXd::Zero(N);

  util::Engine net_engine = util::make_stream(seed, "network");
  try {
    p.network = make_network(pc.sub("network"), n, net_engine, base_dir, max_edges);
  } catch (const config::ScenarioError&) {
    throw;  // already located at its key (an edge list's problems, at population.network.file)
  } catch (const std::runtime_error& e) {
    blame(pc.sub("network"), pc.sub("network").string("kind") == "edgelist" ? "file" : "kind", e.what());
  }
  return p;
}

std::vector<double> shares(const Population& pop) {
  std::vector<std::int64_t> count(static_cast<std::size_t>(pop.collectives), 0);
  for (const std::int32_t c : pop.choice)
    if (c >= 0) ++count[static_cast<std::size_t>(c)];
  std::vector<double> out(count.size());
  for (std::size_t k = 0; k < count.size(); ++k) out[k] = static_cast<double>(count[k]) / static_cast<double>(pop.size());
  return out;
}

}  // namespace aca::agents
