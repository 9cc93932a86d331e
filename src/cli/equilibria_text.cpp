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

// The state the run ended in is "at" a joint equilibrium within 0.01 of each share (20 agents of 2,000): the
// decision rule's noise keeps α a few agents off the mean-field fixed point.
bool ends_at(const sim::RunSummary& s, const sim::JointEquilibrium& e) {
  return s.final_alpha.size() == 2 && std::fabs(s.final_alpha[0] - e.alpha_1) < 0.01 &&
         std::fabs(s.final_alpha[1] - e.alpha_2) < 0.01;
}

std::string joint_line(const sim::RunSummary& s, const sim::JointEquilibrium& e) {
  const std::string& a = s.collectives[0];
  const std::string& b = s.collectives[1];
  const std::string where = ends_at(s, e) ? " — this run ends here" : "";
  if (e.stability == "saddle")
    return format("  saddle: %s %.3f, %s %.3f (separates the basins)%s\n", a.c_str(), e.alpha_1, b.c_str(), e.alpha_2,
                  where.c_str());
  return format("  joint equilibrium: %s %.3f, %s %.3f (%s)%s\n", a.c_str(), e.alpha_1, b.c_str(), e.alpha_2,
                e.stability.c_str(), where.c_str());
}

}  // namespace

std::string equilibria_text(const sim::RunSummary& s) {
  std::string out;
  if (s.joint_equilibria && s.collectives.size() == 2) {
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

}  // namespace aca::cli
