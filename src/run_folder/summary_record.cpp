#include "run_folder/summary_record.hpp"

#include <cmath>

namespace aca::run_folder {

namespace {

constexpr const char* definition =
    "raw[i][j] = S_i with j present - S_i alone; relative = raw / S_i alone (null when undefined)";

Json optional_integer(const std::optional<long>& v) { return v ? Json(*v) : Json(nullptr); }

// A collective-by-collective matrix as {"i": {"j": value}} without the diagonal.
Json matrix_json(const std::vector<std::string>& names, const std::vector<std::vector<double>>& m) {
  Json out = Json::object();
  for (std::size_t i = 0; i < names.size(); ++i) {
    Json row = Json::object();
    for (std::size_t j = 0; j < names.size(); ++j)
      if (i != j) row[names[j]] = number_or_null(m[i][j]);
    out[names[i]] = row;
  }
  return out;
}

std::vector<std::vector<double>> matrix_from(const Json& j, const std::vector<std::string>& names,
                                             const std::string& where) {
  std::vector<std::vector<double>> m(names.size(), std::vector<double>(names.size(), std::nan("")));
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (!j.contains(names[i])) throw FolderError(where + ": no row for collective `" + names[i] + "`");
    for (std::size_t k = 0; k < names.size(); ++k)
      if (i != k) m[i][k] = number_or_nan(j.at(names[i]), names[k], where);
  }
  return m;
}

// Each record's members are listed once, so that writing and reading cannot drift apart.
const std::pair<const char*, double CollectiveOutcome::*> outcome_numbers[] = {
    {"final_alpha", &CollectiveOutcome::final_alpha},
    {"final_success", &CollectiveOutcome::final_success},
    {"critical_mass", &CollectiveOutcome::critical_mass},
    {"critical_mass_lower", &CollectiveOutcome::critical_mass_lower},
    {"critical_mass_upper", &CollectiveOutcome::critical_mass_upper}};
const std::pair<const char*, std::optional<long> CollectiveOutcome::*> outcome_rounds[] = {
    {"critical_crossing_round", &CollectiveOutcome::crossing_round},
    {"critical_crossing_round_lower", &CollectiveOutcome::crossing_round_lower},
    {"critical_crossing_round_upper", &CollectiveOutcome::crossing_round_upper}};
const std::pair<const char*, double PrivacyOutcome::*> privacy_numbers[] = {
    {"epsilon", &PrivacyOutcome::epsilon},         {"delta", &PrivacyOutcome::delta},
    {"noise_multiplier", &PrivacyOutcome::noise_multiplier}, {"clip", &PrivacyOutcome::clip},
    {"sample_rate", &PrivacyOutcome::sample_rate}};

Json outcome_json(const CollectiveOutcome& c) {
  Json j = Json::object();
  for (const auto& [key, member] : outcome_numbers) j[key] = number_or_null(c.*member);
  for (const auto& [key, member] : outcome_rounds) j[key] = optional_integer(c.*member);
  return j;
}

CollectiveOutcome outcome_from(const Json& j, const std::string& where) {
  CollectiveOutcome c;
  for (const auto& [key, member] : outcome_numbers) c.*member = number_or_nan(j, key, where);
  for (const auto& [key, member] : outcome_rounds) c.*member = integer_or_none(j, key, where);
  return c;
}

Json privacy_json(const PrivacyOutcome& p) {
  Json j = Json::object();
  for (const auto& [key, member] : privacy_numbers) j[key] = number_or_null(p.*member);
  j["steps"] = p.steps;
  j["accountant"] = p.accountant;
  j["epsilon_holds"] = p.epsilon_holds;
  return j;
}

PrivacyOutcome privacy_from(const Json& j, const std::string& where) {
  PrivacyOutcome p;
  for (const auto& [key, member] : privacy_numbers) p.*member = number_or_nan(j, key, where);
  p.steps = integer_or_none(j, "steps", where).value_or(0);
  p.accountant = string_at(j, "accountant", where);
  p.epsilon_holds = j.value("epsilon_holds", true);
  return p;
}

Json constructiveness_json(const std::vector<std::string>& names, const ConstructivenessOutcome& c) {
  Json alone = Json::object();
  for (std::size_t i = 0; i < names.size(); ++i) alone[names[i]] = number_or_null(c.success_alone[i]);
  Json j{{"source", c.source},
         {"definition", definition},
         {"success_alone", alone},
         {"success_with", matrix_json(names, c.success_with)},
         {"raw", matrix_json(names, c.raw)},
         {"relative", matrix_json(names, c.relative)}};
  if (!c.success_all_present.empty()) {
    Json all = Json::object();
    for (std::size_t i = 0; i < names.size(); ++i) all[names[i]] = number_or_null(c.success_all_present[i]);
    j["success_all_present"] = all;
  }
  return j;
}

ConstructivenessOutcome constructiveness_from(const Json& j, const std::vector<std::string>& names,
                                              const std::string& where) {
  ConstructivenessOutcome c;
  c.source = string_at(j, "source", where);
  for (const auto& n : names) c.success_alone.push_back(number_or_nan(j.at("success_alone"), n, where));
  c.success_with = matrix_from(j.at("success_with"), names, where);
  c.raw = matrix_from(j.at("raw"), names, where);
  c.relative = matrix_from(j.at("relative"), names, where);
  // Written for three or more collectives only (with two, success_with is already every collective present).
  if (j.contains("success_all_present"))
    for (const auto& n : names) c.success_all_present.push_back(number_or_nan(j.at("success_all_present"), n, where));
  return c;
}

}  // namespace

Json to_json(const SummaryRecord& s) {
  Json j;
  j["format_version"] = summary_format_version;
  j["mode"] = s.mode;
  j["success_model"] = s.success_model;
  j["rounds"] = s.rounds;
  j["target_success"] = number_or_null(s.target_success);
  j["converged_round"] = optional_integer(s.converged_round);
  j["period"] = s.period;
  Json per = Json::object();
  for (std::size_t k = 0; k < s.collectives.size(); ++k) per[s.collectives[k]] = outcome_json(s.outcomes[k]);
  j["collectives"] = per;
  if (s.privacy) j["privacy"] = privacy_json(*s.privacy);
  if (s.joint_equilibria) {
    Json arr = Json::array();
    for (const auto& e : *s.joint_equilibria) {
      Json at = Json::object();
      for (std::size_t k = 0; k < s.collectives.size(); ++k) at[s.collectives[k]] = number_or_null(e.alpha[k]);
      arr.push_back(Json{{"alpha", at}, {"stability", e.stability}});
    }
    j["joint_equilibria"] = arr;
  }
  if (s.constructiveness) j["constructiveness"] = constructiveness_json(s.collectives, *s.constructiveness);
  Json warnings = Json::array();
  for (const auto& w : s.warnings) warnings.push_back(Json{{"code", w.code}, {"message", w.message}});
  j["warnings"] = warnings;
  return j;
}

SummaryRecord summary_from_json(const Json& j, const std::string& where) {
  if (!j.is_object()) throw FolderError(where + ": not a JSON object");
  const auto version = integer_or_none(j, "format_version", where);
  if (version != summary_format_version)
    throw FolderError(where + ": summary format " + (version ? std::to_string(*version) : std::string("1 (no format_version)")) +
                      ", this acasim reads format " + std::to_string(summary_format_version) +
                      "; rerun the run (or sweep point) with this acasim");
  SummaryRecord s;
  s.mode = string_at(j, "mode", where);
  s.success_model = string_at(j, "success_model", where);
  s.rounds = integer_or_none(j, "rounds", where).value_or(0);
  s.target_success = number_or_nan(j, "target_success", where);
  s.converged_round = integer_or_none(j, "converged_round", where);
  s.period = integer_or_none(j, "period", where).value_or(0);
  if (!j.contains("collectives") || !j.at("collectives").is_object())
    throw FolderError(where + ": `collectives` is missing or not an object keyed by collective name");
  for (const auto& [name, c] : j.at("collectives").items()) {
    s.collectives.push_back(name);
    s.outcomes.push_back(outcome_from(c, where + " (collective " + name + ")"));
  }
  if (j.contains("privacy")) s.privacy = privacy_from(j.at("privacy"), where + " (privacy)");
  if (j.contains("joint_equilibria")) {
    s.joint_equilibria.emplace();
    for (const auto& e : j.at("joint_equilibria")) {
      JointEquilibriumOutcome o;
      for (const auto& n : s.collectives) o.alpha.push_back(number_or_nan(e.at("alpha"), n, where));
      o.stability = string_at(e, "stability", where);
      s.joint_equilibria->push_back(std::move(o));
    }
  }
  if (j.contains("constructiveness"))
    s.constructiveness = constructiveness_from(j.at("constructiveness"), s.collectives, where + " (constructiveness)");
  if (j.contains("warnings")) {
    if (!j.at("warnings").is_array()) throw FolderError(where + ": `warnings` is not a list");
    for (const auto& w : j.at("warnings"))
      s.warnings.push_back({string_at(w, "code", where + " (warnings)"), string_at(w, "message", where + " (warnings)")});
  }
  return s;
}

void write_summary(const std::filesystem::path& dir, const SummaryRecord& s) {
  write_json_file(dir / "summary.json", to_json(s));
}

SummaryRecord read_summary(const std::filesystem::path& dir) {
  const auto path = dir / "summary.json";
  try {
    return summary_from_json(read_json_file(path), path.string());
  } catch (const nlohmann::json::exception& e) {
    throw FolderError(path.string() + ": " + e.what());
  }
}

}  // namespace aca::run_folder
