#include "config/sections/sections.hpp"

#include <cmath>
#include <string>

namespace aca::config::sections {

namespace {

// The per-agent type keys a segment may override (same names as the population-wide ones).
void declare_types(Schema& s, const std::string& at, bool with_defaults) {
  // KeyBuilder refers into the schema's key list, so each declaration is finished before the next starts.
  const std::string own = with_defaults ? "" : " (this segment's; default: the population-wide distribution)";
  auto benefit = [&] { return s.key(at + ".benefit", Kind::distribution)
      .label("benefit per unit of success").unit("payoff units").symbol("u"); };
  auto cost = [&] { return s.key(at + ".participation_cost", Kind::distribution)
      .label("participation cost").unit("payoff units per round").symbol("c"); };
  auto kappa = [&] { return s.key(at + ".privacy_sensitivity", Kind::distribution)
      .label("privacy sensitivity").symbol("κ"); };
  auto inertia = [&] { return s.key(at + ".inertia", Kind::distribution)
      .label("inertia").unit("probability per round"); };
  auto threshold = [&] { return s.key(at + ".threshold", Kind::distribution)
      .label("participation threshold").unit("share").symbol("τ"); };
  {
    auto b = benefit();
    if (with_defaults) b.def(1.0);
    b.doc("u_i: what an agent gains per unit of its collective's success S_k" + own + ".");
  }
  {
    auto b = cost();
    if (with_defaults) b.def(0.1);
    b.at_least(0).doc("c_i: cost per round of being a member (effort, risk)" + own + ".");
  }
  {
    auto b = kappa();
    if (with_defaults) b.def(0.0);
    b.at_least(0).doc("κ_i ≥ 0: cost per unit of privacy_cost(ε) a member bears; privacy_cost grows with the "
                      "platform's ε (weaker protection costs more)" + own + ".");
  }
  {
    auto b = inertia();
    if (with_defaults) b.def(0.0);
    b.range(0, 1).doc("Probability that an agent does not revise its choice in a round" + own + ".");
  }
  {
    auto b = threshold();
    if (with_defaults) b.def(0.5);
    b.doc("τ_i: Granovetter threshold (share of participants at which the agent joins; rule = \"threshold\", "
          "threshold_source = \"given\")" + own + ".");
  }
}

// Cholesky without pivoting: succeeds exactly for symmetric positive definite matrices (what the copula's LLT needs).
bool positive_definite(const std::vector<std::vector<double>>& m) {
  const std::size_t n = m.size();
  std::vector<std::vector<double>> l(n, std::vector<double>(n, 0.0));
  for (std::size_t j = 0; j < n; ++j) {
    double d = m[j][j];
    for (std::size_t k = 0; k < j; ++k) d -= l[j][k] * l[j][k];
    if (!(d > 1e-12)) return false;
    l[j][j] = std::sqrt(d);
    for (std::size_t i = j + 1; i < n; ++i) {
      double v = m[i][j];
      for (std::size_t k = 0; k < j; ++k) v -= l[i][k] * l[j][k];
      l[i][j] = v / l[j][j];
    }
  }
  return true;
}

const std::vector<std::string>& type_names() {
  static const std::vector<std::string> t = {"benefit", "participation_cost", "privacy_sensitivity", "inertia",
                                             "threshold"};
  return t;
}

}  // namespace

void declare_population(Schema& s) {
  s.table("population", "The agents: how many, and how their types (benefit, costs, inertia) are distributed.");
  s.key("population.size", Kind::integer)
      .label("population size").unit("agents").symbol("N").def(1000).range(1, 1e8).doc("Number of agents.");
  declare_types(s, "population", true);
  s.key("population.initial_members", Kind::integer_list)
      .label("initial members").unit("agents").def(std::vector<std::int64_t>{}).at_least(0).doc(
      "Seed members of each collective at round 0 (one count per [[collective]], in order; no more entries than "
      "collectives, missing ones start empty).");
  s.key("population.initial_placement", Kind::string)
      .label("placement of initial members").def("random").choices({"random", "first"})
      .doc("Which agents are the seed members: drawn at random, or the lowest-numbered agents.");
  s.key("population.correlated", Kind::string_list)
      .label("correlated types").def(std::vector<std::string>{}).choices(type_names())
      .doc("Types drawn jointly through a Gaussian copula (marginals stay as declared); needs `correlation`.");
  s.key("population.correlation", Kind::real_matrix).label("type correlation matrix")
      .doc("Correlation matrix of the copula's normals, one row and column per entry of `correlated`.");
  s.key("population.privacy_cost", Kind::string)
      .label("privacy cost function").def("linear").choices({"linear", "saturating"})
      .doc("privacy_cost(ε): linear = min(ε, epsilon_cap); saturating = 1 − exp(−min(ε, epsilon_cap)).");
  s.key("population.epsilon_cap", Kind::real).label("privacy-cost cap").symbol("ε_cap").def(10.0).above(0)
      .doc("ε used for the privacy cost when the platform's ε is larger or infinite (non-private training).");
  s.key("population.leakage", Kind::real_list)
      .label("benefit leakage to non-members").symbol("γ").def(std::vector<double>{}).range(0, 1)
      .doc("γ_k per collective: share of collective k's benefit reaching non-members (overrides `good`; "
           "empty = from each collective's `good`: exclusive 0, public 1).");
  s.key("population.beneficiaries", Kind::string_list).label("non-member beneficiaries").def(std::vector<std::string>{})
      .doc("Per collective: who gains from its success as a non-member: \"all\", \"none\", a segment name, or "
           "\"label:Y\" (the agents whose own data point — the first of their points_per_agent training rows — has "
           "label Y; Y a non-negative integer) (empty = all).");

  s.table_array("population.segment", "Named groups of agents (e.g. gig workers, casual users), each a share "
                                      "of the population with its own type distributions.", 0, 64);
  s.key("population.segment[].name", Kind::string)
      .label("segment name").required().doc("Segment label used in outputs.");
  s.key("population.segment[].share", Kind::real)
      .label("segment share").unit("share of the population").required().range(0, 1).doc("Fraction of the population.");
  declare_types(s, "population.segment[]", false);

  s.table("population.network", "Social network among agents (Boost.Graph generators).");
  s.key("population.network.kind", Kind::string)
      .label("network")
      .value_names({"complete", "Erdős–Rényi", "Watts–Strogatz", "Barabási–Albert", "power law", "lattice", "edge list"}).def("complete")
      .choices({"complete", "erdos_renyi", "watts_strogatz", "barabasi_albert", "power_law", "lattice", "edgelist"})
      .doc("complete: mean field (no explicit graph); erdos_renyi; watts_strogatz (small world); barabasi_albert "
           "(preferential attachment); power_law (Boost PLOD); lattice (periodic grid); edgelist (file).");
  s.key("population.network.mean_degree", Kind::real).label("mean degree").unit("links per agent").def(10.0).above(0)
      .doc("erdos_renyi: expected degree (edge probability mean_degree / (size − 1)).");
  s.key("population.network.k", Kind::integer)
      .label("ring neighbours").unit("links per agent").symbol("k").def(10).range(2, 1e6)
      .doc("watts_strogatz: each agent starts linked to its k nearest ring neighbours (k even).");
  s.key("population.network.rewire", Kind::real).label("rewiring probability").symbol("p").def(0.1).range(0, 1)
      .doc("watts_strogatz: probability of rewiring each ring edge.");
  s.key("population.network.m", Kind::integer).label("links per new agent").symbol("m").def(5).range(1, 1e6)
      .doc("barabasi_albert: links each new agent makes to existing agents.");
  s.key("population.network.alpha", Kind::real).label("power-law exponent").symbol("α").def(2.5).above(0)
      .doc("power_law: PLOD exponent α (degree ∝ β·x^−α).");
  s.key("population.network.beta", Kind::real)
      .label("power-law scale").symbol("β").def(100.0).above(0).doc("power_law: PLOD scale β.");
  s.key("population.network.dims", Kind::integer_list)
      .label("lattice side lengths").unit("agents").def(std::vector<std::int64_t>{}).at_least(1)
      .doc("lattice: side lengths (1 or 2 dimensions) whose product is size; empty = a ring of size agents.");
  s.key("population.network.file", Kind::string).label("edge-list file").def("")
      .doc("edgelist: file of `i j` or `i,j` lines (0-based agent ids; # comments), relative to the scenario.");

  s.check([](const View& root, Diagnostics& out) {
    const View p = root.sub("population");
    const auto segs = p.elements("segment");
    if (!segs.empty()) {
      double total = 0;
      for (const auto& seg : segs) total += seg.real("share");
      if (std::abs(total - 1.0) > 1e-9)
        out.add(segs.front().diag("share", "segment shares must sum to 1, they sum to " + std::to_string(total)));
    }
    const auto names = p.strings("correlated");
    if (names.empty() != !p.has("correlation")) {
      out.add(p.diag("correlation", "`population.correlated` and `population.correlation` go together"));
    } else if (!names.empty()) {
      const auto m = p.matrix("correlation");
      bool ok = m.size() == names.size();
      for (std::size_t i = 0; ok && i < m.size(); ++i) {
        ok = m[i].size() == names.size() && m[i][i] == 1.0;
        for (std::size_t j = 0; ok && j < m[i].size(); ++j)
          ok = std::abs(m[i][j]) <= 1.0 && j < m.size() && m[j].size() > i && m[i][j] == m[j][i];
      }
      if (!ok)
        out.add(p.diag("correlation", "`population.correlation` must be a symmetric " +
                                          std::to_string(names.size()) + "×" + std::to_string(names.size()) +
                                          " matrix with unit diagonal and entries in [−1, 1]"));
      else if (!positive_definite(m))
        out.add(p.diag("correlation", "`population.correlation` is not positive definite (no Gaussian copula has "
                                      "these correlations; e.g. two types correlated ±1 with each other, or three "
                                      "with inconsistent pairwise correlations)"));
    }
    const std::size_t collectives = root.elements("collective").size();
    if (!p.reals("leakage").empty() && p.reals("leakage").size() != collectives)
      out.add(p.diag("leakage", "`population.leakage` needs one value per [[collective]] (" + std::to_string(collectives) + ")"));
    const auto who = p.strings("beneficiaries");
    if (!who.empty() && who.size() != collectives)
      out.add(p.diag("beneficiaries", "`population.beneficiaries` needs one entry per [[collective]] (" +
                                          std::to_string(collectives) + ")"));
    for (const auto& w : who) {
      if (w.rfind("label:", 0) == 0) {
        const std::string y = w.substr(6);
        if (y.empty() || y.size() > 18 || y.find_first_not_of("0123456789") != std::string::npos)
          out.add(p.diag("beneficiaries", "`population.beneficiaries`: in \"" + w + "\" the label after \"label:\" "
                                          "must be a non-negative integer"));
        continue;
      }
      bool known = w == "all" || w == "none";
      for (const auto& seg : segs) known = known || seg.string("name") == w;
      if (!known)
        out.add(p.diag("beneficiaries", "`population.beneficiaries`: \"" + w + "\" is neither \"all\", \"none\", "
                                        "\"label:Y\" nor a segment name"));
    }
    if (p.integers("initial_members").size() > collectives)
      out.add(p.diag("initial_members", "`population.initial_members` has " +
                                            std::to_string(p.integers("initial_members").size()) +
                                            " entries but the scenario has " + std::to_string(collectives) +
                                            " [[collective]] (one count per collective, in order)"));
    std::int64_t seeded = 0;
    for (auto m : p.integers("initial_members")) seeded += m;
    if (seeded > p.integer("size"))
      out.add(p.diag("initial_members", "`population.initial_members` add up to more than population.size"));
    const View net = p.sub("network");
    const std::string kind = net.string("kind");
    if (kind == "watts_strogatz" && net.integer("k") % 2 != 0)
      out.add(net.diag("k", "watts_strogatz needs an even k"));
    if (kind == "watts_strogatz" && net.integer("k") >= p.integer("size"))
      out.add(net.diag("k", "watts_strogatz needs k below population.size"));
    if (kind == "barabasi_albert" && net.integer("m") >= p.integer("size"))
      out.add(net.diag("m", "barabasi_albert needs m below population.size"));
    if (kind == "edgelist" && net.string("file").empty())
      out.add(net.diag("file", "network kind = \"edgelist\" needs `file`"));
    if (kind == "lattice") {
      const auto dims = net.integers("dims");
      std::int64_t prod = 1;
      for (auto d : dims) prod *= d;
      if (dims.size() > 2 || (!dims.empty() && prod != p.integer("size")))
        out.add(net.diag("dims", "lattice dims must be 1 or 2 side lengths whose product is population.size"));
    }
  });
}

}  // namespace aca::config::sections
