#include "cli/equilibria_text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>

namespace aca::cli {

namespace {

std::string format(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
std::string format(const char* fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  std::vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  return buf;
}

// The state the run ended in is "at" a joint equilibrium within 0.01 of each share (20 agents of 2,000) with two
// collectives: the decision rule's noise keeps α a few agents off the mean-field fixed point. With three or more
// options each share moves more (measured: 0.02 off a strongly stable point on three_collectives.toml), so 0.02.
bool ends_at(const sim::RunSummary& s, const sim::JointEquilibrium& e) {
  if (s.final_alpha.size() != e.alpha.size()) return false;
  const double within = e.alpha.size() > 2 ? 0.02 : 0.01;
  for (std::size_t k = 0; k < e.alpha.size(); ++k)
    if (!(std::fabs(s.final_alpha[k] - e.alpha[k]) < within)) return false;
  return true;
}

// "left 0.960, right 0.000, third 0.412": one share per collective, in the scenario's order.
std::string joint_state(const sim::RunSummary& s, const sim::JointEquilibrium& e) {
  std::string out;
  for (std::size_t k = 0; k < e.alpha.size() && k < s.collectives.size(); ++k)
    out += (k ? ", " : "") + format("%s %.3f", s.collectives[k].c_str(), e.alpha[k]);
  return out;
}

std::string joint_line(const sim::RunSummary& s, const sim::JointEquilibrium& e) {
  const std::string where = ends_at(s, e) ? " — this run ends here" : "";
  if (e.stability == "saddle")
    return format("  saddle: %s (separates the basins)%s\n", joint_state(s, e).c_str(), where.c_str());
  return format("  joint equilibrium: %s (%s)%s\n", joint_state(s, e).c_str(), e.stability.c_str(), where.c_str());
}

}  // namespace

std::string equilibria_text(const sim::RunSummary& s) {
  std::string out;
  if (s.joint_equilibria && s.collectives.size() >= 2) {
    // Stable states first, then the saddles between them, then the rest.
    auto rank = [](const std::string& st) { return st == "stable" ? 0 : st == "saddle" ? 1 : 2; };
    std::vector<sim::JointEquilibrium> eq = *s.joint_equilibria;
    std::stable_sort(eq.begin(), eq.end(), [&](const auto& x, const auto& y) { return rank(x.stability) < rank(y.stability); });
    for (const auto& e : eq) out += joint_line(s, e);
  }
  const bool several = s.collectives.size() > 1;
  for (const auto& e : s.equilibria) {
    const std::string detail = e.stability + (e.tipping_point ? ", tipping point" : "") + (e.mean_field ? ", mean-field" : "");
    if (several)
      out += format("  collective %s alone: equilibrium α = %.4f (%s)\n", e.collective.c_str(), e.alpha, detail.c_str());
    else
      out += format("  collective %-12s equilibrium α = %.4f (%s)\n", e.collective.c_str(), e.alpha, detail.c_str());
  }
  return out;
}

std::string success_matrix_text(const sim::RunSummary& s) {
  if (!s.pairwise || s.collectives.size() < 2) return "";
  const auto& p = *s.pairwise;
  const std::size_t K = s.collectives.size();
  // With two collectives "beside the other" is already both present; with more, the joint models add all present.
  const std::string columns = p.all_present.size() == K ? "alone, beside each other collective, all present"
                              : K == 2                  ? "alone, beside the other collective"
                                                        : "alone, beside each other collective";
  std::string out = "  success at the final shares (" + columns + "):\n";
  for (std::size_t i = 0; i < K; ++i) {
    out += format("    %-12s alone %.3f", s.collectives[i].c_str(), p.success.alone[i]);
    for (std::size_t j = 0; j < K; ++j)
      if (j != i) out += format(", beside %s %.3f", s.collectives[j].c_str(), p.success.with(i, j));
    if (p.all_present.size() == K) out += format(", all present %.3f", p.all_present[i]);
    out += "\n";
  }
  return out;
}

}  // namespace aca::cli
