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

}  // namespace

std::size_t Population::bytes() const {
  const auto arr = [](const auto& a) { return static_cast<std::size_t>(a.size()) * sizeof(a[0]); };
  return arr(benefit) + arr(cost) + arr(privacy_sensitivity) + arr(inertia) + arr(threshold) + arr(segment) +
         arr(payoff) + choice.capacity() * sizeof(std::int32_t) + network.bytes();
}

Population make_population(const config::View& root, std::uint64_t seed, const std::filesystem::path& base_dir) {
  const config::View pc = root.sub("population");
  const auto collectives = root.elements("collective");
  if (collectives.empty() || collectives.size() > static_cast<std::size_t>(max_collectives))
    throw std::invalid_argument("the population needs 1 to " + std::to_string(max_collectives) + " [[collective]]s");
  const auto n = static_cast<std::size_t>(pc.integer("size"));
  const auto N = static_cast<Eigen::Index>(n);
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
    const auto dist = [&](const std::string& key) {
      return !segs.empty() && segs[s].has(key) ? segs[s].distribution(key) : pc.distribution(key);
    };
    const auto put = [&](const std::string& key, const Eigen::ArrayXd& v) {
      Eigen::ArrayXd& a = type_array(p, key);
      for (std::size_t j = 0; j < members.size(); ++j) a[members[j]] = v[static_cast<Eigen::Index>(j)];
    };
    if (!correlated.empty()) {
      std::vector<config::Distribution> marg;
      for (const auto& key : correlated) marg.push_back(dist(key));
      const auto draws = sample_copula(marg, corr, members.size(), engine, base_dir);
      for (std::size_t j = 0; j < correlated.size(); ++j) put(correlated[j], draws[j]);
    }
    for (const auto& key : type_keys())
      if (std::find(correlated.begin(), correlated.end(), key) == correlated.end())
        put(key, sample(dist(key), members.size(), engine, base_dir));
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
  p.leakage.assign(static_cast<std::size_t>(p.collectives * p.segments()), 0.0);
  for (int k = 0; k < p.collectives; ++k) {
    const double gamma = leakage.empty() ? (collectives[static_cast<std::size_t>(k)].string("good") == "public" ? 1.0 : 0.0)
                                         : leakage[static_cast<std::size_t>(k)];
    const std::string who = beneficiaries.empty() ? "all" : beneficiaries[static_cast<std::size_t>(k)];
    if (who != "all" && who != "none" &&
        std::find(p.segment_names.begin(), p.segment_names.end(), who) == p.segment_names.end())
      throw std::invalid_argument("population.beneficiaries: `" + who + "` is neither all, none nor a segment name");
    for (int s = 0; s < p.segments(); ++s)
      p.leakage[static_cast<std::size_t>(k * p.segments() + s)] =
          (who == "all" || who == p.segment_names[static_cast<std::size_t>(s)]) ? gamma : 0.0;
  }

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
  p.network = make_network(pc.sub("network"), n, net_engine, base_dir);
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
