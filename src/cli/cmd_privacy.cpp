// acasim privacy: the DP-SGD accountant on its own, for analysts who want ε for given (q, σ, T, δ) or the σ
// that meets a target ε.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <limits>
#include <string>

#include "cli/options.hpp"
#include "learn/accountant.hpp"
#include "learn/prv_accountant.hpp"
#include "util/json_writer.hpp"

namespace aca::cli {

namespace {

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

int bad(const std::string& what) {
  std::cerr << "acasim privacy: " << what << "\n";
  return Exit::usage_error;
}

}  // namespace

int cmd_privacy(const Args& args) {
  namespace po = boost::program_options;
  const char* usage =
      "usage: acasim privacy --sample-rate Q --noise-multiplier S --steps T --delta D [--accountant rdp|prv] [--json]\n"
      "       acasim privacy --sample-rate Q --steps T --delta D --target-epsilon E [--accountant rdp|prv] [--json]";
  po::options_description visible("options");
  visible.add_options()("help,h", "show this help")(
      "sample-rate", po::value<double>(), "Poisson sampling rate q = expected batch / N, 0 < q ≤ 1")(
      "noise-multiplier", po::value<double>(), "σ: noise std as a multiple of the clipping norm, σ > 0")(
      "steps", po::value<std::int64_t>(), "number of DP-SGD steps T ≥ 1")(
      "delta", po::value<double>(), "δ of the (ε, δ) guarantee, 0 < δ < 1")(
      "target-epsilon", po::value<double>(), "print the σ that reaches this ε (> 0, or inf: non-private, σ = 0) instead of ε")(
      "accountant", po::value<std::string>()->default_value("rdp"), "privacy accountant: rdp (Rényi DP, as Opacus RDPAccountant) or prv (numerical composition, tighter; as Opacus PRVAccountant with eps_error 0.01)")(
      "json", "print one JSON object");
  po::options_description hidden;
  po::positional_options_description pos;
  po::variables_map vm;
  if (auto code = parse(args, usage, visible, hidden, pos, vm)) return *code;

  for (const char* need : {"sample-rate", "steps", "delta"})
    if (!vm.count(need)) return bad(std::string("--") + need + " is required\n" + usage);
  const bool calibrate = vm.count("target-epsilon") > 0;
  if (calibrate == (vm.count("noise-multiplier") > 0))
    return bad("give exactly one of --noise-multiplier and --target-epsilon\n" + std::string(usage));
  const std::string accountant = vm["accountant"].as<std::string>();
  if (accountant != "rdp" && accountant != "prv")
    return bad("--accountant " + accountant + " is not available: allowed values: rdp, prv");

  const double q = vm["sample-rate"].as<double>();
  const double delta = vm["delta"].as<double>();
  const std::int64_t steps = vm["steps"].as<std::int64_t>();
  if (!(q > 0 && q <= 1)) return bad("--sample-rate " + num(q) + " is out of range: allowed 0 < q ≤ 1");
  if (!(delta > 0 && delta < 1))
    return bad("--delta " + num(delta) + " is out of range: allowed 0 < δ < 1");
  if (steps < 1) return bad("--steps " + std::to_string(steps) + " is out of range: allowed steps ≥ 1");

  const bool prv = accountant == "prv";
  double sigma = 0;
  if (calibrate) {
    const double target = vm["target-epsilon"].as<double>();
    if (!(target > 0))
      return bad("--target-epsilon " + num(target) + " is out of range: allowed ε > 0, or inf");
    try {
      sigma = prv && q < 1 ? learn::prv_noise_multiplier_for(target, delta, q, steps)
                  : learn::noise_multiplier_for(target, delta, q, steps);
    } catch (const std::invalid_argument& e) {
      std::cerr << "acasim privacy: " << e.what() << "\n";
      return Exit::runtime_failure;
    }
  } else {
    sigma = vm["noise-multiplier"].as<double>();
    if (!(sigma > 0 && std::isfinite(sigma)))
      return bad("--noise-multiplier " + num(sigma) + " is out of range: allowed σ > 0");
  }
  // PRV needs 0 < q < 1; at q = 1 there is no sampling to account for and RDP is exact, so it answers.
  learn::EpsilonAtOrder e;
  if (sigma == 0) {
    e = {std::numeric_limits<double>::infinity(), std::numeric_limits<double>::quiet_NaN()};  // no noise: ε = ∞
  } else if (prv && q < 1) {
    e.epsilon = learn::prv_epsilon({{q, sigma, steps}}, delta).upper;
  } else {
    e = learn::rdp_epsilon(q, sigma, steps, delta);
  }
  const bool has_order = !prv || q >= 1;

  if (vm.count("json")) {
    util::JsonObject o;
    // JSON has no infinity, and null would read as "unknown": ε = ∞ is written as the string "inf".
    if (std::isinf(e.epsilon))
      o.add("epsilon", std::string("inf"));
    else
      o.add("epsilon", e.epsilon);
    o.add("delta", delta).add("noise_multiplier", sigma).add("sample_rate", q);
    o.add("steps", steps).add("accountant", has_order ? std::string("rdp") : accountant);
    if (has_order) o.add("order", e.order);
    if (calibrate && std::isinf(vm["target-epsilon"].as<double>()))
      o.add("target_epsilon", std::string("inf"));
    else if (calibrate)
      o.add("target_epsilon", vm["target-epsilon"].as<double>());
    std::cout << o.str(0) << "\n";
    return Exit::ok;
  }
  if (calibrate)
    std::printf("noise_multiplier = %.6g   (gives epsilon = %.6g ≤ target %.6g)\n", sigma, e.epsilon,
                vm["target-epsilon"].as<double>());
  else
    std::printf("epsilon = %.6g\n", e.epsilon);
  std::printf("delta = %.6g, sample_rate = %.6g, steps = %lld, accountant = %s", delta, q,
              static_cast<long long>(steps), has_order ? "rdp" : accountant.c_str());
  if (sigma == 0)
    std::printf(", no noise: non-private training (ε = ∞)\n");
  else if (has_order)
    std::printf(", best RDP order = %.6g\n", e.order);
  else
    std::printf(" (upper bound, eps_error 0.01)\n");
  return Exit::ok;
}

}  // namespace aca::cli
