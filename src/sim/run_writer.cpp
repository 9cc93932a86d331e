#include "sim/run_writer.hpp"

#include <cmath>

#include "run_folder/summary_record.hpp"
#include "util/csv_writer.hpp"

namespace aca::sim {

namespace {

std::optional<long> round_or_none(long r) { return r < 0 ? std::nullopt : std::optional<long>(r); }

std::vector<std::vector<double>> rows_of(const numerics::SquareMatrix& m) {
  std::vector<std::vector<double>> out(m.size, std::vector<double>(m.size));
  for (std::size_t i = 0; i < m.size; ++i)
    for (std::size_t j = 0; j < m.size; ++j) out[i][j] = m(i, j);
  return out;
}

// The engine's summary as the run folder's typed record.
run_folder::SummaryRecord summary_record(const RunSummary& s) {
  run_folder::SummaryRecord r;
  r.mode = s.mode;
  r.success_model = s.success_model;
  r.rounds = s.rounds;
  r.target_success = s.target_success;
  r.converged_round = round_or_none(s.converged_round);
  r.period = s.period;
  r.collectives = s.collectives;
  for (std::size_t k = 0; k < s.collectives.size(); ++k)
    r.outcomes.push_back({s.final_alpha[k], s.final_success[k], s.critical_mass[k], s.critical_mass_lower[k],
                          s.critical_mass_upper[k], round_or_none(s.crossed_round[k]),
                          round_or_none(s.crossed_round_lower[k]), round_or_none(s.crossed_round_upper[k])});
  if (s.privacy.is_private) {
    const auto& p = s.privacy;
    r.privacy = run_folder::PrivacyOutcome{p.epsilon, p.delta, p.noise_multiplier, p.clip, p.sample_rate,
                                           static_cast<long>(p.steps), p.accountant, p.epsilon_holds};
  }
  if (s.joint_equilibria) {
    r.joint_equilibria.emplace();
    for (const auto& e : *s.joint_equilibria) r.joint_equilibria->push_back({e.alpha, e.stability});
  }
  if (s.pairwise && s.constructiveness)
    r.constructiveness = run_folder::ConstructivenessOutcome{s.pairwise->source, s.pairwise->success.alone,
                                                             rows_of(s.pairwise->success.with),
                                                             rows_of(s.constructiveness->raw),
                                                             rows_of(s.constructiveness->normalised),
                                                             s.pairwise->all_present};
  for (const auto& w : s.warnings) r.warnings.push_back({w.code, w.message});
  return r;
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
  util::CsvWriter csv(dir_ / "equilibria.csv", {"collective", "alpha", "slope", "stability", "tipping_point", "map"});
  for (const auto& e : eq)
    csv.row({e.collective, util::format_number(e.alpha), util::format_number(e.slope), e.stability,
             e.tipping_point ? "true" : "false", e.mean_field ? "mean_field" : "global"});
  csv.commit();
}

void RunWriter::joint_equilibria(const std::vector<JointEquilibrium>& eq) const {
  // One alpha_k and one eigen_modulus_k column per collective (K = 2: the columns the two-collective runs had).
  std::vector<std::string> header;
  for (std::size_t k = 1; k <= names_.size(); ++k) header.push_back("alpha_" + std::to_string(k));
  header.push_back("stability");
  for (std::size_t k = 1; k <= names_.size(); ++k) header.push_back("eigen_modulus_" + std::to_string(k));
  header.push_back("complex");
  util::CsvWriter csv(dir_ / "equilibria_joint.csv", header);
  for (const auto& e : eq) {
    std::vector<std::string> row;
    for (double a : e.alpha) row.push_back(util::format_number(a));
    row.push_back(e.stability);
    for (double m : e.eigen_modulus) row.push_back(util::format_number(m));
    row.push_back(e.complex_eigenvalues ? "true" : "false");
    csv.row(row);
  }
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

void RunWriter::summary(const RunSummary& s) const { run_folder::write_summary(dir_, summary_record(s)); }

void RunWriter::manifest(const run_folder::ManifestRecord& m) const { run_folder::write_manifest(dir_, m); }

}  // namespace aca::sim
