#include "sim/run.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>

#include "analysis/constructiveness.hpp"
#include "analysis/critical_mass.hpp"
#include "analysis/dynamics.hpp"
#include "analysis/fixed_points.hpp"
#include "analysis/fixed_points_2d.hpp"
#include "data/categorical.hpp"
#include "data/categorical_theory.hpp"
#include "sim/batch_training.hpp"
#include "sim/checkpoint.hpp"
#include "sim/manifest.hpp"
#include "sim/platform_round.hpp"
#include "sim/recorder.hpp"
#include "sim/success_curves.hpp"
#include "sim/world.hpp"
#include "util/atomic_file.hpp"
#include "util/csv_writer.hpp"
#include "util/json_writer.hpp"

namespace aca::sim {

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

std::string json_array(const std::vector<double>& v) {
  std::string s = "[";
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + (std::isfinite(v[i]) ? util::format_number(v[i]) : std::string("null"));
  return s + "]";
}

std::string json_strings(const std::vector<std::string>& v) {
  std::string s = "[";
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + util::json_quote(v[i]);
  return s + "]";
}

// Fixed points of every collective's mean-field participation map on its curve (the others held absent; with two
// collectives on a joint curve this is the map along each axis, not the joint 2-D map).
std::vector<Equilibrium> equilibria(const World& w, const std::vector<CurveEstimate>& curves, double epsilon,
                                    const std::vector<std::string>& names) {
  std::vector<Equilibrium> out;
  for (std::size_t k = 0; k < curves.size(); ++k) {
    const auto& table = curves[k].table;
    std::vector<agents::SuccessCurve> tables;
    for (const auto& c : curves) tables.push_back(c.table);
    const auto F = [&](double a) {
      if (curves.size() == 1)
        return agents::join_probability(w.population, *w.dynamics, [&](double x) { return table(x); }, a, epsilon,
                                        w.threads);
      // Several collectives: k's map with the others held empty (the per-collective curves' own assumption).
      std::vector<double> alpha(curves.size(), 0.0);
      alpha[k] = a;
      return agents::join_probability(w.population, *w.dynamics, tables, alpha, epsilon, w.threads)[k];
    };
    analysis::FixedPointOptions opts;
    opts.grid = 400;  // the map is a population average: evaluating it 400 times stays cheap at 10^6 agents
    // A finite population's map is a step function (each agent's switch moves it by 1/N), so a crossing of the
    // diagonal is a fixed point up to one agent's step; only larger jumps are discontinuities of S itself.
    opts.max_residual = 1.5 / static_cast<double>(w.population.size()) + 1e-9;
    // A measured curve is only known up to the largest α tested: no equilibrium is claimed beyond it.
    if (!curves[k].replicates.alphas.empty()) opts.hi = curves[k].replicates.alphas.back();
    for (const auto& fp : analysis::find_fixed_points(F, opts))
      out.push_back({names[k], fp.alpha, fp.slope, analysis::to_string(fp.stability), fp.tipping_point});
  }
  return out;
}

}  // namespace

RunSummary run(const config::Scenario& scenario, const RunOptions& opts) {
  const auto start = std::chrono::system_clock::now();
  World w = make_world(scenario);
  const config::View root = scenario.root();
  const config::View simc = root.sub("simulation");
  const long rounds = static_cast<long>(simc.integer("rounds"));
  const long retrain_every = static_cast<long>(root.sub("platform").integer("retrain_every"));
  const double tol = simc.real("convergence_tolerance");
  const long window = static_cast<long>(simc.integer("convergence_window"));
  const bool stop_on_convergence = simc.string("stop_when") == "converged";
  const double target = root.sub("analysis").real("target_success");
  const std::vector<std::string> names = collective_names(w);
  const std::size_t K = names.size();

  std::filesystem::create_directories(opts.out_dir);
  util::write_file_atomic(opts.out_dir / "scenario.resolved.toml", scenario.resolved_toml());

  // Curve modes settle S_k(α) before the dynamics start.
  std::vector<CurveEstimate> curves;
  std::vector<std::string> curve_sources;  // for the manifest
  const auto curve_cache = opts.cache_dir.empty() ? opts.out_dir.parent_path() / ".acasim-cache" : opts.cache_dir;
  double epsilon = inf;
  if (w.mode == "theory") {
    curves = theory_curves(w);
  } else if (w.mode == "response_curve") {
    curves = estimate_response_curves(w, curve_cache, opts.progress);
    for (const auto& c : curves) curve_sources.push_back(c.from_cache ? "cache" : "estimated");
    epsilon = curves.empty() ? inf : curves.front().epsilon;
    util::CsvWriter csv(opts.out_dir / "response_curve.csv",
                        {"collective", "alpha", "replicate", "success", "fit", "fit_lower", "fit_upper"});
    for (std::size_t k = 0; k < K; ++k) {
      const auto& g = curves[k].replicates;
      for (std::size_t j = 0; j < g.alphas.size(); ++j)
        for (std::size_t r = 0; r < g.successes[j].size(); ++r)
          csv.row({names[k], util::format_number(g.alphas[j]), std::to_string(r), util::format_number(g.successes[j][r]),
                   util::format_number(curves[k].fit.curve.values[j]), util::format_number(curves[k].fit.lower.values[j]),
                   util::format_number(curves[k].fit.upper.values[j])});
    }
    csv.commit();
  }
  // Two collectives compete on one platform: their successes are estimated jointly on a 2-D grid and the dynamics
  // run on it. K > 2 would need a K-dimensional grid; there each collective's curve is estimated with the others
  // absent (summary.json's success_model says which).
  std::optional<JointCurveEstimate> joint;
  if (w.mode == "response_curve" && K == 2) {
    joint = estimate_joint_curves(w, curve_cache, opts.progress);
    curve_sources.push_back(joint->from_cache ? "cache" : "estimated");
    util::CsvWriter csv(opts.out_dir / "response_curve_joint.csv",
                        {"alpha_1", "alpha_2", "replicate", "success_1", "success_2", "mean_1", "mean_2"});
    const auto& g = joint->mean[0].alphas1;
    for (const auto& r : joint->replicates) {
      const auto i = static_cast<std::size_t>(r[0]), j = static_cast<std::size_t>(r[1]);
      csv.row({util::format_number(g[i]), util::format_number(g[j]), util::format_number(r[2]), util::format_number(r[3]),
               util::format_number(r[4]), util::format_number(joint->mean[0].at(i, j)),
               util::format_number(joint->mean[1].at(i, j))});
    }
    csv.commit();
  }
  const std::string success_model = joint ? "joint: S_k(alpha_1, alpha_2) on a 2-D grid, both collectives present"
                                    : (K > 1 && w.mode != "learned")
                                        ? "per collective, the others absent (no joint curve for this mode or K > 2)"
                                        : (w.mode == "learned" ? "trained every round with every collective present"
                                                               : "one collective");
  const auto joint_success = [&](std::size_t k, const std::vector<double>& a) {
    // Held at the grid's edges outside it, as the one-collective curves are.
    const auto& g = joint->mean[k];
    const double a1 = std::min(g.alphas1.back(), std::max(g.alphas1.front(), a[0]));
    const double a2 = std::min(g.alphas2.back(), std::max(g.alphas2.front(), a[1]));
    return g(a1, a2);
  };
  std::vector<agents::SuccessCurve> tables;
  for (const auto& c : curves) tables.push_back(c.table);

  // A resumed run picks up the loop state, membership, decision state, learner and its stream.
  LoopState st;
  if (!opts.resume_from.empty()) st = load_checkpoint(opts.resume_from, w);
  Recorder rec(opts.out_dir, st.metrics, opts.checkpoint_every > 0);
  RunSummary summary;
  summary.mode = w.mode;
  summary.out_dir = opts.out_dir;
  summary.collectives = names;
  summary.critical_mass.assign(K, std::numeric_limits<double>::quiet_NaN());
  summary.critical_mass_lower = summary.critical_mass_upper = summary.critical_mass;
  for (std::size_t k = 0; k < tables.size(); ++k) {
    summary.critical_mass[k] = tables[k].inverse(target);
    if (w.mode == "response_curve") {
      // The band's upper edge reaches the target first: it bounds α* from below, the lower edge from above.
      const analysis::CriticalMass lo = analysis::critical_mass(curves[k].fit.upper, target);
      const analysis::CriticalMass hi = analysis::critical_mass(curves[k].fit.lower, target);
      summary.critical_mass_lower[k] = lo.found() ? lo.alpha : std::numeric_limits<double>::quiet_NaN();
      summary.critical_mass_upper[k] = hi.found() ? hi.alpha : std::numeric_limits<double>::quiet_NaN();
    } else {
      summary.critical_mass_lower[k] = summary.critical_mass_upper[k] = summary.critical_mass[k];
    }
  }

  analysis::Trajectories alpha_t(K);
  std::vector<double> success(K, 0.0);
  const data::CategoricalModel* model = w.dataset->categorical();
  learn::PrivacyReport privacy;
  long stable_steps = 0;
  long t = 0;
  if (!opts.resume_from.empty()) {
    alpha_t = st.alpha;
    success = st.success;
    // A fork of a curve mode re-estimated the curves under its settings; a learned run's ε is the last fit's.
    if (w.mode == "learned") epsilon = st.epsilon;
    privacy = st.privacy;
    stable_steps = st.stable_steps;
    summary.converged_round = st.converged_round;
    t = st.last_round + 1;
  }
  // Options in flow metrics: "none" (outside every collective), then the collectives.
  std::vector<std::string> option_names{"none"};
  option_names.insert(option_names.end(), names.begin(), names.end());
  std::vector<std::int32_t> measured;  // the membership the last recorded success belongs to
  for (; t < rounds; ++t) {
    const std::vector<double> alpha = agents::shares(w.population);
    if (w.mode == "learned" && K > 1) measured = w.population.choice;
    // Measure the success the current membership achieves.
    if (w.mode == "learned") {
      if (t % retrain_every == 0) {
        const PlatformOutcome o = train_and_measure(w, *w.learner, w.learner_rng, w.population.choice,
                                                    static_cast<std::uint64_t>(t));
        for (std::size_t k = 0; k < K; ++k) {
          success[k] = o.success[k].estimate;
          rec.record(t, names[k], "success_lower", o.success[k].lower, w.mode);
          rec.record(t, names[k], "success_upper", o.success[k].upper, w.mode);
          if (!std::isnan(o.theta_distance[k])) {
            // Gradient cancelling (literature §1): the collective reaches θ* when α ≥ 1/(1+t); the plan says which
            // t its members needed ((1−α)/α), which they could reach within the feature bounds, and how well.
            const data::GradientCancelPlan& plan = o.plans[k];
            rec.record(t, names[k], "theta_distance", o.theta_distance[k], w.mode);
            rec.record(t, names[k], "cancel_t_required", plan.t_required, w.mode);
            rec.record(t, names[k], "cancel_t_best", plan.t_best, w.mode);
            rec.record(t, names[k], "cancel_feasible", plan.feasible ? 1.0 : 0.0, w.mode);
            rec.record(t, names[k], "cancel_residual", plan.residual, w.mode);
          }
        }
        rec.record(t, "", "clean_accuracy", o.clean_accuracy.estimate, w.mode);
        for (std::size_t g = 0; g < o.group_accuracy.size(); ++g)
          rec.record(t, "group" + std::to_string(g), "accuracy", o.group_accuracy[g].estimate, w.mode);
        if (!o.group_accuracy.empty())
          rec.record(t, "", "worst_group_accuracy", data::worst_group_accuracy(o.group_accuracy), w.mode);
        if (o.privacy.is_private) {
          epsilon = o.privacy.epsilon;
          privacy = o.privacy;
          rec.record(t, "", "epsilon", o.privacy.epsilon, w.mode);
          rec.record(t, "", "delta", o.privacy.delta, w.mode);
          rec.record(t, "", "noise_multiplier", o.privacy.noise_multiplier, w.mode);
          rec.record(t, "", "clip", o.privacy.clip, w.mode);
          rec.record(t, "", "sample_rate", o.privacy.sample_rate, w.mode);
          rec.record(t, "", "privacy_steps", static_cast<double>(o.privacy.steps), w.mode);
          // 0 flags fixed-size shuffled batches: the accountant's ε assumes Poisson sampling and does not hold.
          rec.record(t, "", "epsilon_holds", o.privacy.epsilon_holds ? 1.0 : 0.0, w.mode);
        }
      }
    } else if (joint) {
      for (std::size_t k = 0; k < K; ++k) {
        success[k] = joint_success(k, alpha);
        rec.record(t, names[k], "success_alone", tables[k](alpha[k]), w.mode);
      }
    } else {
      for (std::size_t k = 0; k < K; ++k) success[k] = tables[k](alpha[k]);
    }
    if (t == 0) {
      // The group-privacy bound (literature §3) turns α into a number of changed records: analysis needs the rows.
      rec.record(t, "", "training_rows",
                 static_cast<double>(w.population.size()) * static_cast<double>(w.points_per_agent), w.mode);
      // Curve modes train before the loop; their fits' (ε, δ) are otherwise recorded nowhere per run.
      if (w.mode == "response_curve" && std::isfinite(epsilon)) {
        rec.record(t, "", "epsilon", epsilon, w.mode);
        rec.record(t, "", "delta", w.learner_spec.privacy.delta, w.mode);
      }
    }
    for (std::size_t k = 0; k < K; ++k) {
      rec.record(t, names[k], "alpha", alpha[k], w.mode);
      rec.record(t, names[k], "members", std::round(alpha[k] * static_cast<double>(w.population.size())), w.mode);
      rec.record(t, names[k], "success", success[k], w.mode);
      alpha_t[k].push_back(alpha[k]);
      // Categorical data knows the exact Bayes-optimal success and the bounds at the realised α.
      const auto s = w.collectives[k].strategy;
      if (model && (s == data::Strategy::feature_label || s == data::Strategy::feature_only)) {
        const data::CategoricalTheory th = data::categorical_theory(*model, w.collectives[k], alpha[k]);
        rec.record(t, names[k], "exact_bayes_success", th.exact_success, "theory");
        rec.record(t, names[k], s == data::Strategy::feature_label ? "feature_label_bound" : "feature_only_bound",
                   s == data::Strategy::feature_label ? th.feature_label_bound : th.feature_only_bound, "theory");
      }
    }

    // Convergence: `window` consecutive steps in which no α_k moves more than tol.
    if (t > 0) {
      double step = 0.0;
      for (std::size_t k = 0; k < K; ++k) step = std::max(step, std::abs(alpha_t[k][t] - alpha_t[k][t - 1]));
      stable_steps = step < tol ? stable_steps + 1 : 0;
      if (stable_steps == window && summary.converged_round < 0) summary.converged_round = t - window + 1;
    }
    if (opts.progress)
      std::fprintf(stderr, "\rround %ld/%ld  α=%.4f  S=%.3f   ", t + 1, rounds, alpha[0], success[0]);
    if (stop_on_convergence && summary.converged_round >= 0) {
      ++t;
      break;
    }

    // Agents observe this round's success, are paid, and revise.
    agents::RoundInput in;
    in.observed_success = success;
    in.epsilon = epsilon;
    in.round = t;
    in.curves = tables;
    const std::vector<std::int32_t> before = w.population.choice;
    const agents::RoundResult r = w.dynamics->step(w.population, in, w.threads);
    // Who wins agents from whom: the (K+1)×(K+1) switch counts of this revision, off the diagonal.
    std::vector<double> flow((K + 1) * (K + 1), 0.0);
    for (std::size_t i = 0; i < before.size(); ++i)
      flow[static_cast<std::size_t>(before[i] + 1) * (K + 1) + static_cast<std::size_t>(w.population.choice[i] + 1)] += 1.0;
    for (std::size_t from = 0; from <= K; ++from)
      for (std::size_t to = 0; to <= K; ++to)
        if (from != to) rec.record(t, option_names[to], "flow_from_" + option_names[from], flow[from * (K + 1) + to], w.mode);
    // step() realised the payoffs of the membership the success came from (`before`): that is this round's welfare.
    std::vector<double> member_payoff(K, 0.0), member_count(K, 0.0);
    double outside_payoff = 0.0, outside_count = 0.0;
    for (std::size_t i = 0; i < before.size(); ++i) {
      const double p = w.population.payoff[static_cast<Eigen::Index>(i)];
      if (before[i] < 0) {
        outside_payoff += p;
        outside_count += 1.0;
      } else {
        member_payoff[static_cast<std::size_t>(before[i])] += p;
        member_count[static_cast<std::size_t>(before[i])] += 1.0;
      }
    }
    double total = outside_payoff;
    for (std::size_t k = 0; k < K; ++k) {
      total += member_payoff[k];
      if (member_count[k] > 0) rec.record(t, names[k], "member_payoff", member_payoff[k] / member_count[k], w.mode);
    }
    if (outside_count > 0) rec.record(t, "", "nonmember_payoff", outside_payoff / outside_count, w.mode);
    rec.record(t, "", "welfare", total / static_cast<double>(before.size()), w.mode);
    rec.record(t, "", "churn", static_cast<double>(r.switches) / static_cast<double>(w.population.size()), w.mode);

    const bool stop = opts.stop_after >= 0 && t >= opts.stop_after && t + 1 < rounds;
    if (opts.checkpoint_every > 0 && (t + 1) % opts.checkpoint_every == 0) {
      LoopState cp;
      cp.last_round = t;
      cp.alpha = alpha_t;
      cp.success = success;
      cp.epsilon = epsilon;
      cp.privacy = privacy;
      cp.stable_steps = stable_steps;
      cp.converged_round = summary.converged_round;
      cp.metrics = rec.text();
      save_checkpoint(checkpoint_dir(opts.out_dir, t), w, cp);
    }
    if (stop) {
      summary.stopped = true;
      ++t;
      break;
    }
  }
  if (opts.progress) std::fprintf(stderr, "\n");
  rec.commit();
  summary.rounds = t;
  for (std::size_t k = 0; k < K; ++k) {
    summary.final_alpha.push_back(alpha_t[k].back());
    summary.final_success.push_back(success[k]);
  }
  const auto finish = [&](const char* status) {
    ManifestInfo info;
    info.command = opts.command;
    info.scenario_file = scenario.file();
    info.scenario_hash = scenario.hash();
    info.seed = w.seed;
    info.mode = w.mode;
    info.device = w.learner_spec.device;
    info.threads = w.threads;
    info.curve_sources = curve_sources;
    info.training_batch = training_batch_size(w);
    info.start = start;
    info.end = std::chrono::system_clock::now();
    info.status = status;
    write_manifest(opts.out_dir, info);
    return summary;
  };
  if (summary.stopped) return finish("stopped");

  // The first round each collective's participation reached its critical mass (and the band's two ends).
  const auto crossing = [&](const std::vector<double>& a, double level) {
    if (std::isnan(level)) return -1L;
    const auto c = analysis::first_crossing(a, level);
    return c ? static_cast<long>(*c) : -1L;
  };
  for (std::size_t k = 0; k < K; ++k) {
    summary.crossed_round.push_back(crossing(alpha_t[k], summary.critical_mass[k]));
    summary.crossed_round_lower.push_back(crossing(alpha_t[k], summary.critical_mass_lower[k]));
    summary.crossed_round_upper.push_back(crossing(alpha_t[k], summary.critical_mass_upper[k]));
  }
  if (summary.converged_round < 0)
    if (auto p = analysis::detect_period(alpha_t, 20, 20, tol)) summary.period = static_cast<long>(*p);

  if (!tables.empty()) {
    summary.equilibria = equilibria(w, curves, epsilon, names);
    util::CsvWriter csv(opts.out_dir / "equilibria.csv", {"collective", "alpha", "slope", "stability", "tipping_point"});
    for (const auto& e : summary.equilibria)
      csv.row({e.collective, util::format_number(e.alpha), util::format_number(e.slope), e.stability,
               e.tipping_point ? "true" : "false"});
    csv.commit();
  }

  // Constructiveness at the final participation: i's success with j present against i alone (Karan et al.).
  std::optional<analysis::Constructiveness> ct;
  std::string ct_source;
  analysis::PairwiseSuccess pw;
  if (K > 1 && (joint || (w.mode == "learned" && !measured.empty()))) {
    pw.alone.assign(K, 0.0);
    pw.with.size = K;
    pw.with.data.assign(K * K, std::numeric_limits<double>::quiet_NaN());
    std::vector<double> fa(K);
    for (std::size_t k = 0; k < K; ++k) fa[k] = alpha_t[k].back();
    if (joint) {
      ct_source = "joint response curve at the final participation";
      for (std::size_t i = 0; i < 2; ++i) {
        std::vector<double> alone = fa;
        alone[1 - i] = 0.0;
        pw.alone[i] = joint_success(i, alone);
        pw.with(i, 1 - i) = joint_success(i, fa);
      }
    } else {
      // Fresh fits on the final membership with the other collectives' members reporting honestly: K alone and
      // K(K−1)/2 pairwise trainings, each on its own stream.
      ct_source = "fresh trainings on the final membership (others' members honest)";
      const auto keep_only = [&](std::int32_t x, std::int32_t y) {
        std::vector<std::int32_t> m = measured;
        for (auto& c : m)
          if (c != x && c != y) c = agents::no_collective;
        return m;
      };
      std::vector<TrainingTask> tasks;
      std::vector<std::pair<std::size_t, std::size_t>> pairs;
      for (std::size_t i = 0; i < K; ++i) pairs.emplace_back(i, i);
      for (std::size_t i = 0; i < K; ++i)
        for (std::size_t j = i + 1; j < K; ++j) pairs.emplace_back(i, j);
      for (std::size_t p = 0; p < pairs.size(); ++p)
        tasks.push_back({keep_only(static_cast<std::int32_t>(pairs[p].first), static_cast<std::int32_t>(pairs[p].second)),
                         static_cast<std::uint64_t>(t), util::make_stream(w.seed, "constructiveness", p)});
      const std::vector<PlatformOutcome> o = train_independently(w, std::move(tasks));
      for (std::size_t p = 0; p < pairs.size(); ++p) {
        const auto [i, j] = pairs[p];
        if (i == j) {
          pw.alone[i] = o[p].success[i].estimate;
        } else {
          pw.with(i, j) = o[p].success[i].estimate;
          pw.with(j, i) = o[p].success[j].estimate;
        }
      }
    }
    ct = analysis::constructiveness(pw);
    util::CsvWriter csv(opts.out_dir / "constructiveness.csv",
                        {"collective", "other", "success_with_other", "success_alone", "constructiveness", "relative"});
    for (std::size_t i = 0; i < K; ++i)
      for (std::size_t j = 0; j < K; ++j)
        if (i != j)
          csv.row({names[i], names[j], util::format_number(pw.with(i, j)), util::format_number(pw.alone[i]),
                   util::format_number(ct->raw(i, j)), util::format_number(ct->normalised(i, j))});
    csv.commit();
  }

  // Two collectives on a joint curve: fixed points of the joint map (α_1, α_2) ↦ shares choosing each collective
  // when both plan with S_k(α_1, α_2). The agents' map takes one curve per collective evaluated at α_k, so each
  // evaluation hands it constant curves holding the joint values.
  std::vector<analysis::FixedPoint2> joint_eq;
  if (joint) {
    const auto F = [&](const analysis::Point2& a) {
      const std::vector<double> av{a[0], a[1]};
      std::vector<agents::SuccessCurve> flat(2);
      for (std::size_t k = 0; k < 2; ++k) {
        const double v = joint_success(k, av);
        flat[k].values = {v, v};
      }
      const auto p = agents::join_probability(w.population, *w.dynamics, flat, av, epsilon, w.threads);
      return analysis::Point2{p[0], p[1]};
    };
    analysis::FixedPoint2Options fo;
    fo.hi = joint->mean[0].alphas1.back();  // no equilibrium is claimed beyond the largest α measured
    fo.grid = 40;
    // A finite population's map moves in steps of 1/N: a zero up to about one agent's step is a fixed point.
    fo.residual = 1.5 / static_cast<double>(w.population.size()) + 1e-9;
    fo.merge = 0.01;  // within that tolerance Newton stops anywhere along a short segment: report it once
    joint_eq = analysis::find_fixed_points_2d(F, fo);
    for (const auto& e : joint_eq) summary.joint_equilibria.push_back({e.alpha[0], e.alpha[1], analysis::to_string(e.stability)});
    util::CsvWriter csv(opts.out_dir / "equilibria_joint.csv",
                        {"alpha_1", "alpha_2", "stability", "eigen_modulus_1", "eigen_modulus_2", "complex"});
    for (const auto& e : joint_eq)
      csv.row({util::format_number(e.alpha[0]), util::format_number(e.alpha[1]), analysis::to_string(e.stability),
               util::format_number(e.eigen_modulus[0]), util::format_number(e.eigen_modulus[1]),
               e.complex_eigenvalues ? "true" : "false"});
    csv.commit();
  }

  util::JsonObject js;
  js.add("mode", w.mode);
  js.add("success_model", success_model);
  js.add("rounds", static_cast<std::int64_t>(summary.rounds));
  js.add_raw("collectives", json_strings(names));
  js.add_raw("final_alpha", json_array(summary.final_alpha));
  js.add_raw("final_success", json_array(summary.final_success));
  js.add("target_success", target);
  js.add_raw("critical_mass", json_array(summary.critical_mass));
  js.add_raw("critical_mass_lower", json_array(summary.critical_mass_lower));
  js.add_raw("critical_mass_upper", json_array(summary.critical_mass_upper));
  const auto rounds_json = [](const std::vector<long>& v) {
    std::string s = "[";
    for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + (v[i] < 0 ? std::string("null") : std::to_string(v[i]));
    return s + "]";
  };
  // null: never crossed (or no α* known, as in learned mode).
  js.add_raw("critical_crossing_round", rounds_json(summary.crossed_round));
  js.add_raw("critical_crossing_round_band", "[" + rounds_json(summary.crossed_round_lower) + ", " +
                                                 rounds_json(summary.crossed_round_upper) + "]");
  js.add("converged_round", static_cast<std::int64_t>(summary.converged_round));
  js.add("period", static_cast<std::int64_t>(summary.period));
  if (privacy.is_private) {
    util::JsonObject pj;
    pj.add("epsilon", privacy.epsilon).add("delta", privacy.delta).add("noise_multiplier", privacy.noise_multiplier);
    pj.add("clip", privacy.clip).add("sample_rate", privacy.sample_rate).add("steps", privacy.steps);
    pj.add("accountant", privacy.accountant).add("epsilon_holds", privacy.epsilon_holds);
    js.add("privacy", pj);
  }
  if (joint) {
    std::string arr = "[";
    for (std::size_t i = 0; i < joint_eq.size(); ++i) {
      util::JsonObject e;
      e.add_raw("alpha", json_array({joint_eq[i].alpha[0], joint_eq[i].alpha[1]}));
      e.add("stability", analysis::to_string(joint_eq[i].stability));
      arr += (i ? ", " : "") + e.str(0);
    }
    js.add_raw("joint_equilibria", arr + "]");
  }
  if (ct) {
    util::JsonObject cj;
    cj.add("source", ct_source);
    cj.add("definition", "raw[i][j] = S_i with j present - S_i alone; relative = raw / S_i alone (null when undefined)");
    const auto matrix = [&](const analysis::SquareMatrix& m) {
      std::string s = "[";
      for (std::size_t i = 0; i < K; ++i) {
        std::vector<double> row(K);
        for (std::size_t j = 0; j < K; ++j) row[j] = m(i, j);
        s += (i ? ", " : "") + json_array(row);
      }
      return s + "]";
    };
    cj.add_raw("success_alone", json_array(pw.alone));
    cj.add_raw("success_with", matrix(pw.with));
    cj.add_raw("raw", matrix(ct->raw));
    cj.add_raw("relative", matrix(ct->normalised));
    js.add("constructiveness", cj);
  }
  util::write_file_atomic(opts.out_dir / "summary.json", js.str() + "\n");

  return finish("complete");
}

}  // namespace aca::sim
