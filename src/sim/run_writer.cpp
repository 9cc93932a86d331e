#include "sim/run_writer.hpp"

#include <cmath>

#include "util/atomic_file.hpp"
#include "util/csv_writer.hpp"
#include "util/json_writer.hpp"

namespace aca::sim {

namespace {

std::string json_array(const std::vector<double>& v) {
  std::string s = "[";
  for (std::size_t i = 0; i < v.size(); ++i)
    s += (i ? ", " : "") + (std::isfinite(v[i]) ? util::format_number(v[i]) : std::string("null"));
  return s + "]";
}

std::string json_strings(const std::vector<std::string>& v) {
  std::string s = "[";
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + util::json_quote(v[i]);
  return s + "]";
}

// Rounds as JSON: null for "never crossed" (or no α* known, as in learned mode).
std::string json_rounds(const std::vector<long>& v) {
  std::string s = "[";
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + (v[i] < 0 ? std::string("null") : std::to_string(v[i]));
  return s + "]";
}

std::string json_matrix(const numerics::SquareMatrix& m) {
  std::string s = "[";
  for (std::size_t i = 0; i < m.size; ++i) {
    std::vector<double> row(m.size);
    for (std::size_t j = 0; j < m.size; ++j) row[j] = m(i, j);
    s += (i ? ", " : "") + json_array(row);
  }
  return s + "]";
}

util::JsonObject privacy_json(const learn::PrivacyReport& p) {
  util::JsonObject pj;
  pj.add("epsilon", p.epsilon).add("delta", p.delta).add("noise_multiplier", p.noise_multiplier);
  pj.add("clip", p.clip).add("sample_rate", p.sample_rate).add("steps", p.steps);
  pj.add("accountant", p.accountant).add("epsilon_holds", p.epsilon_holds);
  return pj;
}

std::string joint_equilibria_json(const std::vector<JointEquilibrium>& eq) {
  std::string arr = "[";
  for (std::size_t i = 0; i < eq.size(); ++i) {
    util::JsonObject e;
    e.add_raw("alpha", json_array({eq[i].alpha_1, eq[i].alpha_2}));
    e.add("stability", eq[i].stability);
    arr += (i ? ", " : "") + e.str(0);
  }
  return arr + "]";
}

util::JsonObject constructiveness_json(const PairwiseOutcome& p, const numerics::Constructiveness& ct) {
  util::JsonObject cj;
  cj.add("source", p.source);
  cj.add("definition", "raw[i][j] = S_i with j present - S_i alone; relative = raw / S_i alone (null when undefined)");
  cj.add_raw("success_alone", json_array(p.success.alone));
  cj.add_raw("success_with", json_matrix(p.success.with));
  cj.add_raw("raw", json_matrix(ct.raw));
  cj.add_raw("relative", json_matrix(ct.normalised));
  return cj;
}

}  // namespace

RunWriter::RunWriter(std::filesystem::path out_dir, std::vector<std::string> collectives)
    : dir_(std::move(out_dir)), names_(std::move(collectives)) {}

void RunWriter::response_curve(const std::vector<CurveEstimate>& curves) const {
  util::CsvWriter csv(dir_ / "response_curve.csv",
                      {"collective", "alpha", "replicate", "success", "fit", "fit_lower", "fit_upper"});
  for (std::size_t k = 0; k < curves.size(); ++k) {
    const auto& g = curves[k].replicates;
    const auto& fit = curves[k].fit;
    for (std::size_t j = 0; j < g.alphas.size(); ++j)
      for (std::size_t r = 0; r < g.successes[j].size(); ++r)
        csv.row({names_[k], util::format_number(g.alphas[j]), std::to_string(r), util::format_number(g.successes[j][r]),
                 util::format_number(fit.curve.values[j]), util::format_number(fit.lower.values[j]),
                 util::format_number(fit.upper.values[j])});
  }
  csv.commit();
}

void RunWriter::joint_curve(const JointCurveEstimate& joint) const {
  util::CsvWriter csv(dir_ / "response_curve_joint.csv",
                      {"alpha_1", "alpha_2", "replicate", "success_1", "success_2", "mean_1", "mean_2"});
  const auto& g = joint.mean[0].alphas1;
  for (const auto& r : joint.replicates) {
    const auto i = static_cast<std::size_t>(r[0]), j = static_cast<std::size_t>(r[1]);
    csv.row({util::format_number(g[i]), util::format_number(g[j]), util::format_number(r[2]), util::format_number(r[3]),
             util::format_number(r[4]), util::format_number(joint.mean[0].at(i, j)),
             util::format_number(joint.mean[1].at(i, j))});
  }
  csv.commit();
}

void RunWriter::equilibria(const std::vector<Equilibrium>& eq) const {
  util::CsvWriter csv(dir_ / "equilibria.csv", {"collective", "alpha", "slope", "stability", "tipping_point"});
  for (const auto& e : eq)
    csv.row({e.collective, util::format_number(e.alpha), util::format_number(e.slope), e.stability,
             e.tipping_point ? "true" : "false"});
  csv.commit();
}

void RunWriter::joint_equilibria(const std::vector<JointEquilibrium>& eq) const {
  util::CsvWriter csv(dir_ / "equilibria_joint.csv",
                      {"alpha_1", "alpha_2", "stability", "eigen_modulus_1", "eigen_modulus_2", "complex"});
  for (const auto& e : eq)
    csv.row({util::format_number(e.alpha_1), util::format_number(e.alpha_2), e.stability,
             util::format_number(e.eigen_modulus[0]), util::format_number(e.eigen_modulus[1]),
             e.complex_eigenvalues ? "true" : "false"});
  csv.commit();
}

void RunWriter::constructiveness(const PairwiseOutcome& p, const numerics::Constructiveness& ct) const {
  util::CsvWriter csv(dir_ / "constructiveness.csv",
                      {"collective", "other", "success_with_other", "success_alone", "constructiveness", "relative"});
  for (std::size_t i = 0; i < names_.size(); ++i)
    for (std::size_t j = 0; j < names_.size(); ++j)
      if (i != j)
        csv.row({names_[i], names_[j], util::format_number(p.success.with(i, j)), util::format_number(p.success.alone[i]),
                 util::format_number(ct.raw(i, j)), util::format_number(ct.normalised(i, j))});
  csv.commit();
}

void RunWriter::summary(const RunSummary& s) const {
  util::JsonObject js;
  js.add("mode", s.mode);
  js.add("success_model", s.success_model);
  js.add("rounds", static_cast<std::int64_t>(s.rounds));
  js.add_raw("collectives", json_strings(s.collectives));
  js.add_raw("final_alpha", json_array(s.final_alpha));
  js.add_raw("final_success", json_array(s.final_success));
  js.add("target_success", s.target_success);
  js.add_raw("critical_mass", json_array(s.critical_mass));
  js.add_raw("critical_mass_lower", json_array(s.critical_mass_lower));
  js.add_raw("critical_mass_upper", json_array(s.critical_mass_upper));
  js.add_raw("critical_crossing_round", json_rounds(s.crossed_round));
  // Two arrays, each one round (or null) per collective: the crossings of the band's lower and upper α*.
  js.add_raw("critical_crossing_round_band",
             "[" + json_rounds(s.crossed_round_lower) + ", " + json_rounds(s.crossed_round_upper) + "]");
  js.add("converged_round", static_cast<std::int64_t>(s.converged_round));
  js.add("period", static_cast<std::int64_t>(s.period));
  if (s.privacy.is_private) js.add("privacy", privacy_json(s.privacy));
  if (s.has_joint_equilibria) js.add_raw("joint_equilibria", joint_equilibria_json(s.joint_equilibria));
  if (s.pairwise && s.constructiveness) js.add("constructiveness", constructiveness_json(*s.pairwise, *s.constructiveness));
  util::write_file_atomic(dir_ / "summary.json", js.str() + "\n");
}

void RunWriter::manifest(const ManifestInfo& info) const { write_manifest(dir_, info); }

}  // namespace aca::sim
